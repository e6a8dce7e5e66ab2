import { parse as parseQueryString } from 'node:querystring'
import { verifySlackRequest, type App, type Receiver, type ReceiverEvent } from '@slack/bolt'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { PendingWork } from './pending-work'
import { parseOrThrow, SupportError } from '../../shared/schemas/error'
import { slackRequestSchema, type SlackRequest } from '../../shared/schemas/slack'

/** The app's Request URL, for events and interactivity alike. */
export const SLACK_EVENTS_PATH = '/slack/events'

/** Slack refuses requests older than five minutes; so does the service, and ones from five minutes ahead too. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60
/** Slack gives up after 3 seconds; a listener that has not acknowledged by then is answered for. */
const ACK_DEADLINE_MS = 2_500
/** Events and view submissions are small; a modal's state is the largest. */
const SLACK_BODY_LIMIT = 1024 * 1024

export interface SlackReceiverOptions {
  signingSecret: string
  now: () => Date
  work: PendingWork
  log: FastifyBaseLogger
}

function refused(): SupportError {
  return new SupportError({
    code: 'unauthorized',
    message: 'This request is not from Slack: its signature is missing or wrong, or its timestamp is more than five minutes off',
  })
}

function headerOf(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Bolt's receiver on the help center's own Fastify server: checks Slack's signature and timestamp on the raw body,
 * answers Slack as soon as the listener acknowledges (events at once), and leaves the listener's work running after
 * the answer, tracked in `work`.
 */
export class FastifySlackReceiver implements Receiver {
  private bolt: App | undefined

  constructor(private readonly options: SlackReceiverOptions) {}

  init(app: App): void {
    this.bolt = app
  }

  /** The route lives on the help center's server, which starts and stops it. */
  start(): Promise<void> {
    return Promise.resolve()
  }

  stop(): Promise<void> {
    return Promise.resolve()
  }

  register(app: FastifyInstance): void {
    // In a scope of its own: the signature covers the body's exact bytes, so here bodies stay strings.
    void app.register(async (scope) => {
      scope.removeAllContentTypeParsers()
      scope.addContentTypeParser(
        ['application/json', 'application/x-www-form-urlencoded'],
        { parseAs: 'string', bodyLimit: SLACK_BODY_LIMIT },
        (_request, body, done) => done(null, body),
      )
      scope.post(SLACK_EVENTS_PATH, (request, reply) => this.handle(request, reply))
    })
  }

  private async handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const rawBody = typeof request.body === 'string' ? request.body : ''
    this.verify(request, rawBody)
    const payload = parseOrThrow(slackRequestSchema, this.decode(rawBody, headerOf(request, 'content-type')), 'Slack request')
    if (payload.type === 'url_verification') return { challenge: payload.challenge }
    if (payload.type === 'app_rate_limited') return reply.status(200).send()
    return this.dispatch(payload, request, reply)
  }

  private verify(request: FastifyRequest, rawBody: string): void {
    const signature = headerOf(request, 'x-slack-signature')
    const timestamp = Number(headerOf(request, 'x-slack-request-timestamp'))
    if (!signature || !Number.isInteger(timestamp)) throw refused()
    const nowMilliseconds = this.options.now().getTime()
    // verifySlackRequest refuses old timestamps only; one from the future is as much a replay.
    if (Math.abs(nowMilliseconds / 1000 - timestamp) > MAX_CLOCK_SKEW_SECONDS) throw refused()
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: rawBody,
        headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
        nowMilliseconds,
      })
    } catch {
      throw refused()
    }
  }

  /** Events come as JSON, interactions as a form with one `payload` field holding JSON. */
  private decode(rawBody: string, contentType: string | undefined): unknown {
    const json = contentType?.startsWith('application/x-www-form-urlencoded') ? parseQueryString(rawBody).payload : rawBody
    try {
      if (typeof json !== 'string') throw new Error('no payload')
      return JSON.parse(json) as unknown
    } catch {
      throw new SupportError({ code: 'invalid_input', message: 'Invalid Slack request: the payload is not JSON' })
    }
  }

  private dispatch(body: SlackRequest, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const bolt = this.bolt
    if (!bolt) throw new Error('The Slack receiver was not given to a Bolt app')
    return new Promise((resolve, reject) => {
      let answered = false
      const answer = (response?: unknown): boolean => {
        if (answered) return false
        answered = true
        clearTimeout(deadline)
        resolve(reply.status(200).send(response ?? ''))
        return true
      }
      const deadline = setTimeout(() => {
        if (answer()) this.options.log.warn({ type: body.type }, 'Slack request not acknowledged in time; answered empty')
      }, ACK_DEADLINE_MS)
      // An event wants nothing but a 200: it gets one before any listener runs.
      if (body.type === 'event_callback') answer()
      const retryNum = Number(headerOf(request, 'x-slack-retry-num'))
      const event: ReceiverEvent = {
        body,
        retryNum: Number.isInteger(retryNum) ? retryNum : undefined,
        retryReason: headerOf(request, 'x-slack-retry-reason'),
        ack: async (response?: unknown) => {
          answer(response)
        },
      }
      const processing = bolt.processEvent(event)
      this.options.work.track(processing)
      processing.then(
        () => answer(),
        (error: unknown) => {
          if (answered) return
          answered = true
          clearTimeout(deadline)
          reject(error instanceof Error ? error : new Error(String(error)))
        },
      )
    })
  }
}
