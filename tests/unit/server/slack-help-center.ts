import { expect, onTestFinished } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { demoHelpCenter, postAs, signIn, type TestHelpCenter } from './help-center'
import {
  FAKE_BOT,
  FAKE_SIGNING_SECRET,
  FakeSlackApi,
  FakeSlackWorkspace,
  type FakeSlackUser,
} from '../../support/fake-slack-api'
import type { SlackBot } from '../../../server/slack/slack-bot'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { slackConnectionSchema, type SlackConnection } from '../../../shared/schemas/slack'

export const SLACK_CHANNELS = {
  helix: { id: 'C0HELIXSUP', name: 'helix-support' },
  sakura: { id: 'C0SAKURA', name: 'sakura-tidb' },
  general: { id: 'C0GENERAL', name: 'general' },
}

/** People in the workspace: demo customers, Helix's TAM, someone without a help-center account, one who hides their email. */
export const SLACK_USERS = {
  chen: { id: 'U0CHEN', name: 'chen', email: DEMO_ACCOUNTS.premiumCustomer.email, tz: 'Asia/Shanghai' },
  aiko: { id: 'U0AIKO', name: 'aiko', email: DEMO_ACCOUNTS.customer.email, tz: 'Asia/Tokyo' },
  haruto: { id: 'U0HARUTO', name: 'haruto', email: DEMO_ACCOUNTS.kumoCustomer.email, tz: 'Asia/Tokyo' },
  daniel: { id: 'U0DANIEL', name: 'daniel', email: DEMO_ACCOUNTS.tam.email, tz: 'America/Los_Angeles' },
  stranger: { id: 'U0STRANGER', name: 'stranger', email: 'someone@elsewhere.example' },
  private: { id: 'U0PRIVATE', name: 'private' },
} satisfies Record<string, FakeSlackUser>

export const TICKET_URL = 'https://help.example.com/tickets/{key}'

export interface SlackHelpCenter extends TestHelpCenter {
  fake: FakeSlackApi
  bot: SlackBot
  slack: FakeSlackWorkspace
  adminToken: string
}

/** The demo help center with the Slack bot, its Web API pointed at a fake on loopback, torn down after the test. */
export async function slackHelpCenter(): Promise<SlackHelpCenter> {
  const fake = await FakeSlackApi.start({ users: Object.values(SLACK_USERS), channels: Object.values(SLACK_CHANNELS) })
  const helpCenter = await demoHelpCenter({
    slack: { signingSecret: FAKE_SIGNING_SECRET, botToken: FAKE_BOT.token, apiUrl: fake.apiUrl, ticketUrl: TICKET_URL },
  })
  const bot = helpCenter.app.slackBot!
  onTestFinished(async () => {
    await bot.settled().catch(() => undefined)
    await fake.close()
  })
  const slack = new FakeSlackWorkspace(async (request) => {
    const response = await helpCenter.app.inject({ method: 'POST', url: '/slack/events', headers: request.headers, payload: request.body })
    return { statusCode: response.statusCode, body: response.body }
  }, helpCenter.clock.now)
  const { accessToken: adminToken } = await signIn(helpCenter.app, DEMO_ACCOUNTS.admin)
  return { ...helpCenter, fake, bot, slack, adminToken }
}

export async function linkChannel(app: FastifyInstance, adminToken: string, organizationId: string, channelId: string): Promise<SlackConnection> {
  const response = await postAs(app, adminToken, `/api/v1/admin/organizations/${organizationId}/slack`, { channelId })
  expect(response.statusCode, response.body).toBe(200)
  return slackConnectionSchema.parse(response.json())
}

/** The text of every block and the fallback text of a recorded message, for "does it say X". */
export function messageText(message: Record<string, unknown>): string {
  return JSON.stringify([message.text, message.blocks])
}
