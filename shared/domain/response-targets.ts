import type { Severity, SupportPlanId } from './support-plan'

/** A first-response target: so many hours, counted on the wall clock or in business hours only. */
export interface ResponseTarget {
  hours: number
  businessHours: boolean
}

export type ResponseTargetTable = Record<SupportPlanId, Record<Severity, ResponseTarget | null>>

const wall = (hours: number): ResponseTarget => ({ hours, businessHours: false })
const business = (hours: number): ResponseTarget => ({ hours, businessHours: true })

/**
 * The published initial response targets (support-domain.md). The help center seeds its plan catalog
 * from this table and serves it; the app computes countdowns from the served copy, offline too.
 */
export const PUBLISHED_RESPONSE_TARGETS: ResponseTargetTable = {
  basic: { S1: null, S2: null, S3: null, S4: null },
  developer: { S1: business(4), S2: business(8), S3: business(12), S4: business(24) },
  enterprise: { S1: wall(1), S2: wall(2), S3: business(8), S4: business(24) },
  premium: { S1: wall(0.5), S2: wall(1), S3: business(4), S4: business(24) },
}
