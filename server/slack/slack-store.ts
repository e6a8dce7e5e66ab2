import { createHash } from 'node:crypto'
import { slackFeaturesOf, type SlackFeatures } from './slack-plans'
import type { HelpCenterDatabase } from '../database'
import type { SupportPlanId } from '../../shared/domain/support-plan'

/** An organization's linked channel, with what the bot needs to decide what it may do there. */
export interface SlackInstallation {
  organizationId: string
  organizationName: string
  plan: SupportPlanId
  /** What the plan includes of Slack now: a plan can change after the link. */
  features: SlackFeatures
  teamId: string
  teamName: string
  channelId: string
  channelName: string
  linkedAt: string
}

interface InstallationRow {
  organization_id: string
  organization_name: string
  support_plan: SupportPlanId
  team_id: string
  team_name: string
  channel_id: string
  channel_name: string
  linked_at: string
}

const INSTALLATION_SELECT = `SELECT i.*, o.name AS organization_name, o.support_plan FROM slack_installations i
  JOIN organizations o ON o.id = i.organization_id`

function toInstallation(db: HelpCenterDatabase, row: InstallationRow): SlackInstallation {
  return {
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    plan: row.support_plan,
    features: slackFeaturesOf(db, row.support_plan),
    teamId: row.team_id,
    teamName: row.team_name,
    channelId: row.channel_id,
    channelName: row.channel_name,
    linkedAt: row.linked_at,
  }
}

export function installationOf(db: HelpCenterDatabase, organizationId: string): SlackInstallation | undefined {
  const row = db.prepare(`${INSTALLATION_SELECT} WHERE i.organization_id = ?`).get(organizationId) as InstallationRow | undefined
  return row && toInstallation(db, row)
}

export function installationInChannel(db: HelpCenterDatabase, teamId: string, channelId: string): SlackInstallation | undefined {
  const row = db
    .prepare(`${INSTALLATION_SELECT} WHERE i.team_id = ? AND i.channel_id = ?`)
    .get(teamId, channelId) as InstallationRow | undefined
  return row && toInstallation(db, row)
}

export interface ChannelLink {
  organizationId: string
  teamId: string
  teamName: string
  channelId: string
  channelName: string
  linkedBy: string
  now: Date
}

/** Links the organization to the channel, replacing its earlier channel if it had one. */
export function linkChannel(db: HelpCenterDatabase, link: ChannelLink): void {
  db.prepare(
    `INSERT INTO slack_installations (organization_id, team_id, team_name, channel_id, channel_name, linked_by, linked_at)
     VALUES (@organizationId, @teamId, @teamName, @channelId, @channelName, @linkedBy, @linkedAt)
     ON CONFLICT (organization_id) DO UPDATE SET team_id = excluded.team_id, team_name = excluded.team_name,
       channel_id = excluded.channel_id, channel_name = excluded.channel_name, linked_by = excluded.linked_by,
       linked_at = excluded.linked_at`,
  ).run({ ...link, linkedAt: link.now.toISOString() })
}

/** Returns whether there was a link to remove. */
export function unlinkChannel(db: HelpCenterDatabase, organizationId: string): boolean {
  return db.prepare('DELETE FROM slack_installations WHERE organization_id = ?').run(organizationId).changes > 0
}

/**
 * A stable UUID for something Slack identifies (a message by workspace, channel and timestamp, say): the ids of the
 * mutations and comments made from it, so that a delivery Slack repeats is applied once.
 */
export function slackDerivedId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** A mention that asked for a ticket, waiting for its form to be filed. */
export interface TicketRequest {
  id: string
  organizationId: string
  teamId: string
  channelId: string
  /** The thread the bot answers in: the mention's own, or the thread it was written in. */
  threadTs: string
  slackUserId: string
  /** What the mention said, without the mention: the form's starting point. */
  text: string
  ticketId: string | null
}

interface TicketRequestRow {
  id: string
  organization_id: string
  team_id: string
  channel_id: string
  thread_ts: string
  slack_user_id: string
  text: string
  ticket_id: string | null
}

