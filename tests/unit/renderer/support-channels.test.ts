// @vitest-environment happy-dom
import './fixed-layout'
import type { Organization } from '../../../shared/schemas/account'
import type { OrganizationPlan } from '../../../shared/schemas/plan'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createFakeBridge, ok, organization, renderApp, signedIn } from './harness'
import { organizationPlan, planCatalog, responseStats } from './plan-fixtures'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof renderApp>>['wrapper']

async function renderChannels(acme: Partial<Organization>, plan: Partial<OrganizationPlan>, locale: 'en' | 'ja' = 'en') {
  const fake = createFakeBridge({
    'session.get': () => ok(signedIn({
      profile: {
        user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
        organizations: [organization(acme)],
      },
    })),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
    'plans.organization': () => ok({ plan: organizationPlan({ plan: acme.supportPlan, ...plan }), offline: false }),
    'plans.responseStats': () => ok(responseStats()),
  })
  const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan', locale })
  return wrapper.get('[data-testid="support-channels"]')
}

const available = (panel: ReturnType<Wrapper['get']>, testId: string) => panel.get(`[data-testid="${testId}"]`).attributes('data-available')

describe('support channels', () => {
  it('points a Basic organization to billing tickets and the community, with links from the catalog', async () => {
    const panel = await renderChannels({ supportPlan: 'basic' }, { paymentMethod: null })
    const links = planCatalog().links

    expect(available(panel, 'channel-ticket-account_billing')).toBe('true')
    expect(available(panel, 'channel-ticket-technical')).toBe('false')
    expect(panel.get('[data-testid="channel-ticket-technical"]').text()).toContain('Not on Basic')
    expect(panel.get('[data-testid="channel-ticket-account_billing"] a').attributes('href')).toContain('kind=account_billing')

    for (const key of ['slack', 'discord', 'tidbAi', 'docs', 'faq'] as const) {
      const link = panel.get(`[data-testid="channel-${key}"] a`)
      expect([link.attributes('href'), link.attributes('target'), link.attributes('rel')]).toEqual([links[key], '_blank', 'noopener noreferrer'])
    }
    expect(available(panel, 'channel-knowledgeBase')).toBe('false')
    expect(panel.get('[data-testid="channel-knowledgeBase"]').find('a').exists()).toBe(false)
    expect(panel.get('[data-testid="channel-knowledgeBase"]').text()).toContain('From Developer')

    expect(available(panel, 'channel-imSupport')).toBe('false')
    expect(panel.get('[data-testid="channel-imSupport"]').text()).toContain('From Enterprise')
    expect(available(panel, 'channel-slackInteraction')).toBe('false')
    expect(panel.get('[data-testid="channel-slackInteraction"]').text()).toContain('From Premium')
    expect(available(panel, 'channel-clinic')).toBe('false')
    expect(available(panel, 'channel-technicalAccountManager')).toBe('false')
    expect(panel.find('[data-testid="channel-tam"]').exists()).toBe(false)
    expect(panel.find('[data-testid="channel-on-request"]').exists()).toBe(false)
  })

  it('shows a Premium organization everything, the on-request channels and its TAM', async () => {
    const panel = await renderChannels(
      { supportPlan: 'premium' },
      { technicalAccountManager: { name: 'Mei Lin', email: 'mei.lin@pingcap.example' } },
    )

    expect(available(panel, 'channel-ticket-technical')).toBe('true')
    expect(panel.get('[data-testid="channel-knowledgeBase"] a').attributes('href')).toBe(planCatalog().links.knowledgeBase)
    for (const key of ['imSupport', 'slackInteraction', 'clinic', 'technicalAccountManager']) {
      expect(available(panel, `channel-${key}`)).toBe('true')
    }
    for (const feature of ['aiChatInIm', 'imAlertSubscription', 'imTicketSubscription']) {
      expect(available(panel, `channel-im-${feature}`)).toBe('true')
    }
    const onRequest = panel.findAll('[data-testid="channel-on-request"]')
    expect(onRequest).toHaveLength(2)
    expect(onRequest[0]!.text()).toContain('Available on request')
    expect(onRequest[0]!.text()).toContain('Technical Account Manager (TAM)')
    expect(panel.get('[data-testid="channel-clinic"]').text()).toContain('for Dedicated clusters only')
    expect(panel.get('[data-testid="channel-clinic-clusters"]').text()).toBe('This organization has a Dedicated cluster: payments-prod')

    const tam = panel.get('[data-testid="channel-tam"]')
    expect(tam.text()).toContain('Mei Lin')
    expect(tam.get('a').attributes('href')).toBe('mailto:mei.lin@pingcap.example')
  })

  it('tells an Enterprise organization without a Dedicated cluster that Clinic will not see it', async () => {
    const panel = await renderChannels({ supportPlan: 'enterprise', clusters: [] }, {})

    expect(available(panel, 'channel-clinic')).toBe('true')
    expect(panel.get('[data-testid="channel-clinic-clusters"]').text()).toBe('This organization has no Dedicated cluster yet.')
    expect(available(panel, 'channel-slackInteraction')).toBe('false')
    expect(available(panel, 'channel-technicalAccountManager')).toBe('false')
    expect(panel.findAll('[data-testid="channel-on-request"]')).toHaveLength(1)
  })

  it('speaks Japanese, with the seed\'s "available on request" wording', async () => {
    const panel = await renderChannels({ supportPlan: 'premium' }, { technicalAccountManager: null }, 'ja')

    expect(panel.text()).toContain('サポートチャネル')
    expect(panel.get('[data-testid="channel-on-request"]').text()).toContain('リクエストに応じてご利用いただけます')
    expect(panel.get('[data-testid="channel-tam"]').text()).toBe('まだ割り当てられていません')
  })
})
