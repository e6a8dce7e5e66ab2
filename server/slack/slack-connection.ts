import type { HelpCenterDatabase } from '../database'
import type { SlackConnection } from '../../shared/schemas/slack'

/** An organization's Slack channel as its members see it on the plan endpoint. */
export function slackConnectionOf(db: HelpCenterDatabase, organizationId: string): SlackConnection {
  const row = db
    .prepare('SELECT team_name, channel_id, channel_name, linked_at FROM slack_installations WHERE organization_id = ?')
    .get(organizationId) as { team_name: string; channel_id: string; channel_name: string; linked_at: string } | undefined
  if (!row) return { linked: false }
  return {
    linked: true,
    workspaceName: row.team_name,
    channelId: row.channel_id,
    channelName: row.channel_name,
    linkedAt: row.linked_at,
  }
}
