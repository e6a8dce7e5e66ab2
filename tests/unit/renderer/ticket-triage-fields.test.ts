// @vitest-environment happy-dom
import './dom-purify-compat'
import { enableAutoUnmount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { comment, createFakeBridge, ok, renderApp, signedIn, ticket } from './harness'
import { conversation, historyEntry, seeEverythingInView } from './ticket-fixtures'
import { tamSession } from './triage-fixtures'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
  seeEverythingInView()
})

const path = `/tickets/${ticket().id}`

function bridgeFor(session: typeof tamSession, answer: ReturnType<typeof conversation>) {
  return createFakeBridge({
    'session.get': () => ok(session),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
    'tickets.get': () => ok(answer),
    'tickets.markRead': () => ok({ unreadTotal: 0 }),
  })
}

describe('ticket screen, triage fields', () => {
  it('shows support the priority, the labels, and internal notes marked as such', async () => {
    const fake = bridgeFor(tamSession, conversation({
      ticket: ticket({ priority: 'urgent', labels: ['hot-region', 'upgrade-8-5'] }),
      comments: [
        comment(),
        comment({
          id: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f',
          authorId: 'tam-1',
          authorName: 'Taro Yamada',
          authorRole: 'tam',
          body: 'Customer escalated through their account team.',
          visibility: 'internal',
        }),
      ],
      history: [historyEntry({ field: 'priority', from: null, to: 'urgent', actorName: 'Taro Yamada', actorRole: 'tam' })],
    }))
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    expect(wrapper.text()).toContain('PriorityUrgent')
    expect(wrapper.get('[data-testid="ticket-labels"]').text()).toBe('hot-regionupgrade-8-5')
    const [reply, note] = wrapper.findAll('[data-testid="comment"]')
    expect(reply!.find('[data-testid="comment-internal"]').exists()).toBe(false)
    expect(note!.classes()).toContain('ticket-comment--internal')
    expect(note!.get('[data-testid="comment-internal"]').text()).toBe('Internal note')
    expect(note!.text()).toContain('Never shown to the customer')
    expect(wrapper.get('[data-testid="ticket-history"]').text()).toContain('Taro Yamada set the priority to Urgent')
  })

  it('shows a customer no triage rows when the ticket has none', async () => {
    const fake = bridgeFor(signedIn(), conversation())
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    expect(wrapper.text()).not.toContain('Priority')
    expect(wrapper.find('[data-testid="ticket-labels"]').exists()).toBe(false)
  })
})
