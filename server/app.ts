import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { HelpCenterContext } from './context'
import type { HelpCenterDatabase } from './database'
import { installErrorHandling } from './http-errors'
import { decoyPasswordHash } from './passwords'
import { registerAuthRoutes } from './routes/auth'
import { registerOrganizationRoutes } from './routes/organizations'

export interface HelpCenterOptions {
  db: HelpCenterDatabase
  /** The clock for token expiry and sign-in limits; tests move it. */
  now?: () => Date
  /** Access-token HMAC key (at least 32 bytes). Without it a random one is made, so tokens die with the process. */
  tokenSecret?: Buffer
  logger?: boolean
}

const healthSchema = z.object({ status: z.literal('ok'), name: z.string() })

/** The help center's HTTP API, ready for `listen()` or `inject()`. The caller owns (and closes) the database. */
export function buildHelpCenter(options: HelpCenterOptions): FastifyInstance {
  if (options.tokenSecret && options.tokenSecret.length < 32) throw new Error('tokenSecret must be at least 32 bytes')
  const ctx: HelpCenterContext = {
    db: options.db,
    now: options.now ?? (() => new Date()),
    tokenSecret: options.tokenSecret ?? randomBytes(32),
  }
  // Computed once now, so the first sign-in with an unknown email is not slower than the rest.
  void decoyPasswordHash()

  const app = Fastify({ logger: options.logger ?? false })
  installErrorHandling(app)
  app.get('/api/v1/health', async () => healthSchema.parse({ status: 'ok', name: 'TiDB Cloud Help Center' }))
  registerAuthRoutes(app, ctx)
  registerOrganizationRoutes(app, ctx)
  return app
}
