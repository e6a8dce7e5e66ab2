// @vitest-environment happy-dom
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { useSessionStore } from '../../../renderer/stores/session'
import { createFakeBridge, ok, organization, renderApp, signedIn } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

const twoOrganizations = signedIn({
  profile: {
    user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
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
  })

  it('says so when the organization has no clusters', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn({
        profile: {
          user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
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
  })
})
