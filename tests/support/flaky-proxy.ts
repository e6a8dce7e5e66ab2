import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mulberry32 } from './seeded-random'

export const FAULTS = [
  /** The connection is reset before the request reaches the help center. */
  'drop_request',
  /** The help center did the work, then the connection is reset before its answer arrives (what duplicates naive clients). */
  'drop_response',
  /** A 500 from the proxy; the help center never sees the request. */
  'server_error',
  /** A 429 with Retry-After from the proxy; the help center never sees the request. */
  'rate_limited',
  /** No answer at all: the connection stays open until the client gives up. On the event stream, before or after its headers. */
  'timeout',
  /** The help center's answer breaks off halfway: the connection closes before its Content-Length is reached. */
  'truncated_body',
  /** The help center's answer arrives whole, with its JSON (or, on the event stream, its events) garbled. */
  'malformed_body',
] as const
export type Fault = (typeof FAULTS)[number]

/** The three kinds the proxy started with: the default, so that seeded runs written for them replay unchanged. */
const ORIGINAL_FAULTS: readonly Fault[] = ['drop_request', 'drop_response', 'server_error']

export interface ProxyLogEntry {
  method: string
  path: string
  /** The fault injected, or null when the request went through untouched. */
  fault: Fault | null
  eventStream: boolean
  /** Date.now() when the request arrived at the proxy. */
  arrivedAt: number
  /** Date.now() when the proxy answered it (or cut it off); undefined while it is held open. */
  answeredAt?: number
  retryAfterSeconds?: number
  detail?: string
}

export interface FlakyProxyOptions {
  /** Share of ordinary requests that fail. */
  faultRate: number
  /** Share of event-stream connections that fail; 0 (streams pass untouched) unless given. */
  eventStreamFaultRate?: number
  seed?: number
  /** The kinds of fault to draw from; drop_request, drop_response and server_error unless given. */
  faults?: readonly Fault[]
  /** Retry-After of an injected 429, drawn from this range of whole seconds; [1, 2] unless given. */
  retryAfterSeconds?: readonly [number, number]
  /** Event streams that pass are ended after this long, as load balancers end long connections; never unless given. */
  eventStreamLifetimeMs?: number
}

export interface FlakyProxy {
  url: string
  /** What happened to each request, in order of arrival, for assertions. */
  log: ProxyLogEntry[]
  /** Changes the share of failing requests; event streams pass untouched unless a rate is given for them. */
  setFaultRate(rate: number, eventStreamRate?: number): void
  close(): Promise<void>
}

/**
 * A loopback proxy in front of the help center that fails a share of requests, drawing the fault from a seeded
 * generator, and logs what it did to each. The event stream can be failed too, with its own rate and generator, so
 * that the choices for ordinary requests replay the same whether or not streams are failed.
 */
