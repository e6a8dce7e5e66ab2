import type { ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import { authenticate } from '../authenticate'
import { latestVisibleSeq } from '../change-log'
import type { HelpCenterContext } from '../context'

/** Under the usual 30-60 s idle timeouts of proxies, so a quiet stream is not cut. */
const HEARTBEAT_MS = 25_000

/**
 * `GET /api/v1/events`: server-sent events telling a client that there is something new to pull from
 * /changes. It carries no ticket data, so a missed event costs only a delay until the next one.
 */
export function registerEventRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  const streams = new Set<ServerResponse>()
  // An open stream never goes idle, so close() would wait for it forever: end them all first.
  app.addHook('preClose', (done) => {
    for (const stream of streams) stream.end()
    done()
  })

  app.get('/api/v1/events', async (request, reply) => {
    const user = authenticate(ctx, request)
    reply.hijack()
    const stream = reply.raw
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
    })

    let sentLatest = -1
    const sendLatest = () => {
      const latest = latestVisibleSeq(ctx.db, user)
      if (latest === sentLatest) return
      sentLatest = latest
      stream.write(`event: changes\ndata: ${JSON.stringify({ latest })}\n\n`)
    }
    // A signed-out session or an expired token ends the stream; the client reconnects with a fresh token.
    const stillSignedIn = () => {
      try {
        authenticate(ctx, request)
        return true
      } catch {
        stream.end()
        return false
      }
    }
    const unsubscribe = ctx.changes.subscribe(() => {
      if (stillSignedIn()) sendLatest()
    })
    const heartbeat = setInterval(() => {
      if (stillSignedIn()) stream.write(': heartbeat\n\n')
    }, HEARTBEAT_MS)
    streams.add(stream)
    stream.on('close', () => {
      streams.delete(stream)
      unsubscribe()
      clearInterval(heartbeat)
    })
    // The first event says where the server stands, so a reconnecting client knows at once whether to pull.
    sendLatest()
  })
}
