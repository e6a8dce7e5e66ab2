import type { Severity } from './support-plan'

export const TICKET_KINDS = ['account_billing', 'technical'] as const
export type TicketKind = (typeof TICKET_KINDS)[number]

export const TICKET_STATUSES = ['open', 'waiting_for_support', 'waiting_for_customer', 'resolved', 'closed'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

/** Statuses in which support still owes the customer something. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['open', 'waiting_for_support', 'waiting_for_customer']

export const ENVIRONMENTS = ['production', 'non_production'] as const
export type Environment = (typeof ENVIRONMENTS)[number]

export const COMPONENTS = ['tidb', 'tikv', 'pd', 'tiflash', 'ticdc', 'br', 'lightning', 'dm', 'other'] as const
export type Component = (typeof COMPONENTS)[number]

/** Account and billing questions never stop production, so S1 is not theirs to choose. */
export const ACCOUNT_BILLING_SEVERITIES = ['S2', 'S3', 'S4'] as const satisfies readonly Severity[]

export const SEVERITY_MEANINGS: Record<Severity, string> = {
  S1: 'Complete loss of production functionality.',
  S2: 'Major impact on production operations.',
  S3: 'Non-critical database usage issue in production or non-production.',
  S4: 'General question on how a feature works or is configured; minimal business impact.',
}

/** Support's own ordering within a severity; customers do not see it. */
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const
export type Priority = (typeof PRIORITIES)[number]
