import { App, LogLevel, webApi, type Logger } from '@slack/bolt'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { BotIdentityCache } from './bot-identity'
import { PendingWork } from './pending-work'
import { FastifySlackReceiver } from './slack-receiver'
import { registerSlackListeners } from './slack-listeners'
import { SlackRelay } from './slack-relay'
import { slackApiUrlOf, ticketUrlOf, type SlackSettings } from './settings'
import type { HelpCenterContext } from '../context'
import { SupportError } from '../../shared/schemas/error'

declare module 'fastify' {
  interface FastifyInstance {
    /** The Slack bot, when the service was configured with a Slack app; null otherwise. */
    slackBot: SlackBot | null
  }
}

export interface SlackChannel {
  teamId: string
  teamName: string
  channelId: string
  channelName: string
}

export interface SlackBot {
  /** Waits for the work done after Slack's acknowledgements and for the relay; throws what failed meanwhile. */
  settled(): Promise<void>
  /** A channel of the bot's workspace, as an admin links it: the bot must be able to see it. */
  describeChannel(channelId: string): Promise<SlackChannel>
}

/** Bolt's logging into the help center's own log. */
function boltLogger(log: FastifyBaseLogger): Logger {
  let level = LogLevel.INFO
  const write = (method: 'debug' | 'info' | 'warn' | 'error') => (...messages: unknown[]) =>
    log[method]({ component: 'slack' }, messages.map((message) => (message instanceof Error ? message.message : String(message))).join(' '))
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next) => {
      level = next
    },
    getLevel: () => level,
    setName: () => undefined,
  }
}

function isPlatformError(error: unknown, code: string): boolean {
  return error instanceof webApi.WebAPIPlatformError && error.data.error === code
}

/**
 * The Slack ticket bot inside the help center: Bolt with a receiver on this Fastify server (POST /slack/events),
 * the Web API at `settings.apiUrl`, and the relay that follows the change feed to Slack.
 */
export function startSlackBot(app: FastifyInstance, ctx: HelpCenterContext, settings: SlackSettings): SlackBot {
  const logger = boltLogger(app.log)
  const work = new PendingWork((error) => app.log.error({ err: error, component: 'slack' }, 'Slack work failed'))
  const clientOptions = {
    slackApiUrl: slackApiUrlOf(settings),
    // A few quick retries: the relay waits for them, and so does closing the server.
    retryConfig: { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 4_000 },
    logger,
  }
  const client = new webApi.WebClient(settings.botToken, clientOptions)
  const identity = new BotIdentityCache(client)
  const receiver = new FastifySlackReceiver({ signingSecret: settings.signingSecret, now: ctx.now, work, log: app.log })
  const bolt = new App({
    receiver,
    // One workspace: the token is the service's, and auth.test (once) says which bot it is.
    authorize: async () => {
      const bot = await identity.get()
      return { botToken: settings.botToken, botId: bot.botId, botUserId: bot.botUserId, teamId: bot.teamId }
    },
    clientOptions,
    logger,
    convoStore: false,
  })
  const ticketUrl = (key: string) => ticketUrlOf(settings, key)
  registerSlackListeners(bolt, { ctx, identity, ticketUrl })
  receiver.register(app)

  const relay = new SlackRelay({ ctx, client, work, ticketUrl })
  const unsubscribe = ctx.changes.subscribe(() => relay.schedule())
  app.addHook('onReady', async () => {
    // Asked now, so that the first interaction does not wait for it before its acknowledgement.
    work.track(identity.get().catch((error: unknown) => app.log.warn({ err: error, component: 'slack' }, 'Slack auth.test failed')))
    relay.schedule()
  })
  app.addHook('onClose', async () => {
    unsubscribe()
    // Failures were logged as they happened; what matters now is that nothing still writes to the store.
    await work.settled().catch(() => undefined)
  })

  return {
    settled: () => work.settled(),
    async describeChannel(channelId) {
      const bot = await identity.get()
      try {
        const { channel } = await client.conversations.info({ channel: channelId })
        if (!channel?.name) throw new Error(`conversations.info returned no name for ${channelId}`)
        return { teamId: bot.teamId, teamName: bot.teamName, channelId, channelName: channel.name }
      } catch (error) {
        if (!isPlatformError(error, 'channel_not_found')) throw error
        throw new SupportError({
          code: 'invalid_input',
          message: `The support bot cannot see channel ${channelId} in ${bot.teamName}`,
          fields: { channelId: 'Invite the bot to the channel first, or check the channel id' },
        })
      }
    },
  }
}
