import { z } from 'zod'
import type { ResponseTargetTable } from '../domain/response-targets'
import { SEVERITIES, SUPPORT_PLAN_IDS } from '../domain/support-plan'
import { emailSchema, idSchema, isoTimeSchema } from './account'
import { slackConnectionSchema } from './slack'

export const responseTargetSchema = z.object({
  hours: z.number().positive(),
  businessHours: z.boolean(),
})

export const PLAN_COVERAGES = ['none', 'business_hours', '24x7'] as const
/** How a plan is obtained: Basic is everyone's, Developer and Enterprise take a card, Premium goes through sales. */
export const PLAN_PURCHASES = ['free', 'card', 'sales'] as const

/** The features compared side by side on the Plan screen, in support-domain.md's order. */
export const PLAN_FEATURES = [
  'billingTickets',
  'technicalTickets',
  'clinic',
  'aiChatInIm',
  'imAlertSubscription',
  'imTicketSubscription',
  'imTwoWayInteraction',
  'technicalAccountManager',
  'knowledgeBase',
] as const
export type PlanFeature = (typeof PLAN_FEATURES)[number]

/** One plan as the help center describes it; the screens draw from this, never from constants. */
export const planSchema = z.object({
  id: z.enum(SUPPORT_PLAN_IDS),
  name: z.string().min(1),
  recommendedFor: z.string(),
  purchase: z.enum(PLAN_PURCHASES),
  /** Days of free trial on the first upgrade (Developer: about a month); null when there is none. */
  trialDays: z.number().int().positive().nullable(),
  coverage: z.enum(PLAN_COVERAGES),
  features: z.record(z.enum(PLAN_FEATURES), z.boolean()),
  /** Initial response targets per severity; null where the plan has none (all of Basic). */
  responseTargets: z.record(z.enum(SEVERITIES), responseTargetSchema.nullable()),
})
export type Plan = z.infer<typeof planSchema>

export const COMMUNITY_CHANNELS = ['docs', 'faq', 'slack', 'discord', 'tidbAi', 'knowledgeBase', 'clinic'] as const
export type CommunityChannel = (typeof COMMUNITY_CHANNELS)[number]

/** `GET /api/v1/plans`: the four plans in order, and where the self-help channels live. */
export const planCatalogSchema = z.object({
  plans: z.array(planSchema).length(SUPPORT_PLAN_IDS.length),
  links: z.record(z.enum(COMMUNITY_CHANNELS), z.url()),
})
export type PlanCatalog = z.infer<typeof planCatalogSchema>

/** The catalog's targets in the shape the first-response maths takes. */
export function responseTargetTable(catalog: PlanCatalog): ResponseTargetTable {
  const table = {} as ResponseTargetTable
  for (const plan of catalog.plans) table[plan.id] = plan.responseTargets
  return table
}

export const CARD_BRANDS = ['visa', 'mastercard', 'amex', 'jcb', 'discover', 'unknown'] as const

/** All a card leaves behind: the help center keeps a token with these, never the number or CVC. */
export const paymentMethodSchema = z.object({
  brand: z.enum(CARD_BRANDS),
  last4: z.string().regex(/^\d{4}$/),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2200),
})
export type PaymentMethod = z.infer<typeof paymentMethodSchema>

export const PLAN_CHANGE_KINDS = ['upgrade', 'downgrade', 'sales', 'trial_started'] as const
export const planChangeSchema = z.object({
  id: idSchema,
  from: z.enum(SUPPORT_PLAN_IDS),
  to: z.enum(SUPPORT_PLAN_IDS),
  kind: z.enum(PLAN_CHANGE_KINDS),
  actorName: z.string(),
  at: isoTimeSchema,
})
export type PlanChange = z.infer<typeof planChangeSchema>

