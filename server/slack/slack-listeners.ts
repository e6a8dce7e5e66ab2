import type { App, webApi } from '@slack/bolt'
import type { BotIdentityCache } from './bot-identity'
import { linkedAccount } from './slack-accounts'
import {
  DESCRIBE_THE_PROBLEM,
  NOT_LINKED,
  REQUEST_EXPIRED,
  SUBMIT_REQUEST_ACTION,
  alreadyFiled,
  notInOrganization,
  notOnSlackPlan,
  requestPrompt,
  ticketFiled,
} from './slack-messages'
import {
  findTicketRequest,
  installationInChannel,
  installationOf,
  recordFiledRequest,
  recordTicketRequest,
  slackDerivedId,
  ticketOfThread,
  type SlackInstallation,
  type TicketRequest,
} from './slack-store'
import { slackTextToMarkdown } from './slack-text'
import {
  TICKET_FORM_CALLBACK,
  TICKET_KIND_ACTION,
  chosenKind,
  firstKind,
  ticketFormView,
  ticketFromForm,
  type TicketFormOrganization,
} from './ticket-form'
import type { HelpCenterContext } from '../context'
import { applyMutations } from '../mutations'
import { clustersOf, organizationsOf } from '../organizations'
import { findTicket, type MessageOrigin } from '../tickets'
import { fieldErrors } from '../../shared/schemas/error'
import {
  slackBlockActionsSchema,
  slackEventCallbackSchema,
  slackMessageEventSchema,
  slackTicketFormMetadataSchema,
  slackViewSubmissionSchema,
  type SlackMessageEvent,
  type SlackTicketFormMetadata,
} from '../../shared/schemas/slack'
import { mutationSchema, slackPermalinkSchema, type NewTicket } from '../../shared/schemas/ticket'
import { TICKET_KINDS } from '../../shared/domain/ticket'

export interface SlackListenerDependencies {
  ctx: HelpCenterContext
  identity: BotIdentityCache
  ticketUrl: (key: string) => string
}

type WebClient = webApi.WebClient

/** A reply in a thread: plain, also sent to the channel, or with files (whose text is taken). */
const REPLY_SUBTYPES = new Set([undefined, 'thread_broadcast', 'file_share'])

/** Where the bot speaks to one person only: notices and refusals that the channel need not read. */
interface Place {
  channel: string
  threadTs: string
  user: string
}

function tell(client: WebClient, place: Place, text: string): Promise<unknown> {
  return client.chat.postEphemeral({ channel: place.channel, thread_ts: place.threadTs, user: place.user, text })
}

/** The message's permalink when Slack gives a usable one (https); the comment or ticket links back to it. */
async function slackOrigin(client: WebClient, channel: string, messageTs: string): Promise<MessageOrigin> {
  const { permalink } = await client.chat.getPermalink({ channel, message_ts: messageTs })
  const parsed = slackPermalinkSchema.safeParse(permalink)
  return { source: 'slack', slackPermalink: parsed.success ? parsed.data : null }
}

function formMetadata(privateMetadata: string): SlackTicketFormMetadata | undefined {
  try {
    const parsed = slackTicketFormMetadataSchema.safeParse(JSON.parse(privateMetadata))
    return parsed.success ? parsed.data : undefined
  } catch {
    return undefined
  }
}

/**
 * The bot's conversation: a mention in a linked channel gets a "Submit request" button, the button opens the ticket
 * form, the form files the ticket as the Slack user's help-center account, and (Premium) replies in a ticket's thread
 * become its comments. Every listener acknowledges Slack first and works afterwards.
 */
