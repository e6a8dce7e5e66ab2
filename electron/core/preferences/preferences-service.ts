import { DEFAULT_PREFERENCES, preferencesSchema, type Preferences, type PreferencesPatch } from '../../../shared/schemas/preferences'

/** Where preferences live: electron-store in the shell, memory in tests and the browser bridge. */
export interface PreferencesStore {
  /** The stored document, or undefined when nothing was saved yet. */
  read(): unknown
  write(preferences: Preferences): void
}

export class MemoryPreferencesStore implements PreferencesStore {
  private saved: unknown

  read(): unknown {
    return this.saved
  }

  write(preferences: Preferences): void {
    this.saved = structuredClone(preferences)
  }
}

export interface PreferencesServiceOptions {
  store: PreferencesStore
  onChange: (preferences: Preferences) => void
  now?: () => Date
  timeZone?: () => string
}

const HOUR_MS = 3_600_000

/** The user's settings, validated on the way in and on the way out: a hand-edited file cannot break the app. */
export class PreferencesService {
  private readonly now: () => Date
  private readonly timeZone: () => string

  constructor(private readonly options: PreferencesServiceOptions) {
    this.now = options.now ?? (() => new Date())
    this.timeZone = options.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone)
  }

  get(): Preferences {
    const stored = this.options.store.read()
    if (stored === undefined) return structuredClone(DEFAULT_PREFERENCES)
    // Fields added in later versions, or damaged by hand, fall back to their defaults one by one.
    let candidate = merge(DEFAULT_PREFERENCES, stored)
    for (let attempt = 0; attempt < 3; attempt++) {
      const parsed = preferencesSchema.safeParse(candidate)
      if (parsed.success) return parsed.data
      for (const issue of parsed.error.issues) candidate = withDefaultAt(candidate, DEFAULT_PREFERENCES, issue.path)
    }
    return structuredClone(DEFAULT_PREFERENCES)
  }

  update(patch: PreferencesPatch): Preferences {
    const current = this.get()
    const next = preferencesSchema.parse(merge(current, patch))
    this.options.store.write(next)
    this.options.onChange(next)
    return next
  }

  /** "For 1 hour", "until tomorrow" (08:00 local), or resume now. */
  pause(choice: '1h' | 'tomorrow' | 'resume'): Preferences {
    const now = this.now()
    const pausedUntil =
      choice === 'resume' ? null : choice === '1h' ? new Date(now.getTime() + HOUR_MS) : nextLocalMorning(now, this.timeZone())
    return this.update({ notifications: { pausedUntil: pausedUntil?.toISOString() ?? null } })
  }
}

/** 08:00 tomorrow in the zone, found by stepping whole hours from now (no DST arithmetic by hand). */
function nextLocalMorning(now: Date, timeZone: string): Date {
  const dayOf = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' }).format(date)
  const hourOf = (date: Date) =>
    Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(date))
  const today = dayOf(now)
  const start = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS)
  for (let step = 1; step <= 48; step++) {
    const candidate = new Date(start.getTime() + step * HOUR_MS)
    if (dayOf(candidate) !== today && hourOf(candidate) === 8) return candidate
  }
  return new Date(now.getTime() + 24 * HOUR_MS)
}

/** `stored` laid over `defaults` key by key; a key missing or set to undefined keeps the default. */
function merge(defaults: unknown, stored: unknown): unknown {
  if (!isRecord(defaults) || !isRecord(stored)) return stored === undefined ? defaults : stored
  const result: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(defaults)) {
    result[key] = key in stored ? merge(value, stored[key]) : value
  }
  return result
}

/** The candidate with the default put back at `path`, or at the deepest part of it that has a default. */
function withDefaultAt(candidate: unknown, defaults: unknown, path: PropertyKey[]): unknown {
  const [key, ...rest] = path
  if (typeof key !== 'string' || !isRecord(candidate) || !isRecord(defaults) || !(key in defaults)) {
    return structuredClone(defaults)
  }
  if (rest.length === 0 || !isRecord(defaults[key])) return { ...candidate, [key]: structuredClone(defaults[key]) }
  return { ...candidate, [key]: withDefaultAt(candidate[key], defaults[key], rest) }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
