import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiAs, call, useCoreHarness } from '../support/core-harness'
import { FAKE_BOT, FAKE_SIGNING_SECRET, FakeSlackApi, FakeSlackWorkspace } from '../support/fake-slack-api'
import { useTempDir } from '../support/temp-dir'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { slackConnectionSchema } from '../../shared/schemas/slack'
import { commentSchema } from '../../shared/schemas/ticket'

const HELIX = { id: 'C0HELIXSUP', name: 'helix-support' }
const CHEN = { id: 'U0CHEN', name: 'chen', email: DEMO_ACCOUNTS.premiumCustomer.email, tz: 'Europe/Berlin' }
const MENTION_TS = '1772441000.000100'
const REPLY_TS = '1772442200.000100'

describe('Slack tickets in the desktop app', () => {
  const tempDir = useTempDir('support-slack-')
  const { signedInCore, cleanups } = useCoreHarness()

  it('syncs where a ticket and its comments were written, with their Slack links, into the cache', async () => {
    const dir = tempDir()
    const fake = await FakeSlackApi.start({ users: [CHEN], channels: [HELIX] })
    cleanups.push(() => fake.close())
    const server = await startHelpCenter({
      dbFile: join(dir, 'hc.sqlite'),
      seed: 'demo',
      demoAutoReply: { delayMs: 0 },
      slack: { signingSecret: FAKE_SIGNING_SECRET, botToken: FAKE_BOT.token, apiUrl: fake.apiUrl },
    })
    cleanups.push(() => server.close())
    const bot = server.slackBot!
    // Slack reaches the service over HTTP, as it would in production.
    const slack = new FakeSlackWorkspace(async (request) => {
      const response = await fetch(`${server.url}/slack/events`, { method: 'POST', headers: request.headers, body: request.body })
      return { statusCode: response.status, body: await response.text() }
    }, () => new Date())
    const admin = await apiAs(server.url, DEMO_ACCOUNTS.admin)
    await admin.client.request('/admin/organizations/org-helix/slack', {
      method: 'POST',
      body: { channelId: HELIX.id },
      accessToken: admin.token,
      response: slackConnectionSchema,
    })
    const core = await signedInCore(join(dir, 'app'), server.url, DEMO_ACCOUNTS.premiumCustomer)

    await slack.mention(CHEN.id, HELIX.id, MENTION_TS, 'Lock wait timeouts on shipments-prod since 06:00 CET')
    await bot.settled()
    const blocks = fake.callsTo('chat.postMessage')[0]!.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
    await slack.clickButton(CHEN.id, HELIX.id, blocks.find((block) => block.type === 'actions')!.elements![0]!)
    await bot.settled()
    const submitted = await slack.submitView(CHEN.id, fake.currentView(), {
      clusterId: 'cl-shipments-prod',
      environment: 'production',
      severity: 'S2',
      component: 'tidb',
    })
    expect(submitted.statusCode).toBe(200)
    await bot.settled()
    const key = /SUP-\d+/.exec(String(fake.callsTo('chat.postMessage')[1]!.text))![0]

    await call(core, 'sync.now', {})
    const { tickets } = await call(core, 'tickets.list', { limit: 500 })
    const ticket = tickets.find((candidate) => candidate.key === key)!
    expect(ticket).toMatchObject({ source: 'slack', slackPermalink: fake.permalink(HELIX.id, MENTION_TS), affectedVersion: 'v7.5.6' })

    const engineer = await apiAs(server.url, DEMO_ACCOUNTS.engineer)
    await engineer.client.request(`/tickets/${ticket.id}/replies`, {
      method: 'POST',
      body: { body: 'Which statement holds the lock? Please send the output of `SHOW PROCESSLIST`.', visibility: 'public' },
      accessToken: engineer.token,
      response: commentSchema,
    })
    await bot.settled()
    await slack.message({ user: CHEN.id, channel: HELIX.id, ts: REPLY_TS, threadTs: MENTION_TS, text: 'The carrier-sync backfill, see attached' })
    await bot.settled()
    await call(core, 'tickets.comment', { ticketId: ticket.id, body: 'Also attaching the slow query log from the app.' })
    await call(core, 'sync.now', {})

    const conversation = await call(core, 'tickets.get', { ticketId: ticket.id })
    expect(conversation.ticket).toMatchObject({ source: 'slack', slackPermalink: fake.permalink(HELIX.id, MENTION_TS) })
    expect(conversation.comments.map(({ authorName, source, slackPermalink, syncState }) => ({ authorName, source, slackPermalink, syncState }))).toEqual([
      { authorName: 'Emi Nakamura', source: 'desktop', slackPermalink: undefined, syncState: 'synced' },
      { authorName: 'Chen Wei', source: 'slack', slackPermalink: fake.permalink(HELIX.id, REPLY_TS), syncState: 'synced' },
      { authorName: 'Chen Wei', source: 'desktop', slackPermalink: undefined, syncState: 'synced' },
    ])
    // Everything else is as for any ticket: found by its words, and by the words of the reply from Slack.
    expect((await call(core, 'tickets.list', { search: 'carrier-sync backfill' })).tickets.map(({ id }) => id)).toEqual([ticket.id])
  })
})
