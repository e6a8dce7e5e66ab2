// @vitest-environment happy-dom
import './dom-purify-compat'
import './fixed-layout'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { comment, createFakeBridge, ok, organization, renderApp, signedIn, ticket } from './harness'
import { organizationPlan, responseStats } from './plan-fixtures'
import { conversation, seeEverythingInView } from './ticket-fixtures'
import type { OrganizationPlan } from '../../../shared/schemas/plan'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
  seeEverythingInView()
})

const THREAD = 'https://helix-logistics.slack.com/archives/C0HELIXSUP/p1772441000000100'
const REPLY = 'https://helix-logistics.slack.com/archives/C0HELIXSUP/p1772442200000100'

describe('tickets and comments from Slack', () => {
  it('say where they came from, with a link to the Slack message; the rest reads as any other', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
      'tickets.get': () =>
        ok(conversation({
          ticket: ticket({ source: 'slack', slackPermalink: THREAD }),
          comments: [
            comment({ body: 'Please send the TiKV logs.', source: 'desktop' }),
            comment({
              id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
              authorId: 'user-1',
              authorName: 'Aiko Tanaka',
              authorRole: 'customer',
              body: 'Logs are in the bucket.',
              source: 'slack',
              slackPermalink: REPLY,
            }),
          ],
        })),
      'tickets.markRead': () => ok({ unreadTotal: 0 }),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: `/tickets/${ticket().id}` })

    const description = wrapper.get('[data-testid="ticket-description-body"]')
    expect(description.get('[data-testid="slack-origin"]').text()).toBe('From Slack · Open in Slack')
    expect(description.get('[data-testid="slack-open"]').attributes()).toMatchObject({ href: THREAD, target: '_blank', rel: 'noopener noreferrer' })

    const [fromDesk, fromSlack] = wrapper.findAll('[data-testid="comment"]')
    expect(fromDesk!.find('[data-testid="slack-origin"]').exists()).toBe(false)
    expect(fromSlack!.get('[data-testid="slack-open"]').attributes('href')).toBe(REPLY)
    expect(fromSlack!.get('[data-testid="comment-body"]').text()).toBe('Logs are in the bucket.')
    expect(wrapper.find('[data-testid="reply-body"]').exists()).toBe(true)
  })

  it('and in Japanese', async () => {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn()),
      'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
      'tickets.get': () => ok(conversation({ ticket: ticket({ source: 'slack', slackPermalink: THREAD }), comments: [] })),
      'tickets.markRead': () => ok({ unreadTotal: 0 }),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: `/tickets/${ticket().id}`, locale: 'ja' })
    expect(wrapper.get('[data-testid="slack-origin"]').text()).toBe('Slack から · Slack で開く')
  })
})

describe('the channels panel', () => {
  async function slackLine(slack: OrganizationPlan['slack'], supportPlan: 'enterprise' | 'basic' = 'enterprise') {
    const fake = createFakeBridge({
      'session.get': () => ok(signedIn({
        profile: {
          user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
          organizations: [organization({ supportPlan })],
        },
      })),
      'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
      'plans.organization': () => ok({ plan: organizationPlan({ plan: supportPlan, slack }), offline: false }),
      'plans.responseStats': () => ok(responseStats()),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/plan' })
    return wrapper.get('[data-testid="support-channels"]').find('[data-testid="channel-slack-link"]')
  }

  it('shows the linked channel', async () => {
    const line = await slackLine({
      linked: true,
      workspaceName: 'Acme',
      channelId: 'C0ACMESUP',
      channelName: 'acme-support',
      linkedAt: '2026-03-01T09:00:00.000Z',
    })
    expect([line.text(), line.attributes('data-linked')]).toEqual(['Slack: linked to #acme-support in Acme', 'true'])
  })

  it('says when Slack is not linked yet', async () => {
    const line = await slackLine({ linked: false })
    expect([line.text(), line.attributes('data-linked')]).toEqual(['Slack is not linked to a channel yet.', 'false'])
  })

  it('says nothing on a plan without IM support', async () => {
    expect((await slackLine({ linked: false }, 'basic')).exists()).toBe(false)
  })

  it('says nothing when the help center does not report Slack', async () => {
    expect((await slackLine(undefined)).exists()).toBe(false)
  })
})
