import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { SlackBot } from './slack-bot'
import { slackConnectionOf } from './slack-connection'
import { slackFeaturesOf, slackPlanNames } from './slack-plans'
import { installationInChannel, linkChannel, unlinkChannel } from './slack-store'
import { authenticate } from '../authenticate'
import { appendOrganizationChange } from '../change-log'
import type { HelpCenterContext } from '../context'
import { visibleOrganization } from '../organizations'
import { findPlan } from '../plans'
import { idSchema, type Organization, type User } from '../../shared/schemas/account'
import { parseOrThrow, SupportError } from '../../shared/schemas/error'
import { slackChannelLinkRequestSchema, slackConnectionSchema } from '../../shared/schemas/slack'

interface OrganizationParams {
  Params: { organizationId: string }
}

/** Admins link an organization to a channel of the bot's workspace; its members see the link on the plan endpoint. */
export function registerSlackRoutes(app: FastifyInstance, ctx: HelpCenterContext, bot: SlackBot | null): void {
  /** Checked before the body, as the other admin endpoints do. */
  function adminAndOrganization(request: FastifyRequest<OrganizationParams>): { admin: User; organization: Organization } {
    const admin = authenticate(ctx, request)
    if (admin.role !== 'admin') {
      throw new SupportError({ code: 'forbidden', message: 'Only help center admins can link organizations to Slack' })
    }
    const { organizationId } = request.params
    const organization = idSchema.safeParse(organizationId).success ? visibleOrganization(ctx.db, admin, organizationId) : undefined
    if (!organization) throw new SupportError({ code: 'not_found', message: 'No such organization' })
    return { admin, organization }
  }

  /** Members see the link with their plan: an organization change in the same transaction has their apps fetch it. */
  function changeLink(organizationId: string, change: () => boolean): void {
    const changed = ctx.db
      .transaction(() => {
        if (!change()) return false
        appendOrganizationChange(ctx.db, organizationId)
        return true
      })
      .immediate()
    if (changed) ctx.changes.notify()
  }

  app.post<OrganizationParams>('/api/v1/admin/organizations/:organizationId/slack', async (request) => {
    const { admin, organization } = adminAndOrganization(request)
    const { channelId } = parseOrThrow(slackChannelLinkRequestSchema, request.body, 'Slack link')
    if (!bot) {
      throw new SupportError({
        code: 'conflict',
        message: 'Slack is not configured on this help center: start it with SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN',
      })
    }
    if (!slackFeaturesOf(ctx.db, organization.supportPlan).channel) {
      throw new SupportError({
        code: 'forbidden',
        message: `${organization.name} is on ${findPlan(ctx.db, organization.supportPlan).name}: only ${slackPlanNames(ctx.db)} organizations can be linked to Slack`,
      })
    }
    const channel = await bot.describeChannel(channelId)
    const holder = installationInChannel(ctx.db, channel.teamId, channel.channelId)
    if (holder && holder.organizationId !== organization.id) {
      throw new SupportError({
        code: 'conflict',
        message: `#${channel.channelName} is already linked to ${holder.organizationName}`,
        fields: { channelId: 'Choose a channel of this organization' },
      })
    }
    changeLink(organization.id, () => {
      linkChannel(ctx.db, { ...channel, organizationId: organization.id, linkedBy: admin.id, now: ctx.now() })
      return true
    })
    return slackConnectionSchema.parse(slackConnectionOf(ctx.db, organization.id))
  })

  app.delete<OrganizationParams>('/api/v1/admin/organizations/:organizationId/slack', async (request) => {
    const { organization } = adminAndOrganization(request)
    changeLink(organization.id, () => unlinkChannel(ctx.db, organization.id))
    return slackConnectionSchema.parse(slackConnectionOf(ctx.db, organization.id))
  })
}
