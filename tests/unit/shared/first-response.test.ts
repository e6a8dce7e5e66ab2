import { describe, expect, it } from 'vitest'
import { addBusinessHours } from '../../../shared/domain/business-hours'
import { firstResponseDue, responseTargetState } from '../../../shared/domain/first-response'
import { PUBLISHED_RESPONSE_TARGETS } from '../../../shared/domain/response-targets'
import type { Severity, SupportPlanId } from '../../../shared/domain/support-plan'

const due = (createdAt: string, plan: SupportPlanId, severity: Severity, timeZone = 'Asia/Tokyo') =>
  firstResponseDue({ createdAt: new Date(createdAt), plan, severity, timeZone, targets: PUBLISHED_RESPONSE_TARGETS })?.toISOString() ?? null

describe('business hours (9:00-18:00, Monday to Friday, local time)', () => {
  // 2026-11-23 is a Monday. Tokyo is UTC+9 all year.
  it('counts within the same day', () => {
    expect(addBusinessHours(new Date('2026-11-23T10:00:00+09:00'), 4, 'Asia/Tokyo').toISOString()).toBe('2026-11-23T05:00:00.000Z')
  })

  it('starts the clock at 9:00 when filed before opening, and the next day when filed after closing', () => {
    expect(addBusinessHours(new Date('2026-11-23T07:00:00+09:00'), 4, 'Asia/Tokyo').toISOString()).toBe('2026-11-23T04:00:00.000Z')
    expect(addBusinessHours(new Date('2026-11-23T18:30:00+09:00'), 4, 'Asia/Tokyo').toISOString()).toBe('2026-11-24T04:00:00.000Z')
  })

  it('carries over the weekend', () => {
    // Friday 16:00 + 4 business hours = 2 on Friday + 2 on Monday -> Monday 11:00.
    expect(addBusinessHours(new Date('2026-11-27T16:00:00+09:00'), 4, 'Asia/Tokyo').toISOString()).toBe('2026-11-30T02:00:00.000Z')
    // Filed on Saturday: the clock starts Monday 9:00.
    expect(addBusinessHours(new Date('2026-11-28T12:00:00+09:00'), 4, 'Asia/Tokyo').toISOString()).toBe('2026-11-30T04:00:00.000Z')
  })

  it('spans several days for long targets', () => {
    // Monday 9:00 + 24 business hours = 9 + 9 + 6 -> Wednesday 15:00.
    expect(addBusinessHours(new Date('2026-11-23T09:00:00+09:00'), 24, 'Asia/Tokyo').toISOString()).toBe('2026-11-25T06:00:00.000Z')
  })

  it('follows daylight-saving changes in the requester time zone', () => {
    // New York moves to EDT on Sunday 2026-03-08. Friday 17:00 EST + 2h -> Monday 10:00 EDT (14:00Z).
    expect(addBusinessHours(new Date('2026-03-06T17:00:00-05:00'), 2, 'America/New_York').toISOString()).toBe('2026-03-09T14:00:00.000Z')
  })

  it('gives different instants for the same filing time in different zones', () => {
    const filed = new Date('2026-11-23T23:00:00Z') // Tuesday 08:00 in Tokyo, Monday 23:00 in London
    expect(addBusinessHours(filed, 1, 'Asia/Tokyo').toISOString()).toBe('2026-11-24T01:00:00.000Z')
    expect(addBusinessHours(filed, 1, 'Europe/London').toISOString()).toBe('2026-11-24T10:00:00.000Z')
  })
})

describe('first-response due time per plan and severity', () => {
  it('has no target on Basic', () => {
    for (const severity of ['S1', 'S2', 'S3', 'S4'] as const) expect(due('2026-11-23T10:00:00+09:00', 'basic', severity)).toBeNull()
  })

  it('counts Developer targets in business hours', () => {
    expect(due('2026-11-27T16:00:00+09:00', 'developer', 'S1')).toBe('2026-11-30T02:00:00.000Z')
    expect(due('2026-11-23T09:00:00+09:00', 'developer', 'S2')).toBe('2026-11-23T08:00:00.000Z')
  })

  it('counts Enterprise and Premium S1/S2 on the wall clock, even at the weekend', () => {
    expect(due('2026-11-28T03:00:00+09:00', 'enterprise', 'S1')).toBe('2026-11-27T19:00:00.000Z')
    expect(due('2026-11-28T03:00:00+09:00', 'premium', 'S1')).toBe('2026-11-27T18:30:00.000Z')
    expect(due('2026-11-28T03:00:00+09:00', 'premium', 'S2')).toBe('2026-11-27T19:00:00.000Z')
  })

  it('counts Enterprise and Premium S3/S4 in business hours', () => {
    expect(due('2026-11-28T03:00:00+09:00', 'enterprise', 'S3')).toBe('2026-11-30T08:00:00.000Z')
    expect(due('2026-11-28T03:00:00+09:00', 'premium', 'S3')).toBe('2026-11-30T04:00:00.000Z')
    expect(due('2026-11-23T09:00:00+09:00', 'premium', 'S4')).toBe('2026-11-25T06:00:00.000Z')
  })
})

describe('response target state', () => {
  const dueAt = new Date('2026-11-23T05:00:00Z')

  it('is due, breached, met, or met late', () => {
    expect(responseTargetState(dueAt, null, new Date('2026-11-23T04:00:00Z'))).toMatchObject({ state: 'due', remainingMs: 3_600_000 })
    expect(responseTargetState(dueAt, null, new Date('2026-11-23T06:00:00Z'))).toMatchObject({ state: 'breached', overdueMs: 3_600_000 })
    expect(responseTargetState(dueAt, new Date('2026-11-23T04:59:00Z'), new Date('2026-11-24T00:00:00Z'))).toMatchObject({ state: 'met' })
    expect(responseTargetState(dueAt, new Date('2026-11-23T05:30:00Z'), new Date('2026-11-24T00:00:00Z'))).toMatchObject({
      state: 'breached',
      overdueMs: 1_800_000,
    })
    expect(responseTargetState(null, null, new Date())).toEqual({ state: 'none' })
  })
})
