// @vitest-environment happy-dom
import './fixed-layout'
import type { SupportPlanId } from '../../../shared/domain/support-plan'
import type { Organization } from '../../../shared/schemas/account'
import type { OrganizationPlan } from '../../../shared/schemas/plan'
import type { FakeAnswers } from './harness'
import { DOMWrapper, enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cardSchema } from '../../../shared/schemas/plan'
import { useSessionStore } from '../../../renderer/stores/session'
import { createFakeBridge, fail, ok, organization, renderApp, signedIn } from './harness'
import { organizationPlan, planCatalog, responseStats } from './plan-fixtures'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof renderApp>>['wrapper']

const aiko = { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' as const }

const twoOrganizations = signedIn({
  profile: {
    user: aiko,
    organizations: [
      organization(),
      organization({
        id: 'org-kite',
        name: 'Kite Logistics',
        supportPlan: 'premium',
        role: 'member',
        clusters: [{
          id: 'cl-9',
          organizationId: 'org-kite',
          name: 'kite-analytics',
          tier: 'essential',
          cloudProvider: 'azure',
          region: 'eastus',
          tidbVersion: 'v8.5.0',
        }],
      }),
    ],
  },
})

interface PlanSetup {
  plan?: SupportPlanId
  role?: Organization['role']
  organizationPlan?: Partial<OrganizationPlan>
  offline?: boolean
  answers?: FakeAnswers
}

/**
 * Acme on `plan`, with a help center that remembers plan changes: the organization's plan answers
 * with whatever the last upgrade, downgrade or sales request left behind.
 */
function planBridge({ plan = 'basic', role = 'owner', organizationPlan: overrides = {}, offline = false, answers = {} }: PlanSetup = {}) {
  let current = organizationPlan({
    plan,
    paymentMethod: plan === 'basic' ? null : { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2028 },
    canChangePlan: role === 'owner',
    ...overrides,
  })
  const session = signedIn({
    profile: { user: aiko, organizations: [organization({ supportPlan: plan, role })] },
    ...(offline ? { connection: 'offline' as const, offlineReason: 'help.example.com did not answer' } : {}),
  })
  const fake = createFakeBridge({
    'session.get': () => ok(session),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
    'plans.organization': () => ok({ plan: current, offline }),
    'plans.responseStats': () => ok(responseStats()),
    'plans.upgrade': (input) => {
      current = { ...current, plan: input.plan, paymentMethod: { brand: 'visa', last4: String(input.card.number).slice(-4), expMonth: 1, expYear: 2030 } }
      return ok(current)
    },
    'plans.downgrade': (input) => {
      current = { ...current, plan: input.plan }
      return ok(current)
    },
    'plans.contactSales': () => {
      current = { ...current, salesRequestedAt: '2026-02-03T04:05:06Z' }
      return ok(current)
    },
    ...answers,
  })
  return fake
}

const text = (testId: string) => document.querySelector(`[data-testid="${testId}"]`)?.textContent?.trim() ?? ''
const exists = (testId: string) => document.querySelector(`[data-testid="${testId}"]`) !== null

async function click(testId: string) {
  const element = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  if (!element) throw new Error(`Nothing to click at ${testId}`)
  element.click()
  await flushPromises()
}

async function type(testId: string, value: string) {
  const element = document.querySelector<HTMLInputElement>(`[data-testid="${testId}"]`)
  if (!element) throw new Error(`No input ${testId}`)
  await new DOMWrapper(element).setValue(value)
}

/** The message beside a field of a dialog's form. */
function feedbackFor(testId: string) {
  const item = document.querySelector(`[data-testid="${testId}"]`)?.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback-wrapper')?.textContent?.trim() ?? ''
}

const nextYear = String(new Date().getFullYear() + 3)

async function fillCard(number: string) {
  await type('card-holderName', 'Aiko Tanaka')
  await type('card-number', number)
  await type('card-expMonth', '9')
  await type('card-expYear', nextYear)
  await type('card-cvc', '123')
}

const dialogOpen = (testId: string) => {
  const dialog = document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
  return dialog !== null && dialog.style.display !== 'none'
}

const actionLabels = (wrapper: Wrapper) =>
  Object.fromEntries(wrapper.findAll('[data-testid^="plan-action-"]').map((button) => [button.attributes('data-testid'), button.text()]))

describe('plan screen', () => {
  it('lists the selected organization\'s plan and clusters', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(twoOrganizations) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="plan-organization-name"]').text()).toBe('Acme Payments')
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Enterprise')
    expect(wrapper.text()).toContain('since March 1, 2025')
    expect(wrapper.text()).toContain('Your role: Owner')
    const rows = wrapper.findAll('[data-testid="cluster-row"]')
    expect(rows.map((row) => row.text())).toEqual([
      expect.stringMatching(/payments-prod.*Dedicated.*AWS · ap-northeast-1.*v8\.5\.1/),
      expect.stringMatching(/payments-staging.*Serverless.*Google Cloud · us-central1.*v8\.1\.2/),
    ])
  })

  it('follows the organization switch', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(twoOrganizations) })
    const { wrapper, pinia } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    useSessionStore(pinia).selectOrganization('org-kite')
    await flushPromises()

    expect(wrapper.get('[data-testid="plan-organization-name"]').text()).toBe('Kite Logistics')
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Premium')
    expect(wrapper.text()).toContain('Your role: Member')
    const rows = wrapper.findAll('[data-testid="cluster-row"]')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.text()).toContain('kite-analytics')
    expect(fake.invocations).toContainEqual({ command: 'plans.organization', input: { organizationId: 'org-kite' } })
  })

  it('says so when the organization has no clusters', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn({
        profile: {
          user: aiko,
          organizations: [organization({ supportPlan: 'basic', clusters: [] })],
        },
      })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Basic')
    expect(wrapper.find('[data-testid="cluster-row"]').exists()).toBe(false)
    expect(wrapper.text()).toContain('This organization has no clusters yet.')
  })

  it('shows the plan in Japanese', async () => {
    const fake = createFakeBridge({ 'session.get': () => ok(twoOrganizations) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan', locale: 'ja' })

    expect(wrapper.text()).toContain('2025年3月1日から')
    expect(wrapper.text()).toContain('あなたのロール: オーナー')
    expect(wrapper.get('[data-testid="nav-plan"]').text()).toBe('プラン')
    expect(wrapper.get('[data-testid="status-connection"]').text()).toBe('オンライン')
    expect(wrapper.get('[data-testid="target-S1-enterprise"]').text()).toBe('1 時間')
    expect(wrapper.get('[data-testid="target-S1-developer"]').text()).toBe('4 営業時間')
  })

  it('shows the current plan with its trial, card on file, inclusions and targets', async () => {
    const fake = planBridge({
      plan: 'developer',
      organizationPlan: {
        trialEndsAt: '2026-04-01T00:00:00Z',
        paymentMethod: { brand: 'visa', last4: '4242', expMonth: 12, expYear: 2028 },
        history: [
          { id: 'ch-1', from: 'basic', to: 'developer', kind: 'trial_started', actorName: 'Aiko Tanaka', at: '2026-03-01T09:00:00Z' },
        ],
      },
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    const card = wrapper.get('[data-testid="current-plan-card"]')
    expect(card.text()).toContain('Developer')
    expect(wrapper.get('[data-testid="current-plan-trial"]').text()).toBe('Free trial ends on April 1, 2026')
    expect(wrapper.get('[data-testid="current-plan-card-on-file"]').text()).toBe('Card on file: Visa ···· 4242, expires 12/2028')
    expect(wrapper.get('[data-testid="current-plan-includes"]').text()).toContain('Technical support tickets')
    expect(wrapper.get('[data-testid="current-plan-targets"]').findAll('dd').map((target) => target.text())).toEqual([
      '4 business hours',
      '8 business hours',
      '12 business hours',
      '24 business hours',
    ])
    expect(wrapper.findAll('[data-testid="plan-history-item"]').map((item) => item.text())).toEqual([
      expect.stringContaining('Aiko Tanaka started the Developer free trial'),
    ])
  })
})

describe('plan comparison', () => {
  it('compares the four plans from the catalog, with the current one marked', async () => {
    // Targets that no constant holds: the screen must draw them from the served catalog.
    const catalog = planCatalog((plans) => {
      plans.enterprise.responseTargets.S1 = { hours: 3, businessHours: false }
      plans.developer.responseTargets.S2 = { hours: 6, businessHours: true }
      plans.premium.responseTargets.S1 = { hours: 0.25, businessHours: false }
    })
    const fake = planBridge({ plan: 'enterprise', answers: { 'plans.catalog': () => ok(catalog) } })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    const columns = wrapper.findAll('[data-testid^="plan-column-"]')
    expect(columns.map((column) => column.find('.plan-comparison__name').text())).toEqual(['Basic', 'Developer', 'Enterprise', 'Premium'])
    expect(columns.map((column) => column.attributes('aria-current'))).toEqual([undefined, undefined, 'true', undefined])
    expect(wrapper.get('[data-testid="plan-column-enterprise"]').text()).toContain('Current plan')
    expect(wrapper.findAll('[data-testid="plan-current-marker"]')).toHaveLength(1)

    const target = (severity: string, plan: string) => wrapper.get(`[data-testid="target-${severity}-${plan}"]`).text()
    expect(target('S1', 'enterprise')).toBe('3 hours')
    expect(target('S2', 'developer')).toBe('6 business hours')
    expect(target('S1', 'premium')).toBe('15 minutes')
    expect(target('S2', 'premium')).toBe('1 hour')
    expect(target('S1', 'basic')).toBe('—')
    expect(wrapper.get('[data-testid="coverage-developer"]').text()).toBe('Business hours (9:00–18:00 Mon–Fri)')
    expect(wrapper.get('[data-testid="feature-technicalTickets-basic"]').text()).toBe('—Not included')
    expect(wrapper.get('[data-testid="feature-technicalAccountManager-premium"]').text()).toBe('✓Included')
  })

  it('offers an owner on Basic the upgrades and contact sales', async () => {
    const fake = planBridge({ plan: 'basic' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(actionLabels(wrapper)).toEqual({
      'plan-action-developer': 'Upgrade to Developer',
      'plan-action-enterprise': 'Upgrade to Enterprise',
      'plan-action-premium': 'Contact sales',
    })
    expect(exists('plan-actions-blocked')).toBe(false)
  })

  it('offers an owner on Enterprise every lower plan and contact sales', async () => {
    const fake = planBridge({ plan: 'enterprise' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(actionLabels(wrapper)).toEqual({
      'plan-action-basic': 'Downgrade to Basic',
      'plan-action-developer': 'Downgrade to Developer',
      'plan-action-premium': 'Contact sales',
    })
  })

  it('shows members the plans without any change action', async () => {
    const fake = planBridge({ plan: 'basic', role: 'member' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.findAll('[data-testid^="plan-action-"]')).toHaveLength(0)
    expect(wrapper.get('[data-testid="plan-owner-only"]').text()).toBe('Only organization owners can change the plan.')
    expect(wrapper.findAll('[data-testid^="plan-column-"]')).toHaveLength(4)
  })

  it('hides the actions from an owner the help center does not let change the plan', async () => {
    const fake = planBridge({ plan: 'basic', organizationPlan: { canChangePlan: false } })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.findAll('[data-testid^="plan-action-"]')).toHaveLength(0)
    expect(wrapper.text()).toContain('Only organization owners can change the plan.')
  })

  it('disables the actions with the reason when the plan is a last known copy', async () => {
    const fake = planBridge({ plan: 'basic', offline: true })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    const reason = wrapper.get('[data-testid="plan-actions-blocked"]')
    expect(reason.text()).toBe('Plan changes need a connection.')
    const buttons = wrapper.findAll('[data-testid^="plan-action-"]')
    expect(buttons).toHaveLength(3)
    for (const button of buttons) {
      expect(button.attributes('disabled')).toBeDefined()
      expect(button.attributes('aria-describedby')).toBe(reason.attributes('id'))
    }
    expect(wrapper.get('[data-testid="plan-offline-copy"]').text()).toContain('as last seen')

    await click('plan-action-developer')
    expect(dialogOpen('upgrade-dialog')).toBe(false)
  })

  it('disables the actions when the session is offline, and enables them once it is back', async () => {
    const fake = planBridge({ plan: 'basic' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    fake.emit('session.changed', signedIn({
      profile: { user: aiko, organizations: [organization({ supportPlan: 'basic' })] },
      connection: 'offline',
    }))
    await flushPromises()
    expect(wrapper.get('[data-testid="plan-actions-blocked"]').text()).toBe('Plan changes need a connection.')
    expect(wrapper.get('[data-testid="plan-action-developer"]').attributes('disabled')).toBeDefined()

    fake.emit('session.changed', signedIn({ profile: { user: aiko, organizations: [organization({ supportPlan: 'basic' })] } }))
    await flushPromises()
    expect(wrapper.find('[data-testid="plan-actions-blocked"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="plan-action-developer"]').attributes('disabled')).toBeUndefined()
  })

  it('says why the plan could not be loaded and tries again', async () => {
    let reachable = false
    const fake = planBridge({
      plan: 'basic',
      answers: {
        'plans.organization': () => (reachable
          ? ok({ plan: organizationPlan({ plan: 'basic', paymentMethod: null }), offline: false })
          : fail('not_found', 'No such organization')),
      },
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="plan-load-error"]').text()).toContain('No such organization')
    expect(wrapper.get('[data-testid="plan-actions-blocked"]').text()).toBe('Plan changes are unavailable until the plan details load.')

    reachable = true
    await wrapper.get('[data-testid="plan-load-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="plan-load-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="plan-action-developer"]').attributes('disabled')).toBeUndefined()
  })

  it('reloads the organization\'s plan when the profile says it changed elsewhere', async () => {
    const fake = planBridge({ plan: 'basic' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Basic')

    fake.answers['plans.organization'] = () => ok({
      plan: organizationPlan({ plan: 'premium', technicalAccountManager: { name: 'Mei Lin', email: 'mei.lin@pingcap.example' } }),
      offline: false,
    })
    fake.emit('session.changed', signedIn({ profile: { user: aiko, organizations: [organization({ supportPlan: 'premium' })] } }))
    await flushPromises()

    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Premium')
    expect(wrapper.get('[data-testid="channel-tam"]').text()).toContain('Mei Lin')
    expect(fake.commands().filter((command) => command === 'plans.organization')).toHaveLength(2)
  })
})

describe('upgrade by card', () => {
  it('groups the card number as it is typed and says what changes, trial included', async () => {
    const fake = planBridge({ plan: 'basic' })
    await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    expect(dialogOpen('upgrade-dialog')).toBe(true)
    expect(text('upgrade-summary')).toContain('Acme Payments moves from Basic to Developer as soon as the payment succeeds.')
    expect(text('upgrade-trial')).toBe('Developer starts with a one-month free trial.')

    await type('card-number', '4242424242424242')
    expect(document.querySelector<HTMLInputElement>('[data-testid="card-number"]')!.value).toBe('4242 4242 4242 4242')
    expect(text('card-brand')).toBe('Visa')
    await type('card-number', '378282246310005')
    expect(document.querySelector<HTMLInputElement>('[data-testid="card-number"]')!.value).toBe('3782 822463 10005')
    expect(text('card-brand')).toBe('American Express')
  })

  it('says nothing of a trial the organization has used', async () => {
    const fake = planBridge({
      plan: 'basic',
      organizationPlan: { history: [{ id: 'ch-1', from: 'basic', to: 'developer', kind: 'trial_started', actorName: 'Aiko Tanaka', at: '2025-01-01T00:00:00Z' }] },
    })
    await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    expect(text('upgrade-trial')).toBe('This organization has already used its free trial, so billing starts right away.')
  })

  it('refuses a mistyped card number in place without asking the help center', async () => {
    const fake = planBridge({ plan: 'basic' })
    await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    await fillCard('4242 4242 4242 4241')
    await click('upgrade-submit')

    const expected = cardSchema.safeParse({ holderName: 'A', number: '4242424242424241', expMonth: 9, expYear: Number(nextYear), cvc: '123' })
    expect(expected.success).toBe(false)
    expect(feedbackFor('card-number')).toBe(expected.error!.issues[0]!.message)
    expect(document.querySelector('[data-testid="card-number"]')!.getAttribute('aria-invalid')).toBe('true')
    expect(fake.commands()).not.toContain('plans.upgrade')
    expect(dialogOpen('upgrade-dialog')).toBe(true)
  })

  it('checks every field of the card before sending', async () => {
    const fake = planBridge({ plan: 'basic' })
    await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-enterprise')
    await click('upgrade-submit')

    expect(feedbackFor('card-holderName')).toBe('Enter the name on the card')
    expect(feedbackFor('card-expMonth')).toBe('Enter the expiry month')
    expect(feedbackFor('card-expYear')).toBe('Enter the expiry year')
    expect(feedbackFor('card-cvc')).toBe('The security code has 3 or 4 digits')
    expect(fake.commands()).not.toContain('plans.upgrade')
  })

  it('translates the card form\'s complaints in Japanese', async () => {
    const fake = planBridge({ plan: 'basic' })
    await renderApp({ bridge: fake.bridge, path: '/plan', locale: 'ja' })

    await click('plan-action-developer')
    await fillCard('4242 4242 4242 4241')
    await click('upgrade-submit')

    expect(feedbackFor('card-number')).toBe('このカード番号は正しくありません。入力ミスがないか確認してください')
    expect(text('upgrade-trial')).toBe('Developer は 1 か月の無料トライアルから始まります。')
  })

  it('upgrades with a valid card and shows the new plan', async () => {
    const fake = planBridge({ plan: 'basic' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    await fillCard('4242 4242 4242 4242')
    await click('upgrade-submit')

    expect(fake.invocations).toContainEqual({
      command: 'plans.upgrade',
      input: {
        organizationId: 'org-acme',
        plan: 'developer',
        card: { holderName: 'Aiko Tanaka', number: '4242424242424242', expMonth: 9, expYear: Number(nextYear), cvc: '123' },
      },
    })
    expect(dialogOpen('upgrade-dialog')).toBe(false)
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Developer')
    expect(wrapper.get('[data-testid="plan-column-developer"]').attributes('aria-current')).toBe('true')
    expect(document.body.textContent).toContain('Acme Payments is now on Developer.')
    expect(actionLabels(wrapper)).toEqual({
      'plan-action-basic': 'Downgrade to Basic',
      'plan-action-enterprise': 'Upgrade to Enterprise',
      'plan-action-premium': 'Contact sales',
    })
  })

  it('keeps the dialog open with the issuer\'s message when the card is declined', async () => {
    const fake = planBridge({
      plan: 'basic',
      answers: { 'plans.upgrade': () => fail('card_declined', 'Your card was declined: insufficient funds.') },
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    await fillCard('4000 0000 0000 0002')
    await click('upgrade-submit')

    expect(fake.commands()).toContain('plans.upgrade')
    expect(text('upgrade-error')).toBe('Your card was declined: insufficient funds.')
    expect(dialogOpen('upgrade-dialog')).toBe(true)
    expect(document.querySelector<HTMLInputElement>('[data-testid="card-holderName"]')!.value).toBe('Aiko Tanaka')
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Basic')
  })

  it('puts the help center\'s complaint about a card field beside the field', async () => {
    const fake = planBridge({
      plan: 'basic',
      answers: { 'plans.upgrade': () => fail('invalid_input', 'Invalid card', { fields: { 'card.cvc': 'The security code does not match' } }) },
    })
    await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    await fillCard('4242 4242 4242 4242')
    await click('upgrade-submit')

    expect(feedbackFor('card-cvc')).toBe('The security code does not match')
    expect(exists('upgrade-error')).toBe(false)
  })

  it('keeps what was typed when the connection drops, and says a connection is needed', async () => {
    const fake = planBridge({
      plan: 'basic',
      answers: { 'plans.upgrade': () => fail('unreachable', 'help.example.com did not answer') },
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    await fillCard('4242 4242 4242 4242')
    fake.emit('session.changed', signedIn({
      profile: { user: aiko, organizations: [organization({ supportPlan: 'basic' })] },
      connection: 'offline',
    }))
    await flushPromises()
    expect(dialogOpen('upgrade-dialog')).toBe(true)
    expect(document.querySelector<HTMLInputElement>('[data-testid="card-holderName"]')!.value).toBe('Aiko Tanaka')

    await click('upgrade-submit')
    expect(text('upgrade-error')).toBe('Plan changes need a connection.')
    expect(dialogOpen('upgrade-dialog')).toBe(true)
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Basic')
  })

  it('keeps the card number and security code out of every store, and forgets them on close', async () => {
    const fake = planBridge({
      plan: 'basic',
      answers: { 'plans.upgrade': () => fail('card_declined', 'Your card was declined.') },
    })
    const { pinia } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    await fillCard('4242 4242 4242 4242')
    await type('card-cvc', '987')
    await click('upgrade-submit')
    const state = () => JSON.stringify(pinia.state.value)
    expect(state()).not.toContain('4242424242424242')
    expect(state()).not.toContain('4242 4242 4242 4242')

    const cancel = [...document.querySelectorAll<HTMLButtonElement>('[data-testid="upgrade-dialog"] button')].find((button) => button.textContent?.trim() === 'Cancel')
    cancel!.click()
    await flushPromises()

    expect(dialogOpen('upgrade-dialog')).toBe(false)
    expect(state()).not.toContain('4242424242424242')
    expect(state()).not.toContain('4242 4242 4242 4242')
    expect(state()).not.toContain('987')
    expect(JSON.stringify(localStorage)).not.toContain('4242')

    await click('plan-action-developer')
    expect(document.querySelector<HTMLInputElement>('[data-testid="card-number"]')!.value).toBe('')
    expect(document.querySelector<HTMLInputElement>('[data-testid="card-cvc"]')!.value).toBe('')
    expect(exists('upgrade-error')).toBe(false)
  })
})

describe('contact sales', () => {
  it('prefills who is asking, sends the request and says sales will be in touch', async () => {
    const fake = planBridge({ plan: 'enterprise' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-premium')
    expect(document.querySelector<HTMLInputElement>('[data-testid="sales-name"]')!.value).toBe('Aiko Tanaka')
    expect(document.querySelector<HTMLInputElement>('[data-testid="sales-email"]')!.value).toBe('aiko@acme.example')
    expect(document.querySelector<HTMLInputElement>('[data-testid="sales-company"]')!.value).toBe('Acme Payments')

    await click('sales-submit')
    expect(feedbackFor('sales-message')).toBe('Tell sales what you need')
    expect(fake.commands()).not.toContain('plans.contactSales')

    await type('sales-phone', '+81 3-1234-5678')
    await type('sales-message', 'We need a TAM for our payments platform.')
    await click('sales-submit')

    expect(fake.invocations).toContainEqual({
      command: 'plans.contactSales',
      input: {
        organizationId: 'org-acme',
        name: 'Aiko Tanaka',
        email: 'aiko@acme.example',
        company: 'Acme Payments',
        phone: '+81 3-1234-5678',
        message: 'We need a TAM for our payments platform.',
      },
    })
    expect(text('sales-sent')).toContain('Sales will contact you')
    expect(text('sales-sent')).toContain('Request sent on February 3, 2026')
    expect(wrapper.get('[data-testid="sales-requested"]').text()).toBe('Sales request sent on February 3, 2026')
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Enterprise')
  })
})

describe('downgrade', () => {
  it('lists what Enterprise to Developer takes away before asking the help center', async () => {
    const fake = planBridge({ plan: 'enterprise' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-developer')
    expect(dialogOpen('downgrade-dialog')).toBe(true)
    const items = (testId: string) => [...document.querySelectorAll(`[data-testid="${testId}"]`)].map((item) => item.textContent?.trim())
    expect(items('lost-feature')).toEqual([
      'Clinic (advanced monitoring, Dedicated clusters only)',
      'AI chat in IM',
      'IM subscription for alerts',
      'IM ticket creation and update subscription',
    ])
    expect(items('lost-target')).toEqual([
      'S1 first response: 1 hour → 4 business hours',
      'S2 first response: 2 hours → 8 business hours',
      'S3 first response: 8 business hours → 12 business hours',
    ])
    expect(text('lost-coverage')).toBe('Coverage: 24x7 → Business hours (9:00–18:00 Mon–Fri)')
    expect(exists('downgrade-open-tickets')).toBe(false)
    expect(fake.commands()).not.toContain('plans.downgrade')

    await click('downgrade-confirm')

    expect(fake.invocations).toContainEqual({ command: 'plans.downgrade', input: { organizationId: 'org-acme', plan: 'developer' } })
    expect(dialogOpen('downgrade-dialog')).toBe(false)
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Developer')
  })

  it('says what happens to open technical tickets when going down to Basic', async () => {
    const fake = planBridge({ plan: 'developer' })
    await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-basic')
    expect(text('downgrade-open-tickets')).toBe(
      'Open technical tickets stay open and are answered under their current targets; new technical tickets need Developer or above.',
    )
    expect([...document.querySelectorAll('[data-testid="lost-target"]')].map((item) => item.textContent?.trim())).toEqual([
      'S1 first response: 4 business hours → no target',
      'S2 first response: 8 business hours → no target',
      'S3 first response: 12 business hours → no target',
      'S4 first response: 24 business hours → no target',
    ])
    expect(text('lost-coverage')).toBe('Coverage: Business hours (9:00–18:00 Mon–Fri) → none')
    expect([...document.querySelectorAll('[data-testid="lost-feature"]')].map((item) => item.textContent?.trim())).toEqual([
      'Technical support tickets',
      'Knowledge base',
    ])
  })

  it('keeps the dialog open with the reason when the help center refuses', async () => {
    const fake = planBridge({ plan: 'enterprise', answers: { 'plans.downgrade': () => fail('forbidden', 'Only owners can change the plan') } })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    await click('plan-action-basic')
    await click('downgrade-confirm')

    expect(text('downgrade-error')).toBe('Only owners can change the plan')
    expect(dialogOpen('downgrade-dialog')).toBe(true)
    expect(wrapper.get('[data-testid="plan-current-plan"]').text()).toBe('Enterprise')
  })
})

describe('response targets chart', () => {
  it('shows met, breached and pending per severity as a table', async () => {
    const fake = planBridge({
      plan: 'enterprise',
      answers: { 'plans.responseStats': () => ok(responseStats({ S1: { met: 2, breached: 1 }, S2: { met: 5, pending: 2 }, S4: { met: 1 } })) },
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="response-stats"]').text()).toContain('Response targets, last 90 days')
    const row = (severity: string) => wrapper.get(`[data-testid="response-stats-${severity}"]`).findAll('th, td').map((cell) => cell.text())
    expect(row('S1')).toEqual(['S1', '2', '1', '0'])
    expect(row('S2')).toEqual(['S2', '5', '0', '2'])
    expect(row('S3')).toEqual(['S3', '0', '0', '0'])
    expect(wrapper.get('[data-testid="response-stats-table"]').text()).not.toContain('No target')
  })

  it('says when there were no tickets, and counts again when tickets change', async () => {
    const fake = planBridge({ plan: 'developer' })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })

    expect(wrapper.get('[data-testid="response-stats-empty"]').text()).toContain('No tickets in the last 90 days.')

    fake.answers['plans.responseStats'] = () => ok(responseStats({ S3: { breached: 1, noTarget: 2 } }))
    fake.emit('tickets.changed', { ticketIds: ['t-1'] })
    await new Promise((resolve) => setTimeout(resolve, 600))
    await flushPromises()

    expect(wrapper.get('[data-testid="response-stats-S3"]').findAll('th, td').map((cell) => cell.text())).toEqual(['S3', '0', '1', '0', '2'])
  })
})
