import type { z } from 'zod'
import {
  profileSchema,
  tokenGrantSchema,
  type Profile,
  type TokenGrant,
} from '../../../shared/schemas/account'
import { SupportError, supportErrorSchema } from '../../../shared/schemas/error'

export type Fetch = typeof fetch

/** How long a request may go unanswered before it counts as failed, unless the client is told otherwise. */
export const REQUEST_TIMEOUT_MS = 15_000
/** An event stream may hold at most this much of an unfinished event: more is not an event stream. */
const EVENT_BUFFER_MAX = 64 * 1024

/** `https://help.example.com/` and `https://help.example.com` are the same help center. */
export function normalizeHelpCenterUrl(value: string): string {
  const url = new URL(value.trim())
  url.hash = ''
  url.search = ''
  return url.toString().replace(/\/+$/, '')
}

interface RequestOptions<S extends z.ZodType> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  body?: unknown
  accessToken?: string
  /** Validates the answer; omit for endpoints that answer 204. */
  response?: S
}

export interface HelpCenterClientOptions {
  /** REQUEST_TIMEOUT_MS unless set. */
  requestTimeoutMs?: number
}

export interface FollowEventsOptions {
  signal: AbortSignal
  /** A stream silent for this long is taken for dead: the help center sends a heartbeat every 25 s. */
  idleMs: number
  /** The stream is open: the help center answered. */
  onOpen?: () => void
  /** A "changes" event: there is something new to pull. */
  onChanges: () => void
}

/**
 * The help center's REST API; every answer is checked against the shared schemas. A Retry-After on an error
 * holds back every later request of this client, the event stream included, until it has passed.
 */
export class HelpCenterClient {
  readonly baseUrl: string
  private readonly requestTimeoutMs: number
  /** Epoch ms before which the help center asked not to hear from us again, and the answer in which it asked. */
  private quietUntil = 0
  private quietBecause = ''

  constructor(
    baseUrl: string,
    private readonly fetchImpl: Fetch = fetch,
    options: HelpCenterClientOptions = {},
  ) {
    this.baseUrl = normalizeHelpCenterUrl(baseUrl)
    this.requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS
  }

  signIn(email: string, password: string): Promise<TokenGrant> {
    return this.request('/auth/token', { method: 'POST', body: { email, password }, response: tokenGrantSchema })
  }

  refresh(refreshToken: string): Promise<TokenGrant> {
    return this.request('/auth/refresh', { method: 'POST', body: { refreshToken }, response: tokenGrantSchema })
  }

  async revoke(refreshToken: string): Promise<void> {
    await this.request('/auth/revoke', { method: 'POST', body: { refreshToken } })
  }

  profile(accessToken: string): Promise<Profile> {
    return this.request('/me', { accessToken, response: profileSchema })
  }

