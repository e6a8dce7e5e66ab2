import type { types } from '@slack/bolt'
import { escapeMrkdwn, shorten } from './slack-text'
import { STATUS_NAMES } from '../tickets'
import type { TicketStatus } from '../../shared/domain/ticket'
import type { Comment, Ticket } from '../../shared/schemas/ticket'

/** What chat.postMessage takes besides the channel: the blocks, and the text notifications and screen readers use. */
export interface SlackMessage {
  text: string
  blocks: types.KnownBlock[]
}

export const SUBMIT_REQUEST_ACTION = 'submit_request'

/** A section block holds at most 3,000 characters, a markdown block 12,000. */
const SECTION_MAX = 3_000
const MARKDOWN_MAX = 12_000
const LATEST_COMMENT_MAX = 1_000


export const TICKET_KIND_NAMES: Record<Ticket['kind'], string> = {
  account_billing: 'Account or billing',
  technical: 'Technical support',
}

const section = (text: string): types.SectionBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text: shorten(text, SECTION_MAX) },
})
const context = (text: string): types.ContextBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] })
const markdown = (text: string): types.MarkdownBlock => ({ type: 'markdown', text: shorten(text, MARKDOWN_MAX) })
const ticketLink = (ticket: Ticket, url: string) => `<${url}|${ticket.key}>`
const facts = (ticket: Ticket) =>
  `${ticket.severity} · ${TICKET_KIND_NAMES[ticket.kind]} · ${STATUS_NAMES[ticket.status]} · filed by ${escapeMrkdwn(ticket.requesterName)}`

/** The answer to a mention: one button that opens the ticket form. */
export function requestPrompt(requestId: string, organizationName: string): SlackMessage {
  const text = `I can file this as a TiDB Cloud support ticket for ${organizationName}.`
  return {
    text,
    blocks: [
      section(`${escapeMrkdwn(text)} Open the form, check the details and press *Create*.`),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: SUBMIT_REQUEST_ACTION,
            style: 'primary',
            text: { type: 'plain_text', text: 'Submit request' },
            value: requestId,
          },
        ],
      },
    ],
  }
}

/** The confirmation in the mention's thread once the ticket is filed; `twoWay` on Premium. */
export function ticketFiled(ticket: Ticket, url: string, twoWay: boolean): SlackMessage {
  const followUp = twoWay
    ? "Replies in this thread are added to the ticket, and support's answers appear here."
    : 'Updates on it are posted in this channel.'
  return {
    text: `Filed ${ticket.key}: ${ticket.summary}`,
    blocks: [
      section(`Filed ${ticketLink(ticket, url)}: *${escapeMrkdwn(ticket.summary)}*`),
      context(`${facts(ticket)}. ${followUp}`),
    ],
  }
}

/** A ticket filed elsewhere (the desktop app), posted to the channel; on Premium its thread carries the ticket. */
export function ticketAnnounced(ticket: Ticket, url: string, twoWay: boolean): SlackMessage {
  const followUp = twoWay ? " Reply in this thread to add to the ticket; support's answers appear here." : ''
  return {
    text: `New ticket ${ticket.key}: ${ticket.summary}`,
    blocks: [
      section(`New ticket ${ticketLink(ticket, url)}: *${escapeMrkdwn(ticket.summary)}*`),
      context(`${facts(ticket)}.${followUp}`),
    ],
  }
}

/** Support's public reply, in the ticket's thread (Premium). */
export function supportReplied(ticket: Ticket, comment: Comment, url: string): SlackMessage {
  return {
    text: `${comment.authorName} (TiDB Cloud Support) replied on ${ticket.key}: ${shorten(comment.body, 200)}`,
    blocks: [
      context(`*${escapeMrkdwn(comment.authorName)}* · TiDB Cloud Support · ${ticketLink(ticket, url)}`),
      markdown(comment.body),
    ],
  }
}

/** A status change worth a line of its own (resolved, closed, reopened), in the ticket's thread (Premium). */
export function statusChanged(ticket: Ticket, status: TicketStatus, url: string, actorName: string): SlackMessage {
  return {
    text: `${ticket.key} is now ${STATUS_NAMES[status]} (${actorName}).`,
    blocks: [context(`${ticketLink(ticket, url)} is now *${STATUS_NAMES[status]}* (${escapeMrkdwn(actorName)}).`)],
  }
}

/** Resolving, closing and reopening are news; the moves between waiting states come with a reply. */
export function isNoteworthyStatusChange(from: TicketStatus, to: TicketStatus): boolean {
  const settled = (status: TicketStatus) => status === 'resolved' || status === 'closed'
  return settled(to) || settled(from)
}

/** An update posted to the channel (Enterprise): the title, the link and the latest comment. */
export function ticketUpdated(ticket: Ticket, url: string, latest: Comment | undefined): SlackMessage {
  const blocks: types.KnownBlock[] = [
    section(`Update on ${ticketLink(ticket, url)}: *${escapeMrkdwn(ticket.summary)}*`),
    context(facts(ticket)),
  ]
  if (latest) {
    blocks.push(context(`Latest comment by *${escapeMrkdwn(latest.authorName)}*:`), markdown(shorten(latest.body, LATEST_COMMENT_MAX)))
  }
  return {
    text: `Update on ${ticket.key}: ${ticket.summary}${latest ? ` (latest comment by ${latest.authorName})` : ''}`,
    blocks,
  }
}

export function alreadyFiled(ticket: Ticket, url: string): string {
  return `This request was already filed as <${url}|${ticket.key}>.`
}

export const NOT_LINKED =
  'This channel is not linked to a TiDB Cloud organization. Support or your Technical Account Manager can link it on request.'

export const DESCRIBE_THE_PROBLEM =
  'Mention me with a description of the problem (what happened, since when, any error messages) and I will help you file a ticket.'

export function notOnSlackPlan(organizationName: string): string {
  return `${organizationName} is no longer on a plan with Slack support. File tickets in the TiDB Cloud Support app instead.`
}

export function notInOrganization(email: string, organizationName: string): string {
  return `Your help-center account (${email}) is not a member of ${organizationName}, so it cannot file or answer its tickets from Slack.`
}

export const REQUEST_EXPIRED = 'This request is no longer open. Mention me again to start a new one.'
