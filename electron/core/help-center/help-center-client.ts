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
    let response: Response
    try {
      response = await this.fetchImpl(url, {
        method: options.method ?? 'GET',
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
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

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'no answer within 15 seconds'
    const cause = (error as Error & { cause?: { code?: string } }).cause
    if (cause?.code === 'ECONNREFUSED') return 'connection refused'
    if (cause?.code === 'ENOTFOUND') return 'host not found'
    return cause?.code ?? error.message
  }
  return 'network error'
}
