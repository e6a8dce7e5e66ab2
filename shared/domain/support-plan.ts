export const SUPPORT_PLAN_IDS = ['basic', 'developer', 'enterprise', 'premium'] as const
export type SupportPlanId = (typeof SUPPORT_PLAN_IDS)[number]

export const SEVERITIES = ['S1', 'S2', 'S3', 'S4'] as const
export type Severity = (typeof SEVERITIES)[number]

/** Basic < Developer < Enterprise < Premium: upgrades move right, downgrades left. */
export function supportPlanRank(plan: SupportPlanId): number {
  return SUPPORT_PLAN_IDS.indexOf(plan)
}

/** Technical tickets need a paid plan; Basic organizations are pointed at community channels. */
export function allowsTechnicalTickets(plan: SupportPlanId): boolean {
  return plan !== 'basic'
}