export function registerSlackListeners(bolt: App, deps: SlackListenerDependencies): void {
  const { ctx, identity } = deps
  const { db } = ctx

  const formOrganization = (installation: SlackInstallation): TicketFormOrganization => ({
    id: installation.organizationId,
    name: installation.organizationName,
    plan: installation.plan,
    clusters: clustersOf(db, installation.organizationId),
  })

  /** The request's organization while it is still linked to the channel the request came from. */
  const requestInstallation = (request: TicketRequest): SlackInstallation | undefined => {
    const installation = installationOf(db, request.organizationId)
    return installation?.teamId === request.teamId && installation.channelId === request.channelId ? installation : undefined
  }

  async function answerMention(client: WebClient, teamId: string, mention: SlackMessageEvent): Promise<void> {
    if (!mention.user) return
    const threadTs = mention.thread_ts ?? mention.ts
    const place = { channel: mention.channel, threadTs, user: mention.user }
    const installation = installationInChannel(db, teamId, mention.channel)
    if (!installation) {
      await tell(client, place, NOT_LINKED)
      return
    }
    if (!installation.features.channel) {
      await tell(client, place, notOnSlackPlan(installation.organizationName))
      return
    }
    // In a Premium ticket's own thread a mention is a reply, which the message event carries.
    const inTicketThread = mention.thread_ts !== undefined && ticketOfThread(db, teamId, mention.channel, mention.thread_ts) !== undefined
    if (installation.features.twoWay && inTicketThread) return
    const { botUserId } = await identity.get()
    const text = slackTextToMarkdown(mention.text ?? '', botUserId)
    if (text === '') {
      await tell(client, place, DESCRIBE_THE_PROBLEM)
      return
    }
    const request = {
      id: slackDerivedId('ticket request', teamId, mention.channel, mention.ts),
      organizationId: installation.organizationId,
      teamId,
      channelId: mention.channel,
      threadTs,
      slackUserId: mention.user,
      text,
    }
    // A mention Slack delivers again was answered the first time.
    if (!recordTicketRequest(db, request, ctx.now())) return
    await client.chat.postMessage({
      channel: mention.channel,
      thread_ts: threadTs,
      ...requestPrompt(request.id, installation.organizationName),
    })
  }

  async function addThreadReply(client: WebClient, teamId: string, message: SlackMessageEvent): Promise<void> {
    const { thread_ts: threadTs, user } = message
    // The bot's own posts (support's replies among them) come back as messages too: they are never echoed.
    if (!REPLY_SUBTYPES.has(message.subtype) || message.bot_id || !user || !threadTs || threadTs === message.ts) return
    const ticketId = ticketOfThread(db, teamId, message.channel, threadTs)
    if (!ticketId) return
    const installation = installationInChannel(db, teamId, message.channel)
    if (!installation?.features.twoWay) return
    const { botUserId } = await identity.get()
    const body = slackTextToMarkdown(message.text ?? '', botUserId)
    if (body === '' || user === botUserId) return
    const place = { channel: message.channel, threadTs, user }
    const account = await linkedAccount(db, client, user)
    if (!account.found) {
      await tell(client, place, account.reason)
      return
    }
    // Ids from the message itself: a delivery Slack repeats (same event, or its mention twin) adds nothing.
    const mutation = mutationSchema.safeParse({
      id: slackDerivedId('comment.add', teamId, message.channel, message.ts),
      type: 'comment.add',
      commentId: slackDerivedId('comment', teamId, message.channel, message.ts),
      ticketId,
      body,
    })
    if (!mutation.success) {
      const problems = Object.values(fieldErrors(mutation.error)).join('; ')
      await tell(client, place, `This reply was not added to the ticket: ${problems}`)
      return
    }
    const origin = await slackOrigin(client, message.channel, message.ts)
    const [result] = applyMutations(ctx, account.user, [mutation.data], origin).results
    if (result?.status === 'rejected') {
      const key = findTicket(db, ticketId)?.key ?? 'the ticket'
      await tell(client, place, `This reply was not added to ${key}: ${result.error.message}`)
    }
  }

  async function openTicketForm(client: WebClient, payload: unknown): Promise<void> {
    const actions = slackBlockActionsSchema.parse(payload)
    const requestId = actions.actions[0]?.value
    const request = requestId === undefined ? undefined : findTicketRequest(db, requestId)
    if (!request) return
    const place = { channel: request.channelId, threadTs: request.threadTs, user: actions.user.id }
    const filed = request.ticketId === null ? undefined : findTicket(db, request.ticketId)
    if (filed) {
      await tell(client, place, alreadyFiled(filed, deps.ticketUrl(filed.key)))
      return
    }
    const installation = requestInstallation(request)
    if (!installation) {
      await tell(client, place, REQUEST_EXPIRED)
      return
    }
    if (!installation.features.channel) {
      await tell(client, place, notOnSlackPlan(installation.organizationName))
      return
    }
    const account = await linkedAccount(db, client, actions.user.id)
    if (!account.found) {
      await tell(client, place, account.reason)
      return
    }
    if (!organizationsOf(db, account.user).some(({ id }) => id === request.organizationId)) {
      await tell(client, place, notInOrganization(account.user.email, installation.organizationName))
      return
    }
    await client.views.open({
      trigger_id: actions.trigger_id,
      view: ticketFormView({
        metadata: { requestId: request.id, filerName: account.user.name, filerEmail: account.user.email },
        organization: formOrganization(installation),
        kind: firstKind(installation.plan),
        description: request.text,
      }),
    })
  }

  async function redrawTicketForm(client: WebClient, payload: unknown): Promise<void> {
    const actions = slackBlockActionsSchema.parse(payload)
    const view = actions.view
    const metadata = view && formMetadata(view.private_metadata)
    const request = metadata && findTicketRequest(db, metadata.requestId)
    const installation = request && requestInstallation(request)
    const kind = TICKET_KINDS.find((known) => known === chosenKind(view?.state?.values))
    if (!view || !metadata || !request || !installation || !kind) return
    await client.views.update({
      view_id: view.id,
      hash: view.hash,
      view: ticketFormView({ metadata, organization: formOrganization(installation), kind, description: request.text }),
    })
  }

  async function fileRequest(
    client: WebClient,
    request: TicketRequest,
    installation: SlackInstallation,
    submission: { slackUserId: string; viewId: string; ticket: NewTicket },
  ): Promise<void> {
    const place = { channel: request.channelId, threadTs: request.threadTs, user: submission.slackUserId }
    const account = await linkedAccount(db, client, submission.slackUserId)
    if (!account.found) {
      await tell(client, place, account.reason)
      return
    }
    const origin = await slackOrigin(client, request.channelId, request.threadTs)
    // One ticket id per request, so that two people submitting the same request cannot file it twice; one mutation
    // id per form, so that a refused form (the plan changed, say) does not stand in the way of the next one.
    const mutation = mutationSchema.parse({
      id: slackDerivedId('ticket.create', request.id, submission.viewId),
      type: 'ticket.create',
      ticketId: slackDerivedId('ticket', request.id),
      timeZone: account.timeZone,
      ticket: submission.ticket,
    })
    const { results, filed } = applyMutations(ctx, account.user, [mutation], origin)
    const [result] = results
    if (result?.status === 'rejected') {
      const earlier = findTicketRequest(db, request.id)?.ticketId
      const ticket = earlier ? findTicket(db, earlier) : undefined
      await tell(client, place, ticket ? alreadyFiled(ticket, deps.ticketUrl(ticket.key)) : `The ticket was not filed: ${result.error.message}`)
      return
    }
    const [ticket] = filed
    // Applied before, by an earlier delivery of this very form, which confirmed it.
    if (!ticket) return
    recordFiledRequest(db, request, ticket.id)
    await client.chat.postMessage({
      channel: request.channelId,
      thread_ts: request.threadTs,
      ...ticketFiled(ticket, deps.ticketUrl(ticket.key), installation.features.twoWay),
    })
  }

  bolt.event('app_mention', async ({ body, client }) => {
    const envelope = slackEventCallbackSchema.parse(body)
    await answerMention(client, envelope.team_id, slackMessageEventSchema.parse(envelope.event))
  })

  bolt.event('message', async ({ body, client }) => {
    const envelope = slackEventCallbackSchema.parse(body)
    await addThreadReply(client, envelope.team_id, slackMessageEventSchema.parse(envelope.event))
  })

  bolt.action(SUBMIT_REQUEST_ACTION, async ({ ack, body, client }) => {
    await ack()
    await openTicketForm(client, body)
  })

  bolt.action(TICKET_KIND_ACTION, async ({ ack, body, client }) => {
    await ack()
    await redrawTicketForm(client, body)
  })

  bolt.view(TICKET_FORM_CALLBACK, async ({ ack, body, client }) => {
    const submission = slackViewSubmissionSchema.parse(body)
    const metadata = formMetadata(submission.view.private_metadata)
    const request = metadata && findTicketRequest(db, metadata.requestId)
    const installation = request && requestInstallation(request)
    const filed = request?.ticketId ? findTicket(db, request.ticketId) : undefined
    if (filed) {
      await ack({ response_action: 'errors', errors: { kind: `This request was already filed as ${filed.key}` } })
      return
    }
    if (!request || !installation) {
      await ack({ response_action: 'errors', errors: { kind: REQUEST_EXPIRED } })
      return
    }
    const form = ticketFromForm(submission.view.state.values, formOrganization(installation))
    if (!form.ok) {
      const errors = Object.fromEntries(Object.entries(form.errors).filter((entry): entry is [string, string] => entry[1] !== undefined))
      await ack({ response_action: 'errors', errors })
      return
    }
    await ack()
    await fileRequest(client, request, installation, {
      slackUserId: submission.user.id,
      viewId: submission.view.id,
      ticket: form.ticket,
    })
  })
}
