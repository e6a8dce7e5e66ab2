// @vitest-environment happy-dom
import './dom-purify-compat'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { comment, createFakeBridge, ok, renderApp, signedIn, syncStatus, ticket } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

const path = `/tickets/${ticket().id}`

function conversationBridge(overrides: Parameters<typeof createFakeBridge>[0] = {}) {
  return createFakeBridge({
    'session.get': () => ok(signedIn()),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 1 }),
    'tickets.get': () => ok({
      ticket: ticket({ unread: true, assigneeName: 'Kenji Sato' }),
      comments: [
        comment({ body: 'Please run `SHOW PROCESSLIST` <img src="https://evil.example/p.png" onerror="alert(1)"> and see [the docs](https://docs.pingcap.com) or [this](javascript:alert(2))' }),
        comment({ id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', authorId: 'user-1', authorName: 'Aiko Tanaka', authorRole: 'customer', body: 'Done, **attached**.', syncState: 'pending' }),
      ],
    }),
    'tickets.markRead': () => ok({ unreadTotal: 0 }),
    ...overrides,
  })
}

describe('ticket screen', () => {
  it('shows the fields, the countdown and the conversation with sanitised Markdown, and marks it read', async () => {
    const fake = conversationBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    expect(fake.invocations).toContainEqual({ command: 'tickets.markRead', input: { ticketId: ticket().id } })
    expect(wrapper.get('[data-testid="ticket-key"]').text()).toBe('SUP-1042')
    expect(wrapper.text()).toContain('Major impact on production operations.')
    expect(wrapper.text()).toContain('payments-prod')
    expect(wrapper.text()).toContain('TiCDC')
    expect(wrapper.text()).toContain('Kenji Sato')
    expect(wrapper.get('[data-testid="response-countdown"]').text()).toBe('First response: Due in 1h 30m')
    expect(wrapper.get('.ticket-view__description-body strong').text()).toBe('40 minutes')

    const comments = wrapper.findAll('[data-testid="comment"]')
    expect(comments).toHaveLength(2)
    expect(comments[0]!.text()).toContain('Support engineer')
    const body = comments[0]!.get('[data-testid="comment-body"]')
    expect(body.find('code').text()).toBe('SHOW PROCESSLIST')
    expect(body.find('img').exists()).toBe(false)
    expect(body.find('[onerror], [src]').exists()).toBe(false)
    expect(body.findAll('a')).toHaveLength(1)
    expect(body.html()).not.toContain('javascript:')
    expect(body.get('a').attributes()).toMatchObject({ href: 'https://docs.pingcap.com', target: '_blank', rel: 'noopener noreferrer' })
    expect(comments[1]!.text()).not.toContain('Support engineer')
    expect(comments[1]!.get('[data-testid="sync-pending"]').text()).toBe('Pending')
  })

  it('sends a reply with Ctrl+Enter through tickets.comment', async () => {
    const fake = conversationBridge({
      'tickets.comment': (input) => ok(comment({
        id: '9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
        authorName: 'Aiko Tanaka',
        authorRole: 'customer',
        body: input.body,
        syncState: 'pending',
      })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    const reply = wrapper.get('[data-testid="reply-body"]')
    await reply.setValue('Logs are in the **bucket**')
    await reply.trigger('keydown', { key: 'Enter', ctrlKey: true })
    await flushPromises()

    expect(fake.invocations).toContainEqual({ command: 'tickets.comment', input: { ticketId: ticket().id, body: 'Logs are in the **bucket**' } })
    const comments = wrapper.findAll('[data-testid="comment"]')
    expect(comments).toHaveLength(3)
    expect(comments[2]!.get('[data-testid="comment-body"] strong').text()).toBe('bucket')
    expect((reply.element as HTMLTextAreaElement).value).toBe('')
  })

  it('closes an open ticket', async () => {
    const fake = conversationBridge({ 'tickets.setStatus': () => ok(ticket({ status: 'resolved' })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    await wrapper.get('[data-testid="ticket-close"]').trigger('click')
    await flushPromises()

    expect(fake.invocations).toContainEqual({ command: 'tickets.setStatus', input: { ticketId: ticket().id, status: 'resolved' } })
    expect(wrapper.get('[data-testid="ticket-status"]').text()).toBe('Resolved')
    expect(wrapper.find('[data-testid="ticket-reopen"]').exists()).toBe(true)
  })

  it('offers Retry for a ticket the help center refused', async () => {
    const fake = conversationBridge({
      'tickets.get': () => ok({ ticket: ticket({ key: null, syncState: 'failed', syncError: 'Technical tickets need a paid plan' }), comments: [] }),
      'outbox.retry': () => ok(syncStatus({ pendingMutations: 1 })),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    expect(wrapper.get('[data-testid="ticket-sync-error"]').text()).toContain('Technical tickets need a paid plan')
    await wrapper.get('[data-testid="ticket-retry"]').trigger('click')
    await flushPromises()

    expect(fake.invocations).toContainEqual({ command: 'outbox.retry', input: { entityId: ticket().id } })
  })

  it('reloads when the core reports a change to this ticket', async () => {
    let engineerReplied = false
    const fake = conversationBridge({
      'tickets.get': () => ok({ ticket: ticket(), comments: engineerReplied ? [comment()] : [] }),
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })
    expect(wrapper.findAll('[data-testid="comment"]')).toHaveLength(0)

    engineerReplied = true
    fake.emit('tickets.changed', { ticketIds: ['another-ticket'] })
    fake.emit('tickets.changed', { ticketIds: [ticket().id] })
    await new Promise((resolve) => setTimeout(resolve, 200))
    await flushPromises()

    expect(wrapper.findAll('[data-testid="comment"]')).toHaveLength(1)
  })
})
