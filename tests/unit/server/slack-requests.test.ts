import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, postAs, signIn } from './help-center'
import { SLACK_CHANNELS, SLACK_USERS, linkChannel, slackHelpCenter } from './slack-help-center'
import { changePage } from './ticket-mutations'
import { FAKE_BOT, FakeSlackWorkspace, signSlackRequest } from '../../support/fake-slack-api'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { slackSettingsFromEnvironment } from '../../../server/slack/settings'
import { supportErrorSchema } from '../../../shared/schemas/error'
import { organizationPlanSchema } from '../../../shared/schemas/plan'

const HELIX = SLACK_CHANNELS.helix.id
const MENTION = JSON.stringify({
  token: 'legacy-verification-token',
  team_id: 'T0HELIX',
  api_app_id: 'A0SUPPORT',
  type: 'event_callback',
  event_id: 'Ev0REPLAY',
  event_time: 1772442000,
  event: { type: 'app_mention', user: SLACK_USERS.chen.id, text: `<@${FAKE_BOT.userId}> ERROR 9005 on shipments-prod`, ts: '1772441900.000100', channel: HELIX },
})

describe('requests to /slack/events', () => {
  it('refuses anything Slack did not sign just now, and does nothing for it', { timeout: 30_000 }, async () => {
    const { app, clock, fake, bot, adminToken, db } = await slackHelpCenter()
    await linkChannel(app, adminToken, 'org-helix', HELIX)
    const callsBefore = fake.calls.length
    const now = Math.floor(clock.now().getTime() / 1000)
    const send = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/slack/events', headers: { 'content-type': 'application/json', ...headers }, payload: MENTION })
    const signedAt = (timestamp: number, secret = 'fake-signing-secret-0123456789abcdef') => ({
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlackRequest(secret, timestamp, MENTION),
    })

    const refusals = [
      await send({}),
      await send({ 'x-slack-request-timestamp': String(now) }),
      await send(signedAt(now, 'someone-elses-signing-secret-0123')),
      // A request captured and replayed six minutes later, and one dated in the future.
      await send(signedAt(now - 6 * 60)),
      await send(signedAt(now + 6 * 60)),
      // The signature covers the body: a changed body with the old signature.
      await app.inject({
        method: 'POST',
        url: '/slack/events',
        headers: { 'content-type': 'application/json', ...signedAt(now) },
        payload: MENTION.replace('ERROR 9005', 'ERROR 9006'),
      }),
    ]
    for (const response of refusals) {
      expect(response.statusCode).toBe(401)
      expect(supportErrorSchema.parse(response.json()).code).toBe('unauthorized')
    }
    await bot.settled()
    expect(fake.calls.length).toBe(callsBefore)
    expect(db.prepare('SELECT COUNT(*) AS count FROM slack_ticket_requests').get()).toEqual({ count: 0 })

    // Within five minutes the same signature is good: this is the request as Slack sent it.
    expect((await send(signedAt(now - 4 * 60))).statusCode).toBe(200)
    await bot.settled()
    expect(db.prepare('SELECT COUNT(*) AS count FROM slack_ticket_requests').get()).toEqual({ count: 1 })
  })

  it('answers Slack before doing the work, and says which field of a malformed payload is wrong', { timeout: 30_000 }, async () => {
    const { app, fake, bot, slack, adminToken } = await slackHelpCenter()
    await linkChannel(app, adminToken, 'org-helix', HELIX)

    const verification = await slack.send(slack.signed(JSON.stringify({ type: 'url_verification', challenge: 'c-3po', token: 'x' }), 'application/json'))
    expect([verification.statusCode, JSON.parse(verification.body)]).toEqual([200, { challenge: 'c-3po' }])

    const malformed = await slack.send(
      slack.signed(JSON.stringify({ type: 'event_callback', team_id: 'T0HELIX', event: { type: 'app_mention', channel: HELIX } }), 'application/json'),
    )
    expect(malformed.statusCode).toBe(400)
    expect(supportErrorSchema.parse(JSON.parse(malformed.body)).fields).toMatchObject({
      event_id: expect.any(String),
      'event.ts': expect.any(String),
    })

    // An event the bot has no use for is acknowledged and left alone.
    const callsBefore = fake.calls.length
    const joined = await slack.event({ type: 'member_joined_channel', user: SLACK_USERS.chen.id, channel: HELIX, ts: '1772441800.000100' })
    expect(joined.statusCode).toBe(200)
    await bot.settled()
    expect(fake.calls.slice(callsBefore).map(({ method }) => method)).toEqual([])

    // The bot's answer to a mention waits on Slack; Slack's request does not.
    const posting = fake.hold('chat.postMessage')
    const mention = await slack.mention(SLACK_USERS.chen.id, HELIX, '1772441900.000100', 'ERROR 9005 on shipments-prod')
    expect(mention.statusCode).toBe(200)
    await posting.reached
    posting.release()
    await bot.settled()
    const button = (fake.callsTo('chat.postMessage')[0]!.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .find((block) => block.type === 'actions')!.elements![0]!

    // The same for a click: the account lookup and the form come after the acknowledgement.
    const lookup = fake.hold('users.info')
    const click = await slack.clickButton(SLACK_USERS.chen.id, HELIX, button)
    expect([click.statusCode, click.body]).toEqual([200, ''])
    await lookup.reached
    expect(fake.callsTo('views.open')).toHaveLength(0)
    lookup.release()
    await bot.settled()
    expect(fake.callsTo('views.open')).toHaveLength(1)
  })

  it('is not served by a help center without Slack configuration', { timeout: 30_000 }, async () => {
    const { app, clock } = await demoHelpCenter()
    const slack = new FakeSlackWorkspace(async (request) => {
      const response = await app.inject({ method: 'POST', url: '/slack/events', headers: request.headers, payload: request.body })
      return { statusCode: response.statusCode, body: response.body }
    }, clock.now)
    expect((await slack.mention(SLACK_USERS.chen.id, HELIX, '1772441900.000100', 'hello')).statusCode).toBe(404)

    const admin = await signIn(app, DEMO_ACCOUNTS.admin)
    const link = await postAs(app, admin.accessToken, '/api/v1/admin/organizations/org-helix/slack', { channelId: HELIX })
    expect(link.statusCode).toBe(409)
    expect(link.json().message).toContain('SLACK_SIGNING_SECRET')
  })
})

describe('linking an organization to a Slack channel', () => {
  it('is for admins, for Enterprise and Premium organizations, and for channels the bot can see', { timeout: 30_000 }, async () => {
    const { app, adminToken } = await slackHelpCenter()
    const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
    const link = (token: string, organizationId: string, body: unknown) =>
      postAs(app, token, `/api/v1/admin/organizations/${organizationId}/slack`, body)

    const byCustomer = await link(chen.accessToken, 'org-helix', { channelId: HELIX })
    expect([byCustomer.statusCode, byCustomer.json().message]).toEqual([403, 'Only help center admins can link organizations to Slack'])

    const developer = await link(adminToken, 'org-northwind', { channelId: HELIX })
    expect([developer.statusCode, developer.json().message]).toEqual([
      403,
      'Northwind Games is on Developer: only Enterprise and Premium organizations can be linked to Slack',
    ])

    const badId = await link(adminToken, 'org-helix', { channelId: '#helix-support' })
    expect(badId.statusCode).toBe(400)
    expect(badId.json().fields).toEqual({ channelId: 'Slack channel ids look like C0123ABCD: copy it from the channel details' })

    const unseen = await link(adminToken, 'org-helix', { channelId: 'C0NOTHERE' })
    expect(unseen.statusCode).toBe(400)
    expect(unseen.json().fields).toEqual({ channelId: 'Invite the bot to the channel first, or check the channel id' })

    const planBefore = organizationPlanSchema.parse((await getAs(app, chen.accessToken, '/api/v1/organizations/org-helix/plan')).json())
    expect(planBefore.slack).toEqual({ linked: false })
    const cursor = (await changePage(app, chen.accessToken)).cursor

    const linked = await linkChannel(app, adminToken, 'org-helix', HELIX)
    expect(linked).toEqual({
      linked: true,
      workspaceName: 'Helix Logistics',
      channelId: HELIX,
      channelName: 'helix-support',
      linkedAt: '2026-03-02T09:00:00.000Z',
    })
    // Members see it with their plan, and their apps hear that the organization changed.
    const planAfter = organizationPlanSchema.parse((await getAs(app, chen.accessToken, '/api/v1/organizations/org-helix/plan')).json())
    expect(planAfter.slack).toEqual(linked)
    const changes = (await changePage(app, chen.accessToken, cursor)).changes
    expect(changes.map((change) => change.entity)).toEqual(['organization'])

    const taken = await link(adminToken, 'org-kumo', { channelId: HELIX })
    expect([taken.statusCode, taken.json().message]).toEqual([409, '#helix-support is already linked to Helix Logistics'])

    const unlinked = await app.inject({
      method: 'DELETE',
      url: '/api/v1/admin/organizations/org-helix/slack',
      headers: { authorization: `Bearer ${adminToken}` },
    })
    expect([unlinked.statusCode, unlinked.json()]).toEqual([200, { linked: false }])
    expect(organizationPlanSchema.parse((await getAs(app, chen.accessToken, '/api/v1/organizations/org-helix/plan')).json()).slack).toEqual({
      linked: false,
    })
  })
})

describe('Slack configuration from the environment', () => {
  it('takes both secrets or neither, and names what is wrong', () => {
    expect(slackSettingsFromEnvironment({ PATH: '/usr/bin' })).toBeUndefined()
    expect(
      slackSettingsFromEnvironment({
        SLACK_SIGNING_SECRET: 'fake-signing-secret-0123456789abcdef',
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_API_URL: 'http://127.0.0.1:9999/api/',
        SLACK_TICKET_URL: 'https://help.example.com/tickets/{key}',
      }),
    ).toEqual({
      signingSecret: 'fake-signing-secret-0123456789abcdef',
      botToken: 'xoxb-1-2-abc',
      apiUrl: 'http://127.0.0.1:9999/api/',
      ticketUrl: 'https://help.example.com/tickets/{key}',
    })
    expect(() => slackSettingsFromEnvironment({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toThrow(
      'Set both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to connect Slack, or neither',
    )
    expect(() =>
      slackSettingsFromEnvironment({ SLACK_SIGNING_SECRET: 'fake-signing-secret-0123456789abcdef', SLACK_BOT_TOKEN: 'xoxp-user-token' }),
    ).toThrow('SLACK_BOT_TOKEN must be a bot token (xoxb-…)')
  })
})
