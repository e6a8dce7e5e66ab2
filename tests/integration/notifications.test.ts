import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../shared/ipc/contract'
import type { DesktopNotifier } from '../../electron/core/notifications/notification-center'
import type { DesktopNotification } from '../../electron/core/notifications/notification-policy'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startFlakyProxy } from '../support/flaky-proxy'
import { apiAs, call, until, useCoreHarness } from '../support/core-harness'
import { useTempDir } from '../support/temp-dir'

class RecordingNotifier implements DesktopNotifier {
  shown: DesktopNotification[] = []
  unread: number[] = []
  show(notification: DesktopNotification): void {
    this.shown.push(notification)
  }
  showUnread(count: number): void {
    this.unread.push(count)
  }
}

describe('notifications and deep links: core against the real help center', () => {
  const tempDir = useTempDir('support-notify-')
  const { helpCenter, signedInCore, cleanups } = useCoreHarness()

  async function setUp() {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const proxy = await startFlakyProxy(server.url, { faultRate: 0, seed: 7 })
    cleanups.push(() => proxy.close())
    const notifier = new RecordingNotifier()
    const events: { event: EventName; payload: unknown }[] = []
    const core = await signedInCore(join(dir, 'app'), proxy.url, DEMO_ACCOUNTS.customer, {
      notifier,
      onEvent: <E extends EventName>(event: E, payload: EventPayload<E>) => void events.push({ event, payload }),
    })
    const engineer = await apiAs(server.url, DEMO_ACCOUNTS.engineer)
    const reply = (ticketId: string, body: string) =>
      engineer.client.request(`/tickets/${ticketId}/replies`, {
        method: 'POST',
        body: { body, visibility: 'public' },
        accessToken: engineer.token,
      })
    return { core, notifier, events, proxy, reply }
  }

  async function myOpenTickets(core: Awaited<ReturnType<typeof setUp>>['core']) {
    const { tickets } = await call(core, 'tickets.list', { status: 'open', limit: 500 })
    return tickets.filter((ticket) => ticket.requesterName === DEMO_ACCOUNTS.customer.name)
  }

  it('stays quiet about history, notifies one engineer reply once, and never the user’s own reply', async () => {
    const { core, notifier, reply } = await setUp()
    expect(notifier.shown).toEqual([])
    const [ticket] = await myOpenTickets(core)
    await reply(ticket!.id, 'The hot region is split; latency is back to normal.')
    await until(async () => notifier.shown.length > 0 && notifier.shown, 'the reply notification')
    expect(notifier.shown).toEqual([
      expect.objectContaining({ title: `New reply on ${ticket!.key}: ${ticket!.summary}`, target: { to: 'ticket', ticketId: ticket!.id } }),
    ])
    expect(notifier.unread.at(-1)).toBeGreaterThan(0)

    await call(core, 'tickets.comment', { ticketId: ticket!.id, body: 'Thanks, confirmed on our side.' })
    await call(core, 'sync.now', {})
    await call(core, 'sync.now', {})
    expect(notifier.shown).toHaveLength(1)
  })

  it('summarises replies that pile up while offline into one notification', async () => {
    const { core, notifier, proxy, reply } = await setUp()
    const tickets = (await myOpenTickets(core)).slice(0, 3)
    expect(tickets).toHaveLength(3)
    proxy.setFaultRate(1)
    await call(core, 'sync.now', {})
    for (let round = 0; round < 4; round++) for (const ticket of tickets) await reply(ticket.id, `Update ${round} from support`)
    proxy.setFaultRate(0)
    await until(async () => (await call(core, 'sync.now', {})).phase === 'idle' && notifier.shown.length > 0, 'the summary')
    expect(notifier.shown).toEqual([expect.objectContaining({ title: '12 new replies on 3 tickets', target: { to: 'tickets' } })])
  })

  it('opens deep links to known tickets, and refuses malformed ones without navigating', async () => {
    const { core, events } = await setUp()
    const [ticket] = await myOpenTickets(core)
    core.openDeepLink(`tidbcloud-support://ticket/${ticket!.key}`)
    core.openDeepLink('tidbcloud-support://new?org=org-sakura&kind=technical')
    core.openDeepLink('tidbcloud-support://ticket/DROP TABLE')
    core.openDeepLink('tidbcloud-support://ticket/SUP-999999')
    expect(events.filter(({ event }) => event === 'app.navigate' || event === 'app.notice')).toEqual([
      { event: 'app.navigate', payload: { to: 'ticket', ticketId: ticket!.id } },
      { event: 'app.navigate', payload: { to: 'new-ticket', kind: 'technical', organizationId: 'org-sakura' } },
      { event: 'app.notice', payload: { level: 'error', message: expect.stringContaining('could not be opened') } },
      { event: 'app.navigate', payload: { to: 'tickets', search: 'SUP-999999' } },
      { event: 'app.notice', payload: { level: 'info', message: expect.stringContaining('SUP-999999') } },
    ])
  })
})
