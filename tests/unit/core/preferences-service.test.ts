import { describe, expect, it, vi } from 'vitest'
import { DEFAULT_PREFERENCES } from '../../../shared/schemas/preferences'
import { MemoryPreferencesStore, PreferencesService } from '../../../electron/core/preferences/preferences-service'

function service(stored?: unknown, now = '2026-11-23T05:20:00.000Z') {
  const store = new MemoryPreferencesStore()
  if (stored !== undefined) store.read = () => stored
  const onChange = vi.fn()
  return { store, onChange, preferences: new PreferencesService({ store, onChange, now: () => new Date(now), timeZone: () => 'Asia/Tokyo' }) }
}

describe('preferences', () => {
  it('starts from the defaults: notifications on, breaches for S1 and S2, closing the window quits', () => {
    expect(service().preferences.get()).toEqual(DEFAULT_PREFERENCES)
    expect(DEFAULT_PREFERENCES.notifications.breachSeverities).toEqual(['S1', 'S2'])
    expect(DEFAULT_PREFERENCES.closeToTray).toBe(false)
  })

  it('merges a partial update, stores it and tells listeners', () => {
    const { preferences, onChange, store } = service()
    const next = preferences.update({ notifications: { quietHours: { enabled: true }, minimumSeverity: 'S2' } })
    expect(next.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '07:00' })
    expect(next.notifications.minimumSeverity).toBe('S2')
    expect(store.read()).toEqual(next)
    expect(onChange).toHaveBeenCalledWith(next)
  })

  it('treats a field sent as undefined as not sent, at any depth', () => {
    const { preferences } = service()
    preferences.update({ notifications: { quietHours: { enabled: true } } })
    const next = preferences.update({
      notifications: { quietHours: { enabled: undefined, start: '23:00' }, sound: undefined, minimumSeverity: 'S2' },
      closeToTray: undefined,
    })
    expect(next.notifications.quietHours).toEqual({ enabled: true, start: '23:00', end: '07:00' })
    expect(next.notifications.sound).toBe(true)
    expect(next.closeToTray).toBe(false)
  })

  it('keeps the good fields of a damaged file and falls back field by field', () => {
    const damaged = { closeToTray: true, notifications: { sound: false, minimumSeverity: 'S9', quietHours: { start: '7pm' } } }
    const read = service(damaged).preferences.get()
    expect(read.closeToTray).toBe(true)
    expect(read.notifications.sound).toBe(false)
    expect(read.notifications.minimumSeverity).toBe('S4')
    expect(read.notifications.quietHours.start).toBe('22:00')
    expect(service('not an object').preferences.get()).toEqual(DEFAULT_PREFERENCES)
  })

  it('pauses for an hour, until 08:00 tomorrow local time, and resumes', () => {
    const { preferences } = service(undefined, '2026-11-23T05:20:00.000Z')
    expect(preferences.pause('1h').notifications.pausedUntil).toBe('2026-11-23T06:20:00.000Z')
    // 08:00 on the 24th in Tokyo is 23:00 UTC on the 23rd.
    expect(preferences.pause('tomorrow').notifications.pausedUntil).toBe('2026-11-23T23:00:00.000Z')
    expect(preferences.pause('resume').notifications.pausedUntil).toBeNull()
  })
})