  async request<S extends z.ZodType>(path: string, options: RequestOptions<S>): Promise<z.infer<S>> {
    this.holdOff()
    const url = `${this.baseUrl}/api/v1${path}`
    const method = options.method ?? 'GET'
    const headers: Record<string, string> = { accept: 'application/json' }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`
    const send = () =>
      this.fetchImpl(url, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        // Bounds the body too: an answer that stops halfway fails like one that never starts.
        signal: AbortSignal.timeout(this.requestTimeoutMs),
      })
    let response: Response
    try {
      response = await send().catch((error: unknown) => {
        // A kept-alive connection the server dropped (it restarted, say) fails at once; a fresh one may not.
        // Every request here is safe to repeat: mutations carry ids the server applies at most once.
        if (STALE_CONNECTION_ERRORS.has(networkErrorCode(error) ?? '')) return send()
        throw error
      })
    } catch (error) {
      throw this.unreachable(error)
    }
    if (!response.ok) throw await this.errorFrom(response)
    if (!options.response) return undefined as z.infer<S>
    let text: string
    try {
      text = await response.text()
    } catch (error) {
      throw new SupportError({
        code: 'unreachable',
        message: `The help center's answer to ${method} ${path} broke off (${this.describeNetworkError(error)}).`,
      })
    }
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      throw new SupportError({
        code: 'server_error',
        message: `The help center's answer to ${method} ${path} was not valid JSON (${text.length} bytes, cut short or garbled).`,
      })
    }
    const parsed = options.response.safeParse(body)
    if (!parsed.success) {
      throw new SupportError({ code: 'server_error', message: `The help center sent an unexpected answer to ${method} ${path}.` })
    }
    return parsed.data
  }

  /**
   * Follows the help center's event stream (`GET /api/v1/events`) until it ends or fails; the answer must come within
   * the request timeout, and then something (an event or a heartbeat) at least every `idleMs`.
   */
  async followEvents(accessToken: string, options: FollowEventsOptions): Promise<void> {
    this.holdOff()
    const controller = new AbortController()
    const stop = () => controller.abort(options.signal.reason)
    options.signal.addEventListener('abort', stop, { once: true })
    const giveUpAfter = (ms: number, message: string) =>
      setTimeout(() => controller.abort(new SupportError({ code: 'unreachable', message })), ms)
    let timer = giveUpAfter(this.requestTimeoutMs, `The help center's event stream did not answer within ${seconds(this.requestTimeoutMs)}.`)
    const stillAlive = () => {
      clearTimeout(timer)
      timer = giveUpAfter(options.idleMs, `The help center's event stream went silent for ${seconds(options.idleMs)}.`)
    }
    try {
      let response: Response
      try {
        response = await this.fetchImpl(`${this.baseUrl}/api/v1/events`, {
          headers: { authorization: `Bearer ${accessToken}`, accept: 'text/event-stream' },
          signal: controller.signal,
        })
      } catch (error) {
        throw controller.signal.reason instanceof SupportError ? controller.signal.reason : this.unreachable(error)
      }
      if (!response.ok) throw await this.errorFrom(response)
      if (!response.body) throw new SupportError({ code: 'server_error', message: 'The help center opened an empty event stream.' })
      options.onOpen?.()
      stillAlive()
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        let chunk: Awaited<ReturnType<typeof reader.read>>
        try {
          chunk = await reader.read()
        } catch (error) {
          throw controller.signal.reason instanceof SupportError ? controller.signal.reason : this.unreachable(error)
        }
        if (chunk.done) return
        stillAlive()
        buffer += chunk.value
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (/^event: changes$/m.test(block)) options.onChanges()
        }
        if (buffer.length > EVENT_BUFFER_MAX) {
          void reader.cancel()
          throw new SupportError({ code: 'server_error', message: 'The help center sent something other than events on its event stream.' })
        }
      }
    } finally {
      clearTimeout(timer)
      options.signal.removeEventListener('abort', stop)
      controller.abort()
    }
  }

  /** Refuses to send while a Retry-After the help center gave has not passed. */
  private holdOff(): void {
    const waitMs = this.quietUntil - Date.now()
    if (waitMs <= 0) return
    // Not sent: the reason to wait is still the help center's answer that asked for it.
    throw new SupportError({ code: 'rate_limited', message: this.quietBecause, retryAfterSeconds: Math.ceil(waitMs / 1000) })
  }

  private unreachable(error: unknown): SupportError {
    return new SupportError({
      code: 'unreachable',
      message: `Can't reach the help center at ${this.baseUrl} (${this.describeNetworkError(error)}).`,
    })
  }

  private async errorFrom(response: Response): Promise<SupportError> {
    const body: unknown = await response.json().catch(() => undefined)
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'))
    const error = this.supportErrorOf(response, body, retryAfter)
    if (retryAfter !== undefined && Date.now() + retryAfter * 1000 > this.quietUntil) {
      this.quietUntil = Date.now() + retryAfter * 1000
      this.quietBecause = error.message
    }
    return error
  }

  private supportErrorOf(response: Response, body: unknown, retryAfter: number | undefined): SupportError {
    const parsed = supportErrorSchema.safeParse(body)
    const waiting = retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}
    const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`
    // A server fault says little to the user by itself: the status says it came from the help center.
    if (response.status >= 500) {
      return new SupportError({
        code: parsed.success ? parsed.data.code : 'server_error',
        message: `The help center answered ${status}${parsed.success ? `: ${parsed.data.message}` : '.'}`,
        ...waiting,
      })
    }
    if (parsed.success) return new SupportError({ ...parsed.data, ...waiting })
    const code = response.status === 401 ? 'unauthorized' : response.status === 429 ? 'rate_limited' : 'server_error'
    const asked = retryAfter !== undefined ? ` and asked to wait ${retryAfter} s` : ''
    return new SupportError({ code, message: `The help center answered ${status}${asked}.`, ...waiting })
  }

  private describeNetworkError(error: unknown): string {
    if (error instanceof Error) {
      if (error.name === 'TimeoutError') return `no answer within ${seconds(this.requestTimeoutMs)}`
      const code = networkErrorCode(error)
      if (code === 'ECONNREFUSED') return 'connection refused'
      if (code === 'ECONNRESET') return 'connection reset'
      if (code === 'UND_ERR_SOCKET') return 'connection closed before the answer was complete'
      if (code === 'ENOTFOUND') return 'host not found'
      return code ?? error.message
    }
    return 'network error'
  }
}

/** Retry-After in seconds, given as seconds or as an HTTP date. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined
  const delay = Number(header)
  if (Number.isFinite(delay)) return delay > 0 ? Math.ceil(delay) : undefined
  const at = Date.parse(header)
  if (Number.isNaN(at)) return undefined
  const delayMs = at - Date.now()
  return delayMs > 0 ? Math.ceil(delayMs / 1000) : undefined
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

const STALE_CONNECTION_ERRORS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])

function networkErrorCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as Error & { cause?: { code?: string } }).cause?.code : undefined
}
