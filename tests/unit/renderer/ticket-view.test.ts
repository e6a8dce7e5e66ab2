// @vitest-environment happy-dom
import './dom-purify-compat'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { comment, createFakeBridge, fail, ok, renderApp, signedIn, syncStatus, ticket } from './harness'
import { attachment, base64Of, conversation, historyEntry, seeEverythingInView } from './ticket-fixtures'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
  seeEverythingInView()
})

afterEach(() => {
  vi.restoreAllMocks()
})

const path = `/tickets/${ticket().id}`

function conversationBridge(overrides: Parameters<typeof createFakeBridge>[0] = {}) {
  return createFakeBridge({
    'session.get': () => ok(signedIn()),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 1 }),
    'tickets.get': () => ok(conversation({
      ticket: ticket({ unread: true, assigneeName: 'Kenji Sato' }),
      comments: [
        comment({ body: 'Please run `SHOW PROCESSLIST` <img src="https://evil.example/p.png" onerror="alert(1)"> and see [the docs](https://docs.pingcap.com) or [this](javascript:alert(2))' }),
        comment({ id: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', authorId: 'user-1', authorName: 'Aiko Tanaka', authorRole: 'customer', body: 'Done, **attached**.', syncState: 'pending' }),
      ],
    })),
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

    expect(fake.invocations).toContainEqual({
      command: 'tickets.comment',
      input: { ticketId: ticket().id, body: 'Logs are in the **bucket**', attachments: [] },
    })
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
      'tickets.get': () => ok(conversation({ ticket: ticket({ key: null, syncState: 'failed', syncError: 'Technical tickets need a paid plan' }) })),
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
      'tickets.get': () => ok(conversation({ comments: engineerReplied ? [comment()] : [] })),
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

describe('ticket screen: files', () => {
  const reply = comment()
  const ownerLog = attachment()
  const pdLog = attachment({ id: '4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b', fileName: 'pd.log', size: 812, syncState: 'pending' })
  const dashboard = attachment({
    id: '6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d',
    commentId: reply.id,
    fileName: 'grafana.png',
    contentType: 'image/png',
    size: 2_400_000,
    uploaderId: 'eng-1',
    uploaderName: 'Kenji Sato',
  })
  const topology = attachment({
    id: '7b8c9d0e-1f2a-4b3c-9d4e-5f6a7b8c9d0e',
    commentId: reply.id,
    fileName: 'topology.svg',
    contentType: 'image/svg+xml',
    size: 3_100,
    uploaderId: 'eng-1',
    uploaderName: 'Kenji Sato',
  })
  const files = [ownerLog, pdLog, dashboard, topology]
  const bytes: Record<string, string> = { [ownerLog.id]: 'owner elected', [dashboard.id]: 'PNG', [topology.id]: '<svg onload="alert(1)"/>' }

  function filesBridge(overrides: Parameters<typeof createFakeBridge>[0] = {}) {
    return conversationBridge({
      'tickets.get': () => ok(conversation({ comments: [reply], attachments: files })),
      'attachments.content': ({ attachmentId }) => {
        const file = files.find(({ id }) => id === attachmentId)!
        return ok({ ...file, contentBase64: base64Of(bytes[attachmentId] ?? '') })
      },
      ...overrides,
    })
  }

  const names = (selector: string) => [...document.querySelectorAll(`${selector} [data-testid="attachment-name"]`)].map((name) => name.textContent)

  it('lists files under the description and under their reply, with thumbnails for raster images only', async () => {
    const fake = filesBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })
    await flushPromises()

    expect(names('[data-testid="ticket-description-body"]')).toEqual(['cdc-owner.log', 'pd.log'])
    expect(names('[data-testid="comment"]')).toEqual(['grafana.png', 'topology.svg'])

    const [owner, pd] = wrapper.get('[data-testid="ticket-description-body"]').findAll('[data-testid="attachment"]')
    expect(owner!.text()).toContain('47.1 KB · by Aiko Tanaka')
    expect(owner!.find('[data-testid="sync-pending"]').exists()).toBe(false)
    expect(pd!.get('[data-testid="sync-pending"]').text()).toBe('Pending')

    const thumbnails = wrapper.findAll('[data-testid="attachment-thumbnail"]')
    expect(thumbnails).toHaveLength(1)
    expect(thumbnails[0]!.attributes('src')).toBe(`data:image/png;base64,${base64Of('PNG')}`)
    // Only the picture is fetched ahead of a Save; the SVG is a file like any other.
    expect(fake.invocations.filter(({ command }) => command === 'attachments.content')).toEqual([
      { command: 'attachments.content', input: { attachmentId: dashboard.id } },
    ])
    expect(document.body.innerHTML).not.toContain('onload')
  })

  it('saves a file through attachments.content and a blob URL it revokes afterwards', async () => {
    const fake = filesBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:support/owner-log')
    const revokeObjectURL = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const downloads: { href: string, download: string }[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download })
    })
    vi.useFakeTimers({ toFake: ['setTimeout'] })

    try {
      await wrapper.get('[data-testid="attachment-save"]').trigger('click')
      await flushPromises()

      expect(fake.invocations).toContainEqual({ command: 'attachments.content', input: { attachmentId: ownerLog.id } })
      const blob = createObjectURL.mock.calls[0]![0] as Blob
      expect(await blob.text()).toBe('owner elected')
      expect(downloads).toEqual([{ href: 'blob:support/owner-log', download: 'cdc-owner.log' }])
      expect(revokeObjectURL).not.toHaveBeenCalled()

      vi.runAllTimers()
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:support/owner-log')
    } finally {
      vi.useRealTimers()
    }
  })

  it('says so when a file is not on this computer and the help center cannot be reached', async () => {
    const fake = filesBridge({ 'attachments.content': () => fail('unreachable', 'help.example.com did not answer') })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    await wrapper.get('[data-testid="attachment-save"]').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-testid="attachment-error"]').text())
      .toBe('cdc-owner.log is not on this computer yet. Connect to the help center to download it.')
    expect(wrapper.text()).toContain('No preview available')
  })

  it('attaches a pasted screenshot to the reply and sends it with tickets.comment', async () => {
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

    const clipboard = new DataTransfer()
    clipboard.items.add(new File(['PNG pixels'], 'image.png', { type: 'image/png' }))
    const reply = wrapper.get('[data-testid="reply-body"]')
    reply.element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }))
    await flushPromises()

    const chip = wrapper.get('[data-testid="attachment-chip"]')
    expect(chip.text()).toMatch(/^Screenshot \d{4}-\d{2}-\d{2} \d{2}\.\d{2}\.\d{2}\.png\s*10 B/)
    expect(chip.get('[data-testid="attachment-remove"]').attributes('aria-label')).toMatch(/^Remove Screenshot /)

    await reply.setValue('The lag on the dashboard')
    await reply.trigger('keydown', { key: 'Enter', metaKey: true })
    await flushPromises()

    const sent = fake.invocations.find(({ command }) => command === 'tickets.comment')
    expect(sent?.input).toEqual({
      ticketId: ticket().id,
      body: 'The lag on the dashboard',
      attachments: [{ fileName: expect.stringMatching(/^Screenshot .+\.png$/), contentType: 'image/png', contentBase64: base64Of('PNG pixels') }],
    })
    expect(wrapper.find('[data-testid="attachment-chip"]').exists()).toBe(false)
    // The reply's files come back with the conversation.
    expect(fake.commands().filter((command) => command === 'tickets.get')).toHaveLength(2)
  })

  it('refuses a file over 10 MB dropped on the reply box, before reading it', async () => {
    const fake = conversationBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })
    const read = vi.spyOn(Blob.prototype, 'arrayBuffer')

    const dropped = new DataTransfer()
    dropped.items.add(new File([new Uint8Array(Math.round(14.2 * 1024 * 1024))], 'trace.log', { type: 'text/plain' }))
    wrapper.get('.ticket-reply-box').element.dispatchEvent(Object.assign(new Event('drop', { bubbles: true, cancelable: true }), { dataTransfer: dropped }))
    await flushPromises()

    expect(wrapper.get('[data-testid="attachment-problems"]').text()).toBe('trace.log is 14.2 MB; each file can be at most 10.0 MB')
    expect(wrapper.find('[data-testid="attachment-chip"]').exists()).toBe(false)
    expect(read).not.toHaveBeenCalled()
  })
})