export async function startFlakyProxy(target: string, options: FlakyProxyOptions): Promise<FlakyProxy> {
  const random = mulberry32(options.seed ?? 7)
  const streamRandom = mulberry32((options.seed ?? 7) + 1)
  const faults = options.faults ?? ORIGINAL_FAULTS
  const [minRetryAfter, maxRetryAfter] = options.retryAfterSeconds ?? [1, 2]
  let faultRate = options.faultRate
  let eventStreamFaultRate = options.eventStreamFaultRate ?? 0
  const log: ProxyLogEntry[] = []
  const upstream = new URL(target)

  const forward = (request: IncomingMessage, path: string, onAnswer: (answer: IncomingMessage) => void, onError: () => void) => {
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, path, method: request.method, headers: request.headers },
      onAnswer,
    )
    forwarded.on('error', onError)
    request.pipe(forwarded)
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/'
    const eventStream = path.startsWith('/api/v1/events')
    const draw = eventStream ? streamRandom : random
    const rate = eventStream ? eventStreamFaultRate : faultRate
    const fault = draw() < rate ? faults[Math.floor(draw() * faults.length)]! : null
    const entry: ProxyLogEntry = { method: request.method ?? 'GET', path, fault, eventStream, arrivedAt: Date.now() }
    log.push(entry)
    const answered = () => (entry.answeredAt ??= Date.now())
    const cutOff = () => {
      answered()
      response.socket?.destroy()
    }
    const refuse = (status: number, headers: Record<string, string>, body: string) => {
      request.resume()
      response.writeHead(status, headers)
      response.end(body, answered)
    }

    if (fault === 'drop_request') {
      request.resume()
      cutOff()
      return
    }
    if (fault === 'server_error') {
      refuse(500, { 'content-type': 'application/json' }, JSON.stringify({ code: 'server_error', message: 'Injected failure' }))
      return
    }
    if (fault === 'rate_limited') {
      const seconds = minRetryAfter + Math.floor(draw() * (maxRetryAfter - minRetryAfter + 1))
      entry.retryAfterSeconds = seconds
      refuse(429, { 'content-type': 'text/plain', 'retry-after': String(seconds) }, 'Too Many Requests')
      return
    }
    if (fault === 'timeout' && eventStream && draw() < 0.5) {
      // Before the headers: the client's request timeout must end it.
      entry.detail = 'held before the headers'
      request.resume()
      return
    }

    forward(
      request,
      path,
      (answer) => {
        const status = answer.statusCode ?? 502
        if (eventStream) {
          streamFault(fault, answer, response, entry, draw, cutOff)
          if (options.eventStreamLifetimeMs !== undefined) {
            setTimeout(() => {
              answer.destroy()
              response.end()
            }, options.eventStreamLifetimeMs).unref()
          }
          return
        }
        if (fault === 'drop_response') {
          answer.resume()
          answer.on('end', cutOff)
          return
        }
        if (fault === 'timeout') {
          // The help center did the work; its answer never leaves the proxy.
          answer.resume()
          return
        }
        const chunks: Buffer[] = []
        answer.on('data', (chunk: Buffer) => chunks.push(chunk))
        answer.on('end', () => {
          const body = Buffer.concat(chunks)
          const headers = { ...answer.headers }
          // Garbling an error would change what the help center said; only successful answers are garbled.
          const garble = status >= 200 && status < 300 && body.length > 1 ? fault : null
          if (garble === 'truncated_body') {
            response.writeHead(status, { ...headers, 'content-length': String(body.length) })
            response.write(body.subarray(0, Math.floor(body.length / 2)), cutOff)
            return
          }
          if (garble === 'malformed_body') {
            const half = Math.floor(body.length / 2)
            const garbled = Buffer.concat([body.subarray(0, half), Buffer.from('"}{,'), body.subarray(half)])
            response.writeHead(status, { ...headers, 'content-length': String(garbled.length) })
            response.end(garbled, answered)
            return
          }
          if (fault !== null) entry.fault = null
          response.writeHead(status, headers)
          response.end(body, answered)
        })
      },
      cutOff,
    )
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    setFaultRate(rate, eventStreamRate = 0) {
      faultRate = rate
      eventStreamFaultRate = eventStreamRate
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** An event stream's answer, with its fault: cut off or stalled after a while, garbled, or passed through. */
function streamFault(
  fault: Fault | null,
  answer: IncomingMessage,
  response: ServerResponse,
  entry: ProxyLogEntry,
  draw: () => number,
  cutOff: () => void,
): void {
  response.writeHead(answer.statusCode ?? 502, answer.headers)
  response.flushHeaders()
  if (fault === 'timeout') {
    entry.detail = 'silent after the headers'
    answer.resume()
    return
  }
  if (fault === 'drop_response') {
    const afterMs = 50 + Math.floor(draw() * 950)
    entry.detail = `reset after ${afterMs} ms`
    answer.pipe(response)
    setTimeout(() => {
      answer.destroy()
      cutOff()
    }, afterMs).unref()
    return
  }
  if (fault === 'truncated_body') {
    answer.once('data', (chunk: Buffer) => {
      answer.destroy()
      response.write(chunk.subarray(0, Math.max(1, Math.floor(chunk.length / 2))), cutOff)
    })
    return
  }
  if (fault === 'malformed_body') {
    response.write('data: {"latest": ]]\n\n: \u0000\u00ff\ufffd\n\nevent: \n\n')
    entry.answeredAt = Date.now()
  }
  answer.pipe(response)
}

/** How many of each fault the proxy injected, ordinary requests and event streams apart. */
export function faultsByKind(log: readonly ProxyLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const { fault, eventStream } of log) {
    if (fault === null) continue
    const kind = eventStream ? `${fault} (event stream)` : fault
    counts[kind] = (counts[kind] ?? 0) + 1
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)))
}

/**
 * Requests that arrived while a Retry-After the proxy gave was still running. The proxy stands in front of one app,
 * so every request is the same client's; one that arrived within `inFlightMs` of the 429 left before the client
 * could have read it.
 */
export function requestsBeforeRetryAfter(log: readonly ProxyLogEntry[], inFlightMs = 25): ProxyLogEntry[] {
  const early: ProxyLogEntry[] = []
  for (const limited of log) {
    if (limited.retryAfterSeconds === undefined || limited.answeredAt === undefined) continue
    const from = limited.answeredAt + inFlightMs
    const until = limited.answeredAt + limited.retryAfterSeconds * 1000
    early.push(...log.filter(({ arrivedAt }) => arrivedAt > from && arrivedAt < until))
  }
  return [...new Set(early)]
}
