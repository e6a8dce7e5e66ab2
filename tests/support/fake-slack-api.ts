import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parse as parseQueryString, stringify as stringifyQuery } from 'node:querystring'

/** The workspace the fake plays, the bot installed in it, and its support channel. */
export const FAKE_WORKSPACE = { teamId: 'T0HELIX', teamName: 'Helix Logistics', domain: 'helix-logistics' }
export const FAKE_BOT = { token: 'xoxb-fake-support-bot', botId: 'B0SUPPORT', userId: 'U0SUPPORTBOT' }
export const FAKE_SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef'

export interface FakeSlackUser {
  id: string
  name: string
  /** Left out for a profile that hides its email from apps. */
  email?: string
  tz?: string
}

export interface FakeSlackChannel {
  id: string
  name: string
}

export interface RecordedCall {
  method: string
  args: Record<string, unknown>
  /** What the fake answered; undefined while the call is held. */
  result?: Record<string, unknown>
}

/** Arguments the Web API client sends as JSON inside the form. */
const JSON_ARGUMENTS = new Set(['blocks', 'view', 'attachments'])

interface Hold {
  reached: Promise<void>
  arrive: () => void
  released: Promise<void>
  release: () => void
}

/**
 * Slack's Web API on loopback, as much of it as the ticket bot uses: it answers like Slack, hands out message
 * timestamps and view ids, and records every call (method and arguments) for the test to read.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = []
  private nextMessage = 1
  private nextView = 1
  private readonly holds = new Map<string, Hold>()

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    private readonly users: Map<string, FakeSlackUser>,
    private readonly channels: Map<string, FakeSlackChannel>,
  ) {}

  static async start(setup: { users: FakeSlackUser[]; channels: FakeSlackChannel[] }): Promise<FakeSlackApi> {
    const server = createServer((request, response) => {
      void fake.answer(request, response)
    })
    const fake = new FakeSlackApi(
      server,
      new Map(setup.users.map((user) => [user.id, user])),
      new Map(setup.channels.map((channel) => [channel.id, channel])),
    )
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    return fake
  }

  /** What the SDK's `slackApiUrl` is set to. */
  get apiUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`
  }

  callsTo(method: string): Record<string, unknown>[] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args)
  }

  /** The modal as Slack shows it now: the newest view opened or updated, with the id and hash the fake gave it. */
  currentView(): OpenedView {
    const shown = this.calls.filter((call) => (call.method === 'views.open' || call.method === 'views.update') && call.result?.ok)
    const view = shown.at(-1)?.result?.view
    if (!view) throw new Error('No view was opened')
    return view as OpenedView
  }

  /** Calls to `method` wait until released; `reached` resolves when the first one arrives. */
  hold(method: string): { reached: Promise<void>; release: () => void } {
    let arrive = () => {}
    let release = () => {}
    const reached = new Promise<void>((resolve) => (arrive = resolve))
    const released = new Promise<void>((resolve) => (release = resolve))
    this.holds.set(method, { reached, arrive, released, release })
    return {
      reached,
      release: () => {
        this.holds.delete(method)
        release()
      },
    }
  }

  /** Slack's permalink for a message, as chat.getPermalink gives it. */
  permalink(channel: string, ts: string): string {
    return `https://${FAKE_WORKSPACE.domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const form = parseQueryString(Buffer.concat(chunks).toString('utf8'))
    const args: Record<string, unknown> = {}
    for (const [name, value] of Object.entries(form)) {
      args[name] = JSON_ARGUMENTS.has(name) && typeof value === 'string' ? (JSON.parse(value) as unknown) : value
    }
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? ''
    const call: RecordedCall = { method, args }
    this.calls.push(call)
    const hold = this.holds.get(method)
    if (hold) {
      hold.arrive()
      await hold.released
    }
    const authorized = request.headers.authorization === `Bearer ${FAKE_BOT.token}` || args.token === FAKE_BOT.token
    const result = authorized ? this.result(method, args) : { ok: false, error: 'invalid_auth' }
    call.result = result
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
    response.end(JSON.stringify(result))
  }

  private result(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: `https://${FAKE_WORKSPACE.domain}.slack.com/`,
          team: FAKE_WORKSPACE.teamName,
          user: 'support-bot',
          team_id: FAKE_WORKSPACE.teamId,
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
        }
      case 'chat.postMessage': {
        const ts = this.messageTs()
        return { ok: true, channel: args.channel, ts, message: { type: 'message', text: args.text, bot_id: FAKE_BOT.botId, ts } }
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: this.messageTs() }
      case 'chat.getPermalink':
        return { ok: true, channel: args.channel, permalink: this.permalink(String(args.channel), String(args.message_ts)) }
      case 'views.open':
      case 'views.update': {
        const id = method === 'views.open' ? `V0FORM${this.nextView++}` : String(args.view_id)
        return { ok: true, view: { ...(args.view as object), id, hash: `${id}.${this.nextView++}` } }
      }
      case 'users.info': {
        const user = this.users.get(String(args.user))
        if (!user) return { ok: false, error: 'user_not_found' }
        return {
          ok: true,
          user: {
            id: user.id,
            team_id: FAKE_WORKSPACE.teamId,
            name: user.name,
            real_name: user.name,
            tz: user.tz ?? 'UTC',
            profile: { real_name: user.name, ...(user.email ? { email: user.email } : {}) },
          },
        }
      }
      case 'conversations.info': {
        const channel = this.channels.get(String(args.channel))
        if (!channel) return { ok: false, error: 'channel_not_found' }
        return { ok: true, channel: { id: channel.id, name: channel.name, is_channel: true, is_member: true } }
      }
      default:
        return { ok: false, error: 'unknown_method' }
    }
  }

  /** Message timestamps count up from the test clock's start (2026-03-02 09:00 UTC). */
  private messageTs(): string {
    return `${1772442000 + this.nextMessage++}.000100`
  }
}

