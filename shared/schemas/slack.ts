import { z } from 'zod'
import { emailSchema, isoTimeSchema } from './account'

/** Workspaces T…, users U…/W…, bots B…, views V…: upper-case letters and digits. */
const slackIdSchema = z.string().regex(/^[A-Z0-9]{2,32}$/, { error: 'Not a Slack id' })
/** A message's timestamp, which is also its id within the channel: "1772442000.000100". */
export const slackTimestampSchema = z.string().regex(/^\d{1,12}\.\d{1,8}$/, { error: 'Not a Slack message timestamp' })

/** Where a message is: a channel (C…), a private channel (G…) or a direct message (D…). */
const slackConversationIdSchema = z.string().regex(/^[CGD][A-Z0-9]{2,31}$/, { error: 'Not a Slack conversation id' })

export const slackChannelIdSchema = z
  .string()
  .trim()
  .regex(/^[CG][A-Z0-9]{2,31}$/, { error: 'Slack channel ids look like C0123ABCD: copy it from the channel details' })

/** `POST /api/v1/admin/organizations/:id/slack`: a channel of the workspace the service's bot token belongs to. */
export const slackChannelLinkRequestSchema = z.object({ channelId: slackChannelIdSchema })

/** How an organization is connected to Slack, on its plan endpoint: the desktop app's channels panel shows it. */
export const slackConnectionSchema = z.discriminatedUnion('linked', [
  z.object({ linked: z.literal(false) }),
  z.object({
    linked: z.literal(true),
    workspaceName: z.string().min(1).max(200),
    channelId: slackChannelIdSchema,
    channelName: z.string().min(1).max(80),
    linkedAt: isoTimeSchema,
  }),
])
export type SlackConnection = z.infer<typeof slackConnectionSchema>

/** What the ticket form carries through Slack: the request it files, and who files it for the form's heading. */
export const slackTicketFormMetadataSchema = z.object({
  requestId: z.uuid(),
  filerName: z.string().min(1).max(200),
  filerEmail: emailSchema,
})
export type SlackTicketFormMetadata = z.infer<typeof slackTicketFormMetadataSchema>

// What Slack sends to the request URL. Only the fields the service reads are checked; Slack adds fields over
// time, so the rest passes through to Bolt as it came.

const slackTeamSchema = z.looseObject({ id: slackIdSchema })
const slackUserSchema = z.looseObject({ id: slackIdSchema })

/** Mentions and messages in a channel the bot is in; edits and joins arrive as messages with a subtype. */
export const slackMessageEventSchema = z.looseObject({
  type: z.enum(['app_mention', 'message']),
  channel: slackConversationIdSchema,
  ts: slackTimestampSchema,
  thread_ts: slackTimestampSchema.optional(),
  user: slackIdSchema.optional(),
  text: z.string().max(40_000).optional(),
  subtype: z.string().max(64).optional(),
  bot_id: slackIdSchema.optional(),
})
export type SlackMessageEvent = z.infer<typeof slackMessageEventSchema>

/** One answer of a modal: a text input's value or a select's option, null while empty. */
export const slackInputStateSchema = z.looseObject({
  type: z.string().max(64),
  value: z.string().max(40_000).nullish(),
  selected_option: z.looseObject({ value: z.string().max(150) }).nullish(),
})
/** A modal's answers by block id, then by action id. */
export const slackViewStateSchema = z.record(z.string().max(255), z.record(z.string().max(255), slackInputStateSchema))
export type SlackViewState = z.infer<typeof slackViewStateSchema>

const slackViewSchema = z.looseObject({
  id: slackIdSchema,
  hash: z.string().max(200).optional(),
  callback_id: z.string().max(255),
  private_metadata: z.string().max(3_000),
  state: z.looseObject({ values: slackViewStateSchema }).optional(),
})

export const slackActionSchema = z.looseObject({
  action_id: z.string().max(255),
  value: z.string().max(2_000).optional(),
  selected_option: z.looseObject({ value: z.string().max(150) }).nullish(),
})

/** Mentions and messages are checked field by field; other event types are acknowledged and left alone. */
const slackEventSchema = z.looseObject({ type: z.string().max(64) }).superRefine((event, context) => {
  if (event.type !== 'app_mention' && event.type !== 'message') return
  const message = slackMessageEventSchema.safeParse(event)
  if (message.success) return
  for (const issue of message.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path })
})

export const slackEventCallbackSchema = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackIdSchema,
  event_id: z.string().regex(/^Ev[A-Z0-9]{2,40}$/, { error: 'Not a Slack event id' }),
  event: slackEventSchema,
})

export const slackBlockActionsSchema = z.looseObject({
  type: z.literal('block_actions'),
  team: slackTeamSchema.nullable(),
  user: slackUserSchema,
  trigger_id: z.string().min(1).max(255),
  actions: z.array(slackActionSchema).min(1).max(10),
  view: slackViewSchema.optional(),
})

export const slackViewSubmissionSchema = z.looseObject({
  type: z.literal('view_submission'),
  team: slackTeamSchema.nullable(),
  user: slackUserSchema,
  view: slackViewSchema.extend({ state: z.looseObject({ values: slackViewStateSchema }) }),
})

export const slackRequestSchema = z.discriminatedUnion('type', [
  /** Sent once when the request URL is saved in the app's settings. */
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().min(1).max(200) }),
  slackEventCallbackSchema,
  /** Sent when Slack had to slow the app's events down: nothing to do but acknowledge it. */
  z.looseObject({ type: z.literal('app_rate_limited') }),
  slackBlockActionsSchema,
  slackViewSubmissionSchema,
  z.looseObject({ type: z.literal('view_closed'), team: slackTeamSchema.nullable(), user: slackUserSchema }),
])
export type SlackRequest = z.infer<typeof slackRequestSchema>
