import { request as httpRequest, createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mulberry32 } from './seeded-random'

export type Fault = 'drop_request' | 'drop_response' | 'server_error'

export interface FlakyProxy {
  url: string
  /** What happened to each request, in order, for assertions. */
  log: { method: string; path: string; fault: Fault | null }[]
  setFaultRate(rate: number): void
  close(): Promise<void>
}

/**
 * A loopback proxy in front of the help center that fails a share of requests: dropped before
 * reaching the server, dropped after the server answered (the case that duplicates naive clients),
 * or answered with a 500. Event streams pass through untouched.
 */
export async function startFlakyProxy(target: string, options: { faultRate: number; seed?: number }): Promise<FlakyProxy> {
  const random = mulberry32(options.seed ?? 7)
  let faultRate = options.faultRate
  const log: FlakyProxy['log'] = []
  const upstream = new URL(target)
  const faults: Fault[] = ['drop_request', 'drop_response', 'server_error']
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/'
    const streaming = path.startsWith('/api/v1/events')
    const fault = !streaming && random() < faultRate ? faults[Math.floor(random() * faults.length)]! : null
    log.push({ method: request.method ?? 'GET', path, fault })
    if (fault === 'drop_request') {
      request.resume()
      response.socket?.destroy()
      return
    }
    if (fault === 'server_error') {
      request.resume()
      response.writeHead(500, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ code: 'server_error', message: 'Injected failure' }))
      return
    }
    const forwarded = httpRequest(
      { host: upstream.hostname, port: upstream.port, path, method: request.method, headers: request.headers },
      (answer) => {
        if (fault === 'drop_response') {
          answer.resume()
          answer.on('end', () => response.socket?.destroy())
          return
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    forwarded.on('error', () => response.socket?.destroy())
    request.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    setFaultRate(rate) {
      faultRate = rate
    },
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