export interface SignedRequest {
  headers: Record<string, string>
  body: string
}

export interface SlackAnswer {
  statusCode: number
  body: string
}

/** Slack's v0 signature: HMAC-SHA256 of "v0:{timestamp}:{body}" with the signing secret. */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`
}

/** An input block of a view as views.open received it. */
interface ViewInput {
  type: 'input'
  block_id: string
  element: {
    type: string
    action_id: string
    initial_value?: string
    initial_option?: { value: string }
    options?: { value: string; text: { text: string } }[]
  }
}

export interface OpenedView {
  id: string
  hash?: string
  callback_id: string
  private_metadata: string
  blocks: { type: string }[]
}

/**
 * Slack's side of the conversation: events and interactions shaped as Slack sends them, signed with the app's
 * signing secret and dated by the service's clock, handed to `send` (Fastify's inject, or fetch).
 */
export class FakeSlackWorkspace {
  private nextEvent = 1
  private nextTrigger = 1

  constructor(
    readonly send: (request: SignedRequest) => Promise<SlackAnswer>,
    private readonly now: () => Date,
    private readonly signingSecret = FAKE_SIGNING_SECRET,
  ) {}

  /** Signed now, unless told otherwise. */
  signed(body: string, contentType: string, options: { timestamp?: number; headers?: Record<string, string> } = {}): SignedRequest {
    const timestamp = options.timestamp ?? Math.floor(this.now().getTime() / 1000)
    return {
      body,
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlackRequest(this.signingSecret, timestamp, body),
        ...options.headers,
      },
    }
  }

  /** An Events API delivery; pass the same `eventId` and a `retryNum` to play Slack's retry of it. */
  async event(
    event: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number } = {},
  ): Promise<SlackAnswer & { eventId: string }> {
    const eventId = options.eventId ?? `Ev0FAKE${this.nextEvent++}`
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: FAKE_WORKSPACE.teamId,
      api_app_id: 'A0SUPPORT',
      event: { ...event, event_ts: event.ts },
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(this.now().getTime() / 1000),
      authorizations: [{ team_id: FAKE_WORKSPACE.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false }],
    })
    const retry: Record<string, string> =
      options.retryNum === undefined ? {} : { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
    const answer = await this.send(this.signed(body, 'application/json', { headers: retry }))
    return { ...answer, eventId }
  }

  /** A user mentioning the bot in a channel: "@PingCAP Support Bot <text>". */
  mention(user: string, channel: string, ts: string, text: string, threadTs?: string) {
    return this.event({
      type: 'app_mention',
      user,
      text: `<@${FAKE_BOT.userId}> ${text}`,
      ts,
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    })
  }

  /** A message in a channel; `threadTs` makes it a reply in that thread. */
  message(message: { user?: string; channel: string; ts: string; text: string; threadTs?: string; botId?: string; subtype?: string }) {
    return this.event({
      type: 'message',
      channel_type: 'channel',
      channel: message.channel,
      ts: message.ts,
      text: message.text,
      ...(message.user ? { user: message.user } : {}),
      ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
      ...(message.botId ? { bot_id: message.botId } : {}),
      ...(message.subtype ? { subtype: message.subtype } : {}),
    })
  }

  /** An interaction: Slack posts a form whose `payload` field holds the JSON. */
  interaction(payload: Record<string, unknown>): Promise<SlackAnswer> {
    return this.send(this.signed(stringifyQuery({ payload: JSON.stringify(payload) }), 'application/x-www-form-urlencoded'))
  }

  /** A click on a message's button (the bot's "Submit request"). */
  clickButton(user: string, channel: string, button: { action_id: string; value?: string }): Promise<SlackAnswer> {
    return this.interaction({
      type: 'block_actions',
      team: { id: FAKE_WORKSPACE.teamId, domain: FAKE_WORKSPACE.domain },
      user: { id: user, team_id: FAKE_WORKSPACE.teamId },
      api_app_id: 'A0SUPPORT',
      token: 'legacy-verification-token',
      trigger_id: `${this.nextTrigger++}.trigger`,
      container: { type: 'message', channel_id: channel, is_ephemeral: false },
      channel: { id: channel },
      actions: [{ type: 'button', block_id: 'request', action_id: button.action_id, value: button.value, action_ts: '1772442001.000200' }],
    })
  }

  /** A choice in a modal's select that dispatches its action (the ticket form's kind). */
  chooseInView(user: string, view: OpenedView, blockId: string, value: string): Promise<SlackAnswer> {
    const input = inputsOf(view).find((block) => block.block_id === blockId)
    if (!input) throw new Error(`The view has no input block ${blockId}`)
    return this.interaction({
      type: 'block_actions',
      team: { id: FAKE_WORKSPACE.teamId, domain: FAKE_WORKSPACE.domain },
      user: { id: user, team_id: FAKE_WORKSPACE.teamId },
      api_app_id: 'A0SUPPORT',
      trigger_id: `${this.nextTrigger++}.trigger`,
      container: { type: 'view', view_id: view.id },
      view: { ...view, state: { values: viewState(view, { [blockId]: value }) } },
      actions: [
        {
          type: input.element.type,
          block_id: blockId,
          action_id: input.element.action_id,
          selected_option: { value },
          action_ts: '1772442001.000300',
        },
      ],
    })
  }

  /** Pressing the modal's submit button with these answers (by block id); other inputs keep their initial values. */
  submitView(user: string, view: OpenedView, answers: Record<string, string>): Promise<SlackAnswer> {
    return this.interaction({
      type: 'view_submission',
      team: { id: FAKE_WORKSPACE.teamId, domain: FAKE_WORKSPACE.domain },
      user: { id: user, team_id: FAKE_WORKSPACE.teamId },
      api_app_id: 'A0SUPPORT',
      trigger_id: `${this.nextTrigger++}.trigger`,
      view: { ...view, type: 'modal', state: { values: viewState(view, answers) } },
    })
  }
}

function inputsOf(view: OpenedView): ViewInput[] {
  return view.blocks.filter((block): block is ViewInput => block.type === 'input')
}

/** The state Slack would send for these answers: by block id, then action id, as the view defines them. */
function viewState(view: OpenedView, answers: Record<string, string>) {
  const values: Record<string, Record<string, unknown>> = {}
  for (const input of inputsOf(view)) {
    const answer = answers[input.block_id]
    const { element } = input
    values[input.block_id] = {
      [element.action_id]:
        element.type === 'static_select'
          ? { type: 'static_select', selected_option: answer !== undefined ? { value: answer } : (element.initial_option ?? null) }
          : { type: element.type, value: answer ?? element.initial_value ?? null },
    }
  }
  return values
}
