import { randomBytes } from 'node:crypto'
import Fastify, { type FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ChangeSignal } from './change-log'
import type { HelpCenterContext } from './context'
import type { HelpCenterDatabase } from './database'
import { createDemoAutoReply } from './demo-auto-reply'
import { installErrorHandling } from './http-errors'
import { decoyPasswordHash } from './passwords'
import { registerAttachmentRoutes } from './routes/attachments'
import { registerAuthRoutes } from './routes/auth'
import { registerChangeRoutes } from './routes/changes'
import { registerEventRoutes } from './routes/events'
import { registerOrganizationRoutes } from './routes/organizations'
import { registerPlanRoutes } from './routes/plans'
import { registerStaffRoutes } from './routes/staff'
import { registerTicketRoutes } from './routes/tickets'
import type { SlackSettings } from './slack/settings'
import { startSlackBot } from './slack/slack-bot'
import { registerSlackRoutes } from './slack/slack-routes'

export interface HelpCenterOptions {
  db: HelpCenterDatabase
  /** The clock for token expiry and sign-in limits; tests move it. */
  now?: () => Date
  /** Access-token HMAC key (at least 32 bytes). Without it a random one is made, so tokens die with the process. */
  tokenSecret?: Buffer
  logger?: boolean
  /** Demo only: the demo engineer answers each newly filed ticket after `delayMs` (0 turns it off). */
  demoAutoReply?: { delayMs: number }
  /** The Slack app the ticket bot answers for; without it /slack/events is not served. */
  slack?: SlackSettings
}

const healthSchema = z.object({ status: z.literal('ok'), name: z.string() })

/** The help center's HTTP API, ready for `listen()` or `inject()`. The caller owns (and closes) the database. */
export function buildHelpCenter(options: HelpCenterOptions): FastifyInstance {
  if (options.tokenSecret && options.tokenSecret.length < 32) throw new Error('tokenSecret must be at least 32 bytes')
  const ctx: HelpCenterContext = {
    db: options.db,
    now: options.now ?? (() => new Date()),
    tokenSecret: options.tokenSecret ?? randomBytes(32),
    changes: new ChangeSignal(),
  }
  // Computed once now, so the first sign-in with an unknown email is not slower than the rest.
  void decoyPasswordHash()

  // Closing must not wait on keep-alive sockets or event streams that a client left open.
  const app = Fastify({ logger: options.logger ?? false, forceCloseConnections: true })
  installErrorHandling(app)
  app.get('/api/v1/health', async () => healthSchema.parse({ status: 'ok', name: 'TiDB Cloud Help Center' }))
  registerAuthRoutes(app, ctx)
  registerOrganizationRoutes(app, ctx)
  registerPlanRoutes(app, ctx)
  registerTicketRoutes(app, ctx)
  registerStaffRoutes(app, ctx)
  registerAttachmentRoutes(app, ctx)
  registerEventRoutes(app, ctx)
  const delayMs = options.demoAutoReply?.delayMs ?? 0
  const autoReply = delayMs > 0 ? createDemoAutoReply(ctx, delayMs) : undefined
  // Pending replies must not fire into a database the caller is about to close.
  if (autoReply) app.addHook('onClose', async () => autoReply.stop())
  registerChangeRoutes(app, ctx, { onTicketFiled: autoReply?.ticketFiled })
  const slackBot = options.slack ? startSlackBot(app, ctx, options.slack) : null
  app.decorate('slackBot', slackBot)
  registerSlackRoutes(app, ctx, slackBot)
  return app
}
