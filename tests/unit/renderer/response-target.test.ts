// @vitest-environment happy-dom
import type { Severity, SupportPlanId } from '../../../shared/domain/support-plan'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { useResponseTarget } from '../../../renderer/composables/useResponseTarget'
import { createSupportI18n } from '../../../renderer/modules/i18n'
import { useSessionStore } from '../../../renderer/stores/session'
import { createSupportClient, supportClientKey } from '../../../renderer/support-client'
import { createFakeBridge, fail, ok, signedIn, signedOut } from './harness'
import { planCatalog } from './plan-fixtures'

beforeEach(() => {
  localStorage.clear()
})

/** A component that shows the promise useResponseTarget makes for one plan and severity. */
const TargetPromise = defineComponent({
  props: { plan: { type: String, required: true }, severity: { type: String, required: true } },
  setup(props) {
    const { describeTarget } = useResponseTarget()
    return () => h('p', describeTarget(props.plan as SupportPlanId, props.severity as Severity).promise)
  },
})

async function renderPromise(fake: ReturnType<typeof createFakeBridge>, plan: SupportPlanId, severity: Severity) {
  const pinia = createPinia()
  const wrapper = mount(TargetPromise, {
    props: { plan, severity },
    global: { plugins: [pinia, createSupportI18n('en')], provide: { [supportClientKey]: createSupportClient(fake.bridge) } },
  })
  await useSessionStore(pinia).load()
  await flushPromises()
  return wrapper
}

describe('response target promise', () => {
  it('comes from the catalog the help center serves', async () => {
    const catalog = planCatalog((plans) => {
      plans.enterprise.responseTargets.S1 = { hours: 3, businessHours: false }
      plans.developer.responseTargets.S3 = { hours: 10, businessHours: true }
    })
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()), 'plans.catalog': () => ok(catalog) })

    expect((await renderPromise(fake, 'enterprise', 'S1')).text()).toBe('First response within 3 hours (24x7)')
    expect((await renderPromise(fake, 'developer', 'S3')).text()).toBe(
      'First response within 10 business hours (9:00–18:00 Mon–Fri, your time)',
    )
    expect((await renderPromise(fake, 'basic', 'S2')).text()).toBe('No response target on the Basic plan')
  })

  it('says it is loading rather than guessing while the catalog is on its way', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()) })
    let release = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const answer = fake.bridge.invoke
    fake.bridge.invoke = async (command, input) => {
      if (command === 'plans.catalog') await held
      return answer(command, input)
    }

    const wrapper = await renderPromise(fake, 'enterprise', 'S1')
    expect(wrapper.text()).toBe('Loading the response targets…')

    release()
    await flushPromises()
    expect(wrapper.text()).toBe('First response within 1 hour (24x7)')
  })

  it('says the targets are unavailable when the catalog cannot be had', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedIn()), 'plans.catalog': () => fail('incompatible_cache', 'No catalog yet') })

    expect((await renderPromise(fake, 'enterprise', 'S1')).text()).toBe('Response targets are unavailable until the plan catalog loads')
  })

  it('fetches the catalog as soon as someone signs in', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(signedOut()) })
    const wrapper = await renderPromise(fake, 'premium', 'S1')
    expect(fake.commands()).not.toContain('plans.catalog')
    expect(wrapper.text()).toBe('Loading the response targets…')

    fake.emit('session.changed', signedIn())
    await flushPromises()

    expect(fake.commands()).toContain('plans.catalog')
    expect(wrapper.text()).toBe('First response within 30 minutes (24x7)')
  })
})
