import type { webApi } from '@slack/bolt'

/** Who the bot is in its workspace, from auth.test. */
export interface BotIdentity {
  teamId: string
  teamName: string
  botId: string
  botUserId: string
}

/** auth.test once, shared by every event; a failed attempt is forgotten, so the next event tries again. */
export class BotIdentityCache {
  private identity: Promise<BotIdentity> | undefined

  constructor(private readonly client: webApi.WebClient) {}

  get(): Promise<BotIdentity> {
    this.identity ??= this.client.auth.test().then(
      (result) => {
        if (!result.team_id || !result.bot_id || !result.user_id) {
          throw new Error('auth.test did not describe a bot: SLACK_BOT_TOKEN must be a bot token (xoxb-…)')
        }
        return { teamId: result.team_id, teamName: result.team ?? result.team_id, botId: result.bot_id, botUserId: result.user_id }
      },
      (error: unknown) => {
        this.identity = undefined
        throw error
      },
    )
    return this.identity
  }
}
