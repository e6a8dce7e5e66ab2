import type { AddressInfo } from 'node:net'
import { buildHelpCenter } from './app'
import { openHelpCenterDatabase } from './database'
import { seedDemo } from './seed/demo'
import { seedDemoTickets } from './seed/demo-tickets'
import type { SlackBot } from './slack/slack-bot'
import type { SlackSettings } from './slack/settings'
import { loadTokenSecret } from './tokens'

export interface StartHelpCenterOptions {
  dbFile: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  seed?: 'demo' | 'none'
  /** The demo engineer's answer to new tickets: after 4 s by default with the demo seed, off otherwise. */
  demoAutoReply?: { delayMs: number }
  /** better_sqlite3.node for the running ABI (the Electron app passes its own build). */
  nativeBinding?: string
  logger?: boolean
  /** The Slack app the ticket bot answers for (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN, … in the CLI). */
  slack?: SlackSettings
}

export interface RunningHelpCenter {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:54321. */
  url: string
  /** The Slack bot when `slack` was given: its `settled()` waits for the work it does after answering Slack. */
  slackBot: SlackBot | null
  close(): Promise<void>
}

function urlOf(address: AddressInfo): string {
  // A wildcard bind is reachable on loopback; the wildcard itself is not a usable destination everywhere.
  const host = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
}

/** Opens the store, seeds it if asked and listens: the standalone CLI and the desktop app's demo mode both use this. */
export async function startHelpCenter(options: StartHelpCenterOptions): Promise<RunningHelpCenter> {
  const db = openHelpCenterDatabase(options.dbFile, { nativeBinding: options.nativeBinding })
  try {
    if (options.seed === 'demo') {
      await seedDemo(db)
      seedDemoTickets(db, new Date())
    }
    const demoAutoReply = options.demoAutoReply ?? (options.seed === 'demo' ? { delayMs: 4000 } : undefined)
    // The key lives in the database so that tokens survive a restart on the same file.
    const app = buildHelpCenter({
      db,
      tokenSecret: loadTokenSecret(db),
      logger: options.logger,
      demoAutoReply,
      slack: options.slack,
    })
    try {
      await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
    } catch (error) {
      await app.close()
      throw error
    }
    let closing: Promise<void> | undefined
    return {
      url: urlOf(app.server.address() as AddressInfo),
      slackBot: app.slackBot,
      close: () => (closing ??= app.close().finally(() => db.close())),
    }
  } catch (error) {
    db.close()
    throw error
  }
}