/** Stores the request; false if it was stored before (Slack delivered the mention again). */
export function recordTicketRequest(db: HelpCenterDatabase, request: Omit<TicketRequest, 'ticketId'>, now: Date): boolean {
  const { changes } = db
    .prepare(
      `INSERT INTO slack_ticket_requests (id, organization_id, team_id, channel_id, thread_ts, slack_user_id, text, created_at)
       VALUES (@id, @organizationId, @teamId, @channelId, @threadTs, @slackUserId, @text, @createdAt)
       ON CONFLICT (id) DO NOTHING`,
    )
    .run({ ...request, createdAt: now.toISOString() })
  return changes > 0
}

export function findTicketRequest(db: HelpCenterDatabase, requestId: string): TicketRequest | undefined {
  const row = db.prepare('SELECT * FROM slack_ticket_requests WHERE id = ?').get(requestId) as TicketRequestRow | undefined
  return (
    row && {
      id: row.id,
      organizationId: row.organization_id,
      teamId: row.team_id,
      channelId: row.channel_id,
      threadTs: row.thread_ts,
      slackUserId: row.slack_user_id,
      text: row.text,
      ticketId: row.ticket_id,
    }
  )
}

export interface SlackThread {
  ticketId: string
  teamId: string
  channelId: string
  threadTs: string
}

/** Records the request's ticket and the thread it lives in, together. */
export function recordFiledRequest(db: HelpCenterDatabase, request: TicketRequest, ticketId: string): void {
  db.transaction(() => {
    db.prepare('UPDATE slack_ticket_requests SET ticket_id = ? WHERE id = ?').run(ticketId, request.id)
    recordThread(db, { ticketId, teamId: request.teamId, channelId: request.channelId, threadTs: request.threadTs })
  })()
}

/** The ticket's thread from now on; a thread that already carries another ticket keeps it. */
export function recordThread(db: HelpCenterDatabase, thread: SlackThread): void {
  db.transaction(() => {
    db.prepare('DELETE FROM slack_threads WHERE ticket_id = ?').run(thread.ticketId)
    db.prepare(
      `INSERT INTO slack_threads (ticket_id, team_id, channel_id, thread_ts) VALUES (@ticketId, @teamId, @channelId, @threadTs)
       ON CONFLICT DO NOTHING`,
    ).run(thread)
  })()
}

export function threadOfTicket(db: HelpCenterDatabase, ticketId: string): SlackThread | undefined {
  const row = db.prepare('SELECT * FROM slack_threads WHERE ticket_id = ?').get(ticketId) as
    | { ticket_id: string; team_id: string; channel_id: string; thread_ts: string }
    | undefined
  return row && { ticketId: row.ticket_id, teamId: row.team_id, channelId: row.channel_id, threadTs: row.thread_ts }
}

export function ticketOfThread(db: HelpCenterDatabase, teamId: string, channelId: string, threadTs: string): string | undefined {
  const row = db
    .prepare('SELECT ticket_id FROM slack_threads WHERE team_id = ? AND channel_id = ? AND thread_ts = ?')
    .get(teamId, channelId, threadTs) as { ticket_id: string } | undefined
  return row?.ticket_id
}

/** Where the relay stopped reading the change feed; on its first start, the feed's end: it posts news, not history. */
export function relayCursor(db: HelpCenterDatabase): number {
  return db.transaction(() => {
    const row = db.prepare('SELECT seq FROM slack_relay_cursor WHERE id = 1').get() as { seq: number } | undefined
    if (row) return row.seq
    const { seq } = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM changes').get() as { seq: number }
    db.prepare('INSERT INTO slack_relay_cursor (id, seq) VALUES (1, ?)').run(seq)
    return seq
  })()
}

export function moveRelayCursor(db: HelpCenterDatabase, seq: number): void {
  db.prepare('UPDATE slack_relay_cursor SET seq = MAX(seq, ?) WHERE id = 1').run(seq)
}
