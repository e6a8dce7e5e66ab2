/** Business hours are 9:00-18:00 local time, Monday to Friday (support-domain.md). */
export const BUSINESS_DAY_START_HOUR = 9
export const BUSINESS_DAY_END_HOUR = 18

const HOUR_MS = 3_600_000
const MINUTE_MS = 60_000

interface LocalTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
  weekday: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

function localTime(instant: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {}
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) parts[part.type] = part.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: new Date(instant).getUTCMilliseconds(),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
  }
}

/** The instant at which the wall clock in `timeZone` shows the given local date and hour. */
function instantAt(year: number, month: number, day: number, hour: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour)
  let guess = asUtc
  // Two rounds settle the offset, including across a daylight-saving change.
  for (let round = 0; round < 2; round++) {
    const shown = localTime(guess, timeZone)
    const shownAsUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second)
    guess += asUtc - shownAsUtc
  }
  return guess
}

function isWeekend(weekday: number): boolean {
  return weekday === 0 || weekday === 6
}

/** The next moment at or after `instant` that is inside business hours. */
function nextBusinessMoment(instant: number, timeZone: string): number {
  let current = instant
  for (;;) {
    const local = localTime(current, timeZone)
    const minutesIntoDay = local.hour * 60 + local.minute
    if (!isWeekend(local.weekday) && minutesIntoDay < BUSINESS_DAY_END_HOUR * 60) {
      if (local.hour >= BUSINESS_DAY_START_HOUR) return current
      return instantAt(local.year, local.month, local.day, BUSINESS_DAY_START_HOUR, timeZone)
    }
    // Jump to 9:00 on the next calendar day and look again.
    const nextDay = new Date(Date.UTC(local.year, local.month - 1, local.day + 1))
    current = instantAt(nextDay.getUTCFullYear(), nextDay.getUTCMonth() + 1, nextDay.getUTCDate(), BUSINESS_DAY_START_HOUR, timeZone)
  }
}

/** `start` plus `hours` counted only within 9:00-18:00 local time on weekdays in `timeZone`. */
export function addBusinessHours(start: Date, hours: number, timeZone: string): Date {
  let remaining = Math.round(hours * HOUR_MS)
  let current = nextBusinessMoment(start.getTime(), timeZone)
  while (remaining > 0) {
    const local = localTime(current, timeZone)
    const endOfDay = instantAt(local.year, local.month, local.day, BUSINESS_DAY_END_HOUR, timeZone)
    const available = endOfDay - current
    if (remaining <= available) return new Date(current + remaining)
    remaining -= available
    current = nextBusinessMoment(endOfDay + MINUTE_MS, timeZone)
  }
  return new Date(current)
}
