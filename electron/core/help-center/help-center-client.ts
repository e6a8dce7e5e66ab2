import type { z } from 'zod'
import {
  profileSchema,
  tokenGrantSchema,
  type Profile,
  type TokenGrant,
} from '../../../shared/schemas/account'
import { SupportError, supportErrorSchema } from '../../../shared/schemas/error'

export type Fetch = typeof fetch

const REQUEST_TIMEOUT_MS = 15_000

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

/** The help center's REST API; every answer is checked against the shared schemas. */
export class HelpCenterClient {
  readonly baseUrl: string

  constructor(
    baseUrl: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {
    this.baseUrl = normalizeHelpCenterUrl(baseUrl)
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
    const url = `${this.baseUrl}/api/v1${path}`
    const headers: Record<string, string> = { accept: 'application/json' }
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`
    const send = () =>
      this.fetchImpl(url, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
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
      throw new SupportError({
        code: 'unreachable',
        message: `Can't reach the help center at ${this.baseUrl} (${describeNetworkError(error)}).`,
      })
    }
    if (!response.ok) throw await this.errorFrom(response)
    if (!options.response) return undefined as z.infer<S>
    const body: unknown = await response.json().catch(() => undefined)
    const parsed = options.response.safeParse(body)
    if (!parsed.success) {
      throw new SupportError({ code: 'server_error', message: `The help center sent an unexpected answer to ${path}.` })
    }
    return parsed.data
  }

  private async errorFrom(response: Response): Promise<SupportError> {
    const body: unknown = await response.json().catch(() => undefined)
    const parsed = supportErrorSchema.safeParse(body)
    const retryAfter = Number(response.headers.get('retry-after'))
    if (parsed.success) {
      return new SupportError({
        ...parsed.data,
        ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
      })
    }
    const code = response.status === 401 ? 'unauthorized' : response.status === 429 ? 'rate_limited' : 'server_error'
    return new SupportError({ code, message: `The help center answered ${response.status} ${response.statusText}.` })
  }
}

const STALE_CONNECTION_ERRORS = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])

function networkErrorCode(error: unknown): string | undefined {
  return error instanceof Error ? (error as Error & { cause?: { code?: string } }).cause?.code : undefined
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer within 15 seconds'
    const code = networkErrorCode(error)
    if (code === 'ECONNREFUSED') return 'connection refused'
    if (code === 'ENOTFOUND') return 'host not found'
    return code ?? error.message
  }
  return 'network error'
}
