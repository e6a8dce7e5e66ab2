import { describe, expect, it, vi } from 'vitest'
import { COMMAND_NAMES, type CommandHandlers, type CommandName } from '../../../shared/ipc/contract'
import { SupportError } from '../../../shared/schemas/error'
import { createCommandDispatcher } from '../../../electron/core/commands/command-dispatcher'
import { MemorySecretStore } from '../../../electron/core/secrets/secret-store'
import { createSupportCore } from '../../../electron/core/support-core'
import { snapshotFiles, useTempDir } from '../../support/temp-dir'

/** Payloads that break each command's schema; every command must appear here. */
const MALFORMED: Record<CommandName, unknown[]> = {
  'session.get': [{ extra: true }, 'text', 42, [1]],
  'session.signIn': [
    {},
    'text',
    { helpCenterUrl: 'ftp://help.example.com', email: 'aiko@example.com', password: 'x' },
    { helpCenterUrl: 'https://help.example.com', email: 'not-an-email', password: 'x' },
    { helpCenterUrl: 'https://help.example.com', email: 'aiko@example.com', password: '' },
    { helpCenterUrl: 'https://help.example.com', email: 'aiko@example.com', password: 7 },
  ],
  'session.useDemo': [{ extra: true }, 'text'],
  'session.refresh': [{ extra: true }, false],
  'session.signOut': [{ extra: true }, 0],
  'tickets.list': [{ status: 'pending' }, { limit: 100_000 }, { sort: 'random' }, { offset: -1 }, { severity: 'S9' }, 'text'],
  'tickets.get': [{}, { ticketId: 'SUP-1042' }, { ticketId: 42 }],
  'tickets.create': [
    {},
    { ticket: { kind: 'account_billing', summary: 'Invoice', description: 'Wrong VAT', severity: 'S1' } },
    { ticket: { kind: 'technical', summary: 'Down', description: 'Region unavailable', severity: 'S1' } },
    { ticket: { kind: 'phone_call', summary: 'x', description: 'y', severity: 'S2' } },
  ],
  'tickets.comment': [
    { ticketId: crypto.randomUUID(), body: '   ' },
    { ticketId: 'nope', body: 'Thanks' },
    { body: 'Thanks' },
    { ticketId: crypto.randomUUID(), body: 'Log', attachments: [{ fileName: '../../etc/passwd', contentType: 'text/plain', contentBase64: 'AAAA' }] },
    { ticketId: crypto.randomUUID(), body: 'Log', attachments: [{ fileName: 'a.log', contentType: 'text/plain', contentBase64: 'not base64!' }] },
    { ticketId: crypto.randomUUID(), body: 'Log', attachments: [{ fileName: 'empty.log', contentType: 'text/plain', contentBase64: '' }] },
    { ticketId: crypto.randomUUID(), body: 'Logs', attachments: Array.from({ length: 6 }, () => ({ fileName: 'a.log', contentType: 'text/plain', contentBase64: 'AAAA' })) },
  ],
  'tickets.setStatus': [{ ticketId: crypto.randomUUID(), status: 'closed' }, { ticketId: crypto.randomUUID() }],
  'tickets.markRead': [{}, { ticketId: null }],
  'tickets.similar': [{}, { text: 'x'.repeat(5_000) }],
  'drafts.get': [{}, { kind: 'sales' }],
  'drafts.save': [{ kind: 'technical' }, { kind: 'technical', fields: { summary: 7 } }],
  'drafts.discard': [{ kind: 'other' }],
  'outbox.retry': [{}, { entityId: 'x' }],
  'outbox.discard': [{ entityId: 3 }],
  'sync.status': [{ extra: true }],
  'sync.now': ['now'],
  'attachments.content': [{}, { attachmentId: 'diagnosis.txt' }],
  'plans.catalog': [{ plan: 'premium' }],
  'plans.organization': [{}, { organizationId: '' }, { organizationId: 'org-\ud800' }],
  'plans.upgrade': [
    { organizationId: 'org-pebble', plan: 'premium', card: { holderName: 'A', number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' } },
    { organizationId: 'org-pebble', plan: 'developer', card: { holderName: 'A', number: '4242424242424241', expMonth: 12, expYear: 2031, cvc: '123' } },
    { organizationId: 'org-pebble', plan: 'developer', card: { holderName: 'A', number: '4242424242424242', expMonth: 1, expYear: 2020, cvc: '123' } },
    { organizationId: 'org-pebble', plan: 'developer', card: { holderName: 'A', number: '4242424242424242', expMonth: 13, expYear: 2031, cvc: '12' } },
  ],
  'plans.downgrade': [{ organizationId: 'org-sakura', plan: 'premium' }, { organizationId: 'org-sakura' }],
  'plans.contactSales': [
    { organizationId: 'org-sakura', name: 'Aiko', email: 'not-an-email', company: 'Sakura', message: 'TAM please' },
    { organizationId: 'org-sakura', name: 'Aiko', email: 'aiko@example.com', company: 'Sakura', message: '' },
  ],
  'plans.responseStats': [{}, { organizationId: 7 }],
  'preferences.get': [{ closeToTray: true }],
  'preferences.update': [
    { closeToTray: 'yes' },
    { notifications: { minimumSeverity: 'S0' } },
    { notifications: { quietHours: { start: '25:00' } } },
    { notifications: { breachSeverities: ['S1', 'S2', 'S3', 'S4', 'S1'] } },
    { theme: 'dark' },
  ],
  'notifications.pause': [{}, { pause: 'forever' }],
  'triage.list': [{ filters: { severities: ['S5'] } }, { limit: 0 }, { filters: { waitingForSupportHours: -1 } }],
  'triage.apply': [
    { ticketIds: [], action: { kind: 'assign', assigneeId: 'usr-emi' } },
    { ticketIds: [crypto.randomUUID()], action: { kind: 'setSeverity', severity: 'S1', reason: '  ' } },
    { ticketIds: [crypto.randomUUID(), crypto.randomUUID()], action: { kind: 'note', body: 'Bulk notes are not a thing' } },
    { ticketIds: [crypto.randomUUID()], action: { kind: 'labels', add: ['Not A Label'], remove: [] } },
    { ticketIds: [crypto.randomUUID()], action: { kind: 'labels', add: [], remove: [] } },
  ],
  'triage.undo': [{}, { batchId: 'last' }],
  'triage.reapply': [{ mutationId: 7 }],
  'triage.dismiss': [{}],
  'triage.views': [{ all: true }],
  'triage.saveView': [{ name: '', filters: {} }, { name: 'Mine', filters: { assignee: '' } }],
  'triage.deleteView': [{ id: 'S1/S2 open' }],
  'triage.staff': ['everyone'],
  'triage.summary': [{}],
}

function recordingHandlers() {
  const calls: string[] = []
  const handlers = Object.fromEntries(
    COMMAND_NAMES.map((name) => [name, async () => calls.push(name)]),
  ) as unknown as CommandHandlers
  return { calls, handlers }
}

describe('command dispatcher', () => {
  const tempDir = useTempDir()

  it.each(COMMAND_NAMES)('%s refuses malformed payloads with invalid_input before its handler runs', async (name) => {
    const { calls, handlers } = recordingHandlers()
    const dispatch = createCommandDispatcher(handlers)
    for (const payload of MALFORMED[name]) {
      const result = await dispatch(name, payload)
      expect(result.ok, JSON.stringify(payload)).toBe(false)
      if (!result.ok) {
        expect(result.error.code).toBe('invalid_input')
        expect(Object.keys(result.error.fields ?? {}).length).toBeGreaterThan(0)
      }
    }
    expect(calls).toEqual([])
  })

  it('names the invalid fields of a sign-in', async () => {
    const dispatch = createCommandDispatcher(recordingHandlers().handlers)
    const result = await dispatch('session.signIn', { helpCenterUrl: 'nope', email: 'x', password: '' })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fields: { helpCenterUrl: expect.any(String), email: expect.any(String), password: expect.any(String) } },
    })
  })

  it('refuses unknown commands', async () => {
    const dispatch = createCommandDispatcher(recordingHandlers().handlers)
    for (const command of ['session.hack', '__proto__', 'toString', 42, undefined]) {
      const result = await dispatch(command, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { command: expect.any(String) } } })
    }
  })

  it('passes support errors through and hides unexpected ones', async () => {
    const reported = vi.fn()
    const { handlers } = recordingHandlers()
    handlers['session.get'] = async () => {
      throw new SupportError({ code: 'unreachable', message: 'No route to the help center.' })
    }
    handlers['session.refresh'] = async () => {
      throw new Error('secret internals at /home/user/file.ts:12')
    }
    const dispatch = createCommandDispatcher(handlers, reported)
    expect(await dispatch('session.get', {})).toEqual({
      ok: false,
      error: { code: 'unreachable', message: 'No route to the help center.' },
    })
    const hidden = await dispatch('session.refresh', {})
    expect(hidden).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(JSON.stringify(hidden)).not.toContain('secret internals')
    expect(reported).toHaveBeenCalledOnce()
  })

  it('writes nothing to disk for any malformed payload through the real core', async () => {
    const userDataDir = tempDir()
    const core = createSupportCore({ userDataDir, secrets: new MemorySecretStore() })
    await core.start()
    const before = snapshotFiles(userDataDir)
    for (const name of COMMAND_NAMES) {
      for (const payload of MALFORMED[name]) {
        const result = await core.dispatch(name, payload)
        expect(result.ok).toBe(false)
      }
    }
    expect(snapshotFiles(userDataDir)).toEqual(before)
    await core.close()
  })
})
