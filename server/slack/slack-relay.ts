import type { webApi } from '@slack/bolt'
import type { PendingWork } from './pending-work'
import {
  isNoteworthyStatusChange,
  statusChanged,
  supportReplied,
  ticketAnnounced,
  ticketUpdated,
  type SlackMessage,
} from './slack-messages'
import {
  installationOf,
  moveRelayCursor,
  recordThread,
  relayCursor,
  threadOfTicket,
  type SlackInstallation,
  type SlackThread,
} from './slack-store'
import type { HelpCenterContext } from '../context'
import { findComment, findTicket } from '../tickets'
import { isSupport } from '../users'
import type { Comment, Ticket } from '../../shared/schemas/ticket'
import type { TicketStatus } from '../../shared/domain/ticket'

export interface SlackRelayDependencies {
  ctx: HelpCenterContext
  client: webApi.WebClient
  work: PendingWork
  ticketUrl: (key: string) => string
}

interface RelayedChange {
  seq: number
  entity: 'comment' | 'history'
  entity_id: string
  organization_id: string
}

interface StatusEntry {
  ticket_id: string
  field: string
  from_value: TicketStatus | null
  to_value: TicketStatus
  actor_name: string
}

const PAGE = 100

// Only what customers may see (internal notes and support's triage history are 'internal' in the feed), and only
// for organizations with a Slack channel.
const RELAYED_CHANGES = `SELECT c.seq, c.entity, c.entity_id, c.organization_id FROM changes c
  WHERE c.seq > @cursor AND c.seq <= @end AND c.entity IN ('comment', 'history') AND c.visibility = 'public'
    AND c.organization_id IN (SELECT organization_id FROM slack_installations)
  ORDER BY c.seq LIMIT @limit`

/**
 * Follows the help center's change feed and posts to the organizations' Slack channels: tickets filed elsewhere,
 * support's public replies in a ticket's thread (Premium), and updates with the latest comment (Enterprise). What
 * came from Slack is never posted back, and internal notes never leave. Its place in the feed is stored, so nothing
 * is posted twice across restarts.
 */
export class SlackRelay {
  private running: Promise<void> | undefined
  private rerun = false

  constructor(private readonly deps: SlackRelayDependencies) {
    // Read now, so that a first start begins at the feed's end rather than at the first change after it.
    relayCursor(deps.ctx.db)
  }

  /** Called whenever the feed grows: one run at a time, and one more if it grew during a run. */
  schedule(): void {
    if (this.running) {
      this.rerun = true
      return
    }
    const run = this.drain().finally(() => {
      this.running = undefined
      if (!this.rerun) return
      this.rerun = false
      this.schedule()
    })
    this.running = run
    this.deps.work.track(run)
  }

  private async drain(): Promise<void> {
    const { db } = this.deps.ctx
    for (;;) {
      // The end and the page are read together, so every relayed change up to the end is in the page.
      const { end } = db.prepare('SELECT COALESCE(MAX(seq), 0) AS end FROM changes').get() as { end: number }
      const changes = db.prepare(RELAYED_CHANGES).all({ cursor: relayCursor(db), end, limit: PAGE }) as RelayedChange[]
      for (const change of changes) {
        try {
          await this.relay(change)
        } catch (error) {
          // Slack refused or was unreachable after the client's own retries: the rest still goes out.
          this.deps.work.fail(error)
        }
        moveRelayCursor(db, change.seq)
      }
      if (changes.length < PAGE) {
        moveRelayCursor(db, end)
        return
      }
    }
  }

  private async relay(change: RelayedChange): Promise<void> {
    const installation = installationOf(this.deps.ctx.db, change.organization_id)
    if (!installation?.features.channel) return
    if (change.entity === 'comment') await this.relayComment(change.entity_id, installation)
    else await this.relayStatus(change.entity_id, installation)
  }

  private async relayComment(commentId: string, installation: SlackInstallation): Promise<void> {
    const { db } = this.deps.ctx
    const comment = findComment(db, commentId)
    if (!comment || comment.visibility !== 'public' || comment.source === 'slack') return
    const ticket = findTicket(db, comment.ticketId)
    if (!ticket) return
    const url = this.deps.ticketUrl(ticket.key)
    if (!installation.features.twoWay) {
      await this.post(installation.channelId, ticketUpdated(ticket, url, comment))
      return
    }
    if (!isSupport({ role: comment.authorRole })) return
    const thread = await this.threadOf(ticket, installation)
    await this.post(thread.channelId, supportReplied(ticket, comment, url), thread.threadTs)
  }

  private async relayStatus(historyId: string, installation: SlackInstallation): Promise<void> {
    const { db } = this.deps.ctx
    const entry = db
      .prepare(
        `SELECT h.ticket_id, h.field, h.from_value, h.to_value, u.name AS actor_name FROM ticket_history h
         JOIN users u ON u.id = h.actor_id WHERE h.id = ?`,
      )
      .get(historyId) as StatusEntry | undefined
    if (entry?.field !== 'status') return
    const ticket = findTicket(db, entry.ticket_id)
    if (!ticket) return
    if (entry.from_value === null) {
      // Filed from Slack: its thread and confirmation are there already.
      if (ticket.source !== 'slack') await this.announce(ticket, installation)
      return
    }
    if (!isNoteworthyStatusChange(entry.from_value, entry.to_value)) return
    const url = this.deps.ticketUrl(ticket.key)
    if (!installation.features.twoWay) {
      await this.post(installation.channelId, ticketUpdated(ticket, url, this.latestPublicComment(ticket.id)))
      return
    }
    const thread = await this.threadOf(ticket, installation)
    await this.post(thread.channelId, statusChanged(ticket, entry.to_value, url, entry.actor_name), thread.threadTs)
  }

  private latestPublicComment(ticketId: string): Comment | undefined {
    const row = this.deps.ctx.db
      .prepare("SELECT id FROM comments WHERE ticket_id = ? AND visibility = 'public' ORDER BY seq DESC LIMIT 1")
      .get(ticketId) as { id: string } | undefined
    return row && findComment(this.deps.ctx.db, row.id)
  }

  /** The ticket's thread in the organization's channel; a ticket without one (filed before the link) gets one. */
  private async threadOf(ticket: Ticket, installation: SlackInstallation): Promise<SlackThread> {
    const thread = threadOfTicket(this.deps.ctx.db, ticket.id)
    if (thread?.teamId === installation.teamId && thread.channelId === installation.channelId) return thread
    return this.announce(ticket, installation)
  }

  private async announce(ticket: Ticket, installation: SlackInstallation): Promise<SlackThread> {
    const message = ticketAnnounced(ticket, this.deps.ticketUrl(ticket.key), installation.features.twoWay)
    const threadTs = await this.post(installation.channelId, message)
    const thread = { ticketId: ticket.id, teamId: installation.teamId, channelId: installation.channelId, threadTs }
    recordThread(this.deps.ctx.db, thread)
    return thread
  }

  /** Posts as the bot; returns the message's timestamp. */
  private async post(channel: string, message: SlackMessage, threadTs?: string): Promise<string> {
    const result = await this.deps.client.chat.postMessage({ channel, ...(threadTs ? { thread_ts: threadTs } : {}), ...message })
    if (!result.ts) throw new Error(`chat.postMessage to ${channel} returned no message timestamp`)
    return result.ts
  }
}
