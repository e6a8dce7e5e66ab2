import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SupportBridge } from '../../../shared/ipc/contract'
import { ipcChannel } from '../../../shared/ipc/contract'

type EventListener = (event: unknown, message: { event: string; payload: unknown }) => void

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  listeners: new Set<(event: unknown, message: { event: string; payload: unknown }) => void>(),
  invoked: [] as { channel: string; input: unknown }[],
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    on: (_channel: string, listener: EventListener) => electron.listeners.add(listener),
    removeListener: (_channel: string, listener: EventListener) => electron.listeners.delete(listener),
    invoke: async (channel: string, input: unknown) => {
      electron.invoked.push({ channel, input })
      return { ok: true, value: {} }
    },
  },
}))

/** What the main process sends over the event channel, to every listener the preload registered. */
function send(event: string, payload: unknown) {
  for (const listener of [...electron.listeners]) listener({}, { event, payload })
}

async function loadPreload(): Promise<SupportBridge> {
  vi.resetModules()
  electron.exposed.clear()
  electron.listeners.clear()
  electron.invoked.length = 0
  await import('../../../electron/preload/index')
  return electron.exposed.get('support') as SupportBridge
}

describe('the preload bridge', () => {
  let support: SupportBridge
  beforeEach(async () => {
    support = await loadPreload()
  })

  it('exposes one window.support object, sending commands on their own channel and refusing unknown ones', async () => {
    expect([...electron.exposed.keys()]).toEqual(['support'])
    await support.invoke('tickets.list', {})
    expect(electron.invoked).toEqual([{ channel: ipcChannel.command('tickets.list'), input: {} }])
    expect(await support.invoke('no.such' as 'tickets.list', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(electron.invoked).toHaveLength(1)
  })

  it('keeps notices sent before the page listens, and hands them to its first listener once', () => {
    send('app.notice', { level: 'error', message: 'That link could not be opened' })
    send('tickets.changed', { ticketIds: [] })

    const notices: unknown[] = []
    const changes: unknown[] = []
    const stopNotices = support.on('app.notice', (notice) => notices.push(notice))
    support.on('tickets.changed', (change) => changes.push(change))
    expect(notices).toEqual([{ level: 'error', message: 'That link could not be opened' }])
    expect(changes).toEqual([])

    send('app.notice', { level: 'info', message: 'Offline copy rebuilt' })
    expect(notices).toHaveLength(2)
    support.on('app.notice', () => {
      throw new Error('a second listener gets no replay')
    })
    stopNotices()
  })

  it('stops forwarding to a listener that unsubscribed', () => {
    const changes: unknown[] = []
    const stop = support.on('tickets.changed', (change) => changes.push(change))
    send('tickets.changed', { ticketIds: ['a'] })
    stop()
    send('tickets.changed', { ticketIds: ['b'] })
    expect(changes).toEqual([{ ticketIds: ['a'] }])
  })
})
