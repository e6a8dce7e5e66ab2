import { z } from 'zod'

/** The Slack app the service answers for: one bot token, so one workspace; organizations link channels of it. */
export interface SlackSettings {
  /** Signs every request Slack sends to /slack/events. */
  signingSecret: string
  /** The bot user's token (xoxb-…) from the app's installation in the workspace. */
  botToken: string
  /** Slack's Web API, ending in a slash; tests point it at a fake on loopback. */
  apiUrl?: string
  /** Where the ticket links in Slack messages lead, with {key} for the ticket key. */
  ticketUrl?: string
}

export const SLACK_API_URL = 'https://slack.com/api/'
/** The desktop app's own link: it opens the ticket in the app. */
export const DEFAULT_TICKET_URL = 'tidbcloud-support://ticket/{key}'

const slackEnvironmentSchema = z
  .object({
    SLACK_SIGNING_SECRET: z.string().trim().min(16, { error: 'SLACK_SIGNING_SECRET is too short to be a signing secret' }).optional(),
    SLACK_BOT_TOKEN: z
      .string()
      .trim()
      .regex(/^xoxb-[\w-]+$/, { error: 'SLACK_BOT_TOKEN must be a bot token (xoxb-…)' })
      .optional(),
    SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'SLACK_API_URL must be an http(s) URL' }).optional(),
    SLACK_TICKET_URL: z
      .string()
      .trim()
      .refine((value) => value.includes('{key}'), { error: 'SLACK_TICKET_URL must contain {key}' })
      .optional(),
  })
  .refine((env) => (env.SLACK_SIGNING_SECRET === undefined) === (env.SLACK_BOT_TOKEN === undefined), {
    error: 'Set both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to connect Slack, or neither',
    path: ['SLACK_BOT_TOKEN'],
  })

/** Slack's configuration from the environment; undefined when Slack is not set up. Throws naming a bad variable. */
export function slackSettingsFromEnvironment(env: Record<string, string | undefined>): SlackSettings | undefined {
  const present = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('SLACK_') && value !== ''))
  const result = slackEnvironmentSchema.safeParse(present)
  if (!result.success) throw new Error(result.error.issues.map((issue) => issue.message).join('; '))
  const { SLACK_SIGNING_SECRET: signingSecret, SLACK_BOT_TOKEN: botToken } = result.data
  if (signingSecret === undefined || botToken === undefined) return undefined
  return { signingSecret, botToken, apiUrl: result.data.SLACK_API_URL, ticketUrl: result.data.SLACK_TICKET_URL }
}

/** The Web API's base as the SDK wants it: with its trailing slash. */
export function slackApiUrlOf(settings: SlackSettings): string {
  const url = settings.apiUrl ?? SLACK_API_URL
  return url.endsWith('/') ? url : `${url}/`
}

export function ticketUrlOf(settings: SlackSettings, key: string): string {
  return (settings.ticketUrl ?? DEFAULT_TICKET_URL).replaceAll('{key}', encodeURIComponent(key))
}