/** `GET /api/v1/organizations/:id/plan`: where an organization stands, as its members may see it. */
export const organizationPlanSchema = z.object({
  organizationId: idSchema,
  plan: z.enum(SUPPORT_PLAN_IDS),
  since: isoTimeSchema,
  /** Set while the Developer trial runs. */
  trialEndsAt: isoTimeSchema.nullable(),
  paymentMethod: paymentMethodSchema.nullable(),
  history: z.array(planChangeSchema),
  /** The newest contact-sales request still waiting for sales, if any. */
  salesRequestedAt: isoTimeSchema.nullable(),
  /** Premium only: the assigned Technical Account Manager. */
  technicalAccountManager: z.object({ name: z.string(), email: emailSchema }).nullable(),
  /** Only organization owners change plans; everyone else sees them read-only. */
  canChangePlan: z.boolean(),
  /** The Slack channel support's bot works in (Enterprise and Premium); absent from help centers without Slack. */
  slack: slackConnectionSchema.optional(),
})
export type OrganizationPlan = z.infer<typeof organizationPlanSchema>

export function luhnValid(digits: string): boolean {
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index])
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/** The last moment a card expiring in this month/year may be charged. */
function endOfExpiryMonth(expMonth: number, expYear: number): Date {
  return new Date(Date.UTC(expYear, expMonth, 1) - 1)
}

/**
 * A card as typed into the upgrade form. Checked in the form, over IPC and on the server; the number and
 * CVC travel only to the help center and are never stored by the app.
 */
export const cardSchema = z
  .object({
    holderName: z.string().trim().min(1, { error: 'Enter the name on the card' }).max(200),
    number: z
      .string()
      .transform((value) => value.replace(/[\s-]/g, ''))
      .pipe(
        z
          .string()
          .regex(/^\d{12,19}$/, { error: 'Card numbers have 12 to 19 digits' })
          .refine(luhnValid, { error: 'This card number is not valid: check for a typo' }),
      ),
    expMonth: z.coerce
      .number({ error: 'Enter the expiry month' })
      .int()
      .min(1, { error: 'Months run from 1 to 12' })
      .max(12, { error: 'Months run from 1 to 12' }),
    expYear: z.coerce
      .number({ error: 'Enter the expiry year' })
      .int()
      .min(2000, { error: 'Enter the year with four digits' })
      .max(2200, { error: 'Enter the year with four digits' }),
    cvc: z.string().regex(/^\d{3,4}$/, { error: 'The security code has 3 or 4 digits' }),
  })
  .refine((card) => endOfExpiryMonth(card.expMonth, card.expYear) > new Date(), {
    error: 'This card has expired',
    path: ['expYear'],
  })
export type Card = z.infer<typeof cardSchema>
export type CardInput = z.input<typeof cardSchema>

export const SELF_SERVICE_UPGRADES = ['developer', 'enterprise'] as const

export const planUpgradeSchema = z.object({
  plan: z.enum(SELF_SERVICE_UPGRADES, { error: 'Developer and Enterprise can be bought here; Premium goes through sales' }),
  card: cardSchema,
})

export const planDowngradeSchema = z.object({
  plan: z.enum(['basic', 'developer', 'enterprise'], { error: 'Choose a lower plan' }),
})

export const salesContactSchema = z.object({
  name: z.string().trim().min(1, { error: 'Enter your name' }).max(200),
  email: emailSchema,
  company: z.string().trim().min(1, { error: 'Enter your company' }).max(200),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[+\d\s().-]*$/, { error: 'Phone numbers use digits, spaces and + ( ) - only' })
    .optional(),
  message: z.string().trim().min(1, { error: 'Tell sales what you need' }).max(5_000),
})
export type SalesContact = z.infer<typeof salesContactSchema>

/** Admin only: sales closing a Premium deal, or any plan correction. */
export const adminPlanChangeSchema = z.object({ plan: z.enum(SUPPORT_PLAN_IDS) })

export const RESPONSE_STATS_DAYS = 90

/** For the Plan screen's chart: how the organization's tickets fared against their first-response targets. */
export const responseTargetStatsSchema = z.object({
  organizationId: idSchema,
  days: z.number().int().positive(),
  bySeverity: z.array(
    z.object({
      severity: z.enum(SEVERITIES),
      met: z.number().int().nonnegative(),
      breached: z.number().int().nonnegative(),
      /** Still waiting, target not yet passed. */
      pending: z.number().int().nonnegative(),
      /** Tickets without a target (filed on Basic). */
      noTarget: z.number().int().nonnegative(),
    }),
  ),
})
export type ResponseTargetStats = z.infer<typeof responseTargetStatsSchema>
