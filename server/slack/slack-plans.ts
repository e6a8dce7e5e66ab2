import type { HelpCenterDatabase } from '../database'
import { findPlan, planCatalog } from '../plans'
import type { SupportPlanId } from '../../shared/domain/support-plan'

/** What an organization's plan includes of Slack, by the served plan catalog (support-domain.md's table). */
export interface SlackFeatures {
  /** A linked channel, tickets filed from it, and creation and update posts (Enterprise and up). */
  channel: boolean
  /** Comments both ways between a ticket and its thread (Premium). */
  twoWay: boolean
}

export function slackFeaturesOf(db: HelpCenterDatabase, plan: SupportPlanId): SlackFeatures {
  const { features } = findPlan(db, plan)
  return { channel: features.imTicketSubscription, twoWay: features.imTwoWayInteraction }
}

/** "Enterprise and Premium": the plans a channel may be linked on, for messages. */
export function slackPlanNames(db: HelpCenterDatabase): string {
  const names = planCatalog(db)
    .plans.filter((plan) => plan.features.imTicketSubscription)
    .map((plan) => plan.name)
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : (names[0] ?? 'no')
}
