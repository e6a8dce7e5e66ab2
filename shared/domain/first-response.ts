import { addBusinessHours } from './business-hours'
import type { ResponseTargetTable } from './response-targets'
import type { Severity, SupportPlanId } from './support-plan'

export interface FirstResponseInput {
  createdAt: Date
  plan: SupportPlanId
  severity: Severity
  /** The requester's IANA time zone: business hours are theirs. */
  timeZone: string
  targets: ResponseTargetTable
}

/** When support's first response is due, or null where the plan promises none (Basic). */
export function firstResponseDue(input: FirstResponseInput): Date | null {
  const target = input.targets[input.plan][input.severity]
  if (!target) return null
  return target.businessHours
    ? addBusinessHours(input.createdAt, target.hours, input.timeZone)
    : new Date(input.createdAt.getTime() + target.hours * 3_600_000)
}

export type ResponseTargetState =
  | { state: 'none' }
  | { state: 'met'; respondedAt: Date; dueAt: Date | null }
  | { state: 'due'; dueAt: Date; remainingMs: number }
  /** Past due: still unanswered, or answered late (then `respondedAt` is set). */
  | { state: 'breached'; dueAt: Date; overdueMs: number; respondedAt?: Date }

/** Where a ticket stands against its first-response target at `now`. */
export function responseTargetState(
  dueAt: Date | null,
  firstRespondedAt: Date | null,
  now: Date,
): ResponseTargetState {
  if (firstRespondedAt) {
    if (dueAt && firstRespondedAt > dueAt) {
      return { state: 'breached', dueAt, overdueMs: firstRespondedAt.getTime() - dueAt.getTime(), respondedAt: firstRespondedAt }
    }
    return { state: 'met', respondedAt: firstRespondedAt, dueAt }
  }
  if (!dueAt) return { state: 'none' }
  const remainingMs = dueAt.getTime() - now.getTime()
  return remainingMs >= 0 ? { state: 'due', dueAt, remainingMs } : { state: 'breached', dueAt, overdueMs: -remainingMs }
}