describe('ticket screen: history', () => {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
  const emi = { actorId: 'eng-2', actorName: 'Emi Sato', actorRole: 'engineer' as const }

  it('shows who changed the status, severity and assignee, oldest first', async () => {
    const history = [
      historyEntry({ at: hoursAgo(3) }),
      historyEntry({ id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', field: 'assignee', from: null, to: 'Emi Sato', at: hoursAgo(2.5), ...emi }),
      historyEntry({
        id: 'b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
        field: 'severity',
        from: 'S3',
        to: 'S2',
        reason: 'Payments fail in production',
        at: hoursAgo(2.2),
        ...emi,
      }),
      historyEntry({ id: 'c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e7f', from: 'waiting_for_support', to: 'waiting_for_customer', at: hoursAgo(2), ...emi }),
    ]
    const fake = conversationBridge({ 'tickets.get': () => ok(conversation({ history })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    const entries = wrapper.findAll('[data-testid="history-entry"]')
    expect(entries.map((entry) => entry.text())).toEqual([
      'Filed · Waiting for support · 3 hours ago',
      'Emi Sato assigned the ticket to Emi Sato · 3 hours ago',
      'Emi Sato changed severity from S3 to S2 · 2 hours agoPayments fail in production',
      'Emi Sato changed status to Waiting for you · 2 hours ago',
    ])
    expect(entries[2]!.get('[data-testid="history-reason"]').text()).toBe('Payments fail in production')
    expect(wrapper.find('[data-testid="history-toggle"]').exists()).toBe(false)
  })

  it('collapses a long history to the latest changes', async () => {
    const statuses = ['waiting_for_support', 'waiting_for_customer'] as const
    const history = Array.from({ length: 8 }, (_, index) => historyEntry({
      id: `d4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f7${index}`,
      from: index === 0 ? null : statuses[(index + 1) % 2]!,
      to: statuses[index % 2]!,
      at: hoursAgo(10 - index),
    }))
    const fake = conversationBridge({ 'tickets.get': () => ok(conversation({ history })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    expect(wrapper.findAll('[data-testid="history-entry"]')).toHaveLength(5)
    expect(wrapper.get('[data-testid="history-entry"]').text()).toContain('7 hours ago')
    const toggle = wrapper.get('[data-testid="history-toggle"]')
    expect(toggle.text()).toBe('Show 3 earlier changes')
    expect(toggle.attributes('aria-expanded')).toBe('false')

    await toggle.trigger('click')

    expect(wrapper.findAll('[data-testid="history-entry"]')).toHaveLength(8)
    expect(wrapper.get('[data-testid="history-entry"]').text()).toContain('Filed · Waiting for support')
    expect(toggle.attributes('aria-expanded')).toBe('true')
  })

  it('speaks Japanese', async () => {
    const fake = conversationBridge({ 'tickets.get': () => ok(conversation({ history: [historyEntry()] })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path, locale: 'ja' })

    expect(wrapper.get('[data-testid="history-entry"]').text()).toBe('起票 · サポートの対応待ち · 3 時間前')
  })
})

describe('ticket screen: closed tickets', () => {
  const closed = ticket({ key: 'SUP-1003', status: 'closed' })

  it('offers a follow-up instead of the reply box, prefilled from the closed ticket', async () => {
    const fake = conversationBridge({
      'tickets.get': () => ok(conversation({ ticket: closed })),
      'drafts.get': () => ok(null),
      'drafts.save': (input) => ok({ ...input, savedAt: new Date().toISOString() }),
      'tickets.similar': () => ok({ tickets: [] }),
    })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path })

    expect(wrapper.get('[data-testid="ticket-closed"]').text())
      .toContain('This ticket is closed. File a follow-up ticket if you still need help.')
    expect(wrapper.find('[data-testid="reply-body"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="ticket-reopen"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="ticket-close"]').exists()).toBe(false)

    await wrapper.get('[data-testid="ticket-follow-up"]').trigger('click')
    await flushPromises()

    expect(router.currentRoute.value.name).toBe('new-ticket')
    expect(router.currentRoute.value.query).toEqual({ followUp: closed.id })
    expect(wrapper.get('[data-testid="follow-up-of"]').text()).toBe('This ticket follows up on SUP-1003, which is closed.')
    expect(wrapper.get('[data-testid="kind-technical"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get<HTMLInputElement>('[data-testid="ticket-summary"]').element.value)
      .toBe('Follow-up to SUP-1003: Replication lag on payments-prod')
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="ticket-description"]').element.value)
      .toMatch(/^Following up on SUP-1003 \(Replication lag on payments-prod\), which is closed\.\n\n$/)
    expect(wrapper.get('[data-testid="ticket-organization"]').text()).toContain('Acme Payments')
    expect(wrapper.get('[data-testid="ticket-cluster"]').text()).toContain('payments-prod')
    expect(wrapper.get<HTMLInputElement>('[data-testid="severity-S2"] input').element.checked).toBe(true)
    expect(wrapper.get<HTMLInputElement>('[data-testid="environment-production"] input').element.checked).toBe(true)
    expect(wrapper.get('[data-testid="ticket-component"]').text()).toContain('TiCDC')
    expect(wrapper.get<HTMLInputElement>('[data-testid="ticket-version"]').element.value).toBe('v8.5.1')
    // The follow-up replaces the form rather than mixing with the kind's draft, and is not saved until edited.
    expect(fake.commands()).not.toContain('drafts.get')
    expect(fake.commands()).not.toContain('drafts.save')
  })

  it('catches up when a reply is refused because support closed the ticket meanwhile', async () => {
    let closedMeanwhile = false
    const fake = conversationBridge({
      'tickets.get': () => ok(conversation({ ticket: closedMeanwhile ? closed : ticket({ status: 'resolved' }) })),
      'tickets.comment': () => {
        closedMeanwhile = true
        return fail('ticket_closed', 'SUP-1003 is closed: file a follow-up ticket')
      },
    })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path })

    await wrapper.get('[data-testid="reply-body"]').setValue('It happened again')
    await wrapper.get('form.ticket-reply-box').trigger('submit')
    await flushPromises()

    expect(wrapper.find('[data-testid="ticket-closed"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="reply-body"]').exists()).toBe(false)
  })
})
