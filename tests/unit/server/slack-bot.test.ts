import { describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { getAs, postAs, signIn } from './help-center'
import { SLACK_CHANNELS, SLACK_USERS, linkChannel, messageText, slackHelpCenter } from './slack-help-center'
import { WRITE_STALL, allChanges, fileTicket, mutate, setStatus } from './ticket-mutations'
import { FAKE_BOT, type FakeSlackApi } from '../../support/fake-slack-api'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { commentSchema, ticketSchema, type Comment, type Ticket } from '../../../shared/schemas/ticket'

const HELIX = SLACK_CHANNELS.helix.id
const MENTION_TS = '1772441000.000100'
const MENTION_TEXT = 'Write stall on route-planner-dev since 01:10 CST\n[WARN] [raftstore] ["Write stall: too many pending compaction bytes"]'

async function ticketAs(app: FastifyInstance, token: string, ticketId: string): Promise<Ticket> {
  const response = await getAs(app, token, `/api/v1/tickets/${ticketId}`)
  expect(response.statusCode, response.body).toBe(200)
  return ticketSchema.parse(response.json())
}

async function commentsAs(app: FastifyInstance, token: string, ticketId: string): Promise<Comment[]> {
  const response = await getAs(app, token, `/api/v1/tickets/${ticketId}/comments`)
  expect(response.statusCode, response.body).toBe(200)
  return commentSchema.array().parse(response.json().comments)
}

/** The button of the bot's answer to a mention: its action and the request it carries. */
function requestButton(message: Record<string, unknown>): { action_id: string; value: string } {
  const blocks = message.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]
  const button = blocks.find((block) => block.type === 'actions')?.elements?.[0]
  if (!button) throw new Error(`No button in ${JSON.stringify(message)}`)
  return button
}

function ephemeralsTo(fake: FakeSlackApi, user: string): string[] {
  return fake.callsTo('chat.postEphemeral').filter((call) => call.user === user).map((call) => String(call.text))
}

describe('the Slack ticket bot', () => {
  // The first test of a file seeds the demo store, which takes a few seconds on a busy machine.
  it('files a ticket from a mention in a Premium channel and syncs its thread both ways, each message once', { timeout: 30_000 }, async () => {
    const { app, fake, bot, slack, adminToken } = await slackHelpCenter()
    await linkChannel(app, adminToken, 'org-helix', HELIX)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)
    const chen = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)

    // The mention: Slack is answered at once; the bot answers in the thread with a button.
    expect((await slack.mention(SLACK_USERS.chen.id, HELIX, MENTION_TS, MENTION_TEXT)).statusCode).toBe(200)
    await bot.settled()
    const [prompt] = fake.callsTo('chat.postMessage')
    expect(prompt).toMatchObject({ channel: HELIX, thread_ts: MENTION_TS })
    expect(messageText(prompt!)).toContain('Submit request')
    const button = requestButton(prompt!)

    // The button opens the ticket form, prefilled with the mention.
    expect((await slack.clickButton(SLACK_USERS.chen.id, HELIX, button)).statusCode).toBe(200)
    await bot.settled()
    expect(fake.callsTo('views.open')).toHaveLength(1)
    const technicalForm = fake.currentView()
    expect(technicalForm.callback_id).toBe('ticket_form')
    const inputs = technicalForm.blocks.filter((block) => block.type === 'input') as unknown as {
      block_id: string
      element: { initial_value?: string; options?: { value: string }[] }
    }[]
    const input = (blockId: string) => inputs.find((block) => block.block_id === blockId)
    expect(inputs.map((block) => block.block_id)).toEqual([
      'kind',
      'summary',
      'clusterId',
      'environment',
      'description',
      'severity',
      'component',
      'affectedVersion',
    ])
    expect(input('summary')?.element.initial_value).toBe('Write stall on route-planner-dev since 01:10 CST')
    expect(input('description')?.element.initial_value).toBe(MENTION_TEXT)
    expect(input('severity')?.element.options?.map(({ value }) => value)).toEqual(['S1', 'S2', 'S3', 'S4'])
    expect(input('clusterId')?.element.options?.map(({ value }) => value)).toEqual([
      'cl-route-planner-dev',
      'cl-shipments-prod',
      'cl-tracking-events',
    ])

    // Account or billing, as on the desktop form: no technical fields, and no S1.
    await slack.chooseInView(SLACK_USERS.chen.id, technicalForm, 'kind', 'account_billing')
    await bot.settled()
    const billingForm = fake.currentView()
    expect(fake.callsTo('views.update')).toMatchObject([{ view_id: technicalForm.id, hash: technicalForm.hash }])
    const billingInputs = billingForm.blocks.filter((block) => block.type === 'input') as unknown as {
      block_id: string
      element: { options?: { value: string }[] }
    }[]
    expect(billingInputs.map((block) => block.block_id)).toEqual(['kind', 'summary', 'clusterId', 'description', 'severity'])
    expect(billingInputs.find((block) => block.block_id === 'severity')?.element.options?.map(({ value }) => value)).toEqual([
      'S2',
      'S3',
      'S4',
    ])

    // The shared schema's rules answer in the modal, beside the field, and file nothing.
    const s1Billing = await slack.submitView(SLACK_USERS.chen.id, billingForm, { severity: 'S1' })
    expect(s1Billing.statusCode).toBe(200)
    expect(JSON.parse(s1Billing.body)).toEqual({
      response_action: 'errors',
      errors: { severity: 'Choose S2, S3 or S4: S1 is not available for account or billing tickets' },
    })
    const incomplete = await slack.submitView(SLACK_USERS.chen.id, technicalForm, { severity: 'S2', component: 'tikv' })
    expect(JSON.parse(incomplete.body)).toEqual({
      response_action: 'errors',
      errors: { environment: 'Choose production or non-production', affectedVersion: 'Versions look like v8.5.1' },
    })
    await bot.settled()
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1)

    // "Create": answered at once (the modal closes), filed afterwards as Chen, confirmed in the thread.
    const created = await slack.submitView(SLACK_USERS.chen.id, technicalForm, {
      clusterId: 'cl-route-planner-dev',
      environment: 'non_production',
      severity: 'S2',
      component: 'tikv',
    })
    expect([created.statusCode, created.body]).toEqual([200, ''])
    await bot.settled()
    const confirmation = fake.callsTo('chat.postMessage')[1]!
    expect(confirmation).toMatchObject({ channel: HELIX, thread_ts: MENTION_TS })
    const key = /SUP-\d+/.exec(String(confirmation.text))?.[0]
    expect(key).toBeDefined()
    expect(messageText(confirmation)).toContain(`<https://help.example.com/tickets/${key}|${key}>`)

    const filed = (await allChanges(app, chen.accessToken)).flatMap((change) => (change.entity === 'ticket' ? [change.ticket] : []))
    const ticketId = filed.find((candidate) => candidate.key === key)!.id
    const ticket = await ticketAs(app, chen.accessToken, ticketId)
    expect(ticket).toMatchObject({
      key,
      kind: 'technical',
      summary: 'Write stall on route-planner-dev since 01:10 CST',
      description: MENTION_TEXT,
      organizationId: 'org-helix',
      clusterId: 'cl-route-planner-dev',
      environment: 'non_production',
      severity: 'S2',
      component: 'tikv',
      affectedVersion: 'v8.5.1',
      requesterId: 'usr-chen',
      timeZone: 'Asia/Shanghai',
      source: 'slack',
      slackPermalink: fake.permalink(HELIX, MENTION_TS),
    })

    // The button again: the request is filed already, so no second form and no second ticket.
    await slack.clickButton(SLACK_USERS.chen.id, HELIX, button)
    await bot.settled()
    expect(fake.callsTo('views.open')).toHaveLength(1)
    expect(ephemeralsTo(fake, SLACK_USERS.chen.id).at(-1)).toContain(`already filed as <https://help.example.com/tickets/${key}|${key}>`)

    // Support's internal note stays in the help center; the public reply goes to the thread.
    const note = 'Internal: customer is on the old compaction settings, check with the storage team'
    const reply = 'Hi Chen, please raise `max-compaction-bytes` and send the TiKV logs from 01:00 to 02:00 CST.'
    for (const [body, visibility] of [[note, 'internal'], [reply, 'public']] as const) {
      const response = await postAs(app, engineer.accessToken, `/api/v1/tickets/${ticketId}/replies`, { body, visibility })
      expect(response.statusCode, response.body).toBe(201)
    }
    await bot.settled()
    const posts = fake.callsTo('chat.postMessage')
    expect(posts).toHaveLength(3)
    expect(posts[2]).toMatchObject({ channel: HELIX, thread_ts: MENTION_TS })
    expect(messageText(posts[2]!)).toContain('max-compaction-bytes')
    expect(messageText(posts[2]!)).toContain('Emi Nakamura')
    expect(JSON.stringify(fake.calls)).not.toContain('old compaction settings')

    // That reply comes back from Slack as the bot's own message: it is not added to the ticket again.
    await slack.message({ user: FAKE_BOT.userId, botId: FAKE_BOT.botId, channel: HELIX, ts: '1772442101.000100', threadTs: MENTION_TS, text: reply })
    await bot.settled()
    expect(await commentsAs(app, engineer.accessToken, ticketId)).toHaveLength(2)

    // Chen's reply in the thread becomes a public comment by Chen, linked to the Slack message, and is not echoed.
    const replyTs = '1772442200.000100'
    const first = await slack.message({
      user: SLACK_USERS.chen.id,
      channel: HELIX,
      ts: replyTs,
      threadTs: MENTION_TS,
      text: 'Raised it to 512GB, logs are at <https://files.example.com/tikv-logs.tar.gz|tikv-logs.tar.gz>',
    })
    expect(first.statusCode).toBe(200)
    await bot.settled()
    // Slack did not hear back in time (as far as it knows) and delivers the same event again.
    await slack.message({ user: SLACK_USERS.chen.id, channel: HELIX, ts: replyTs, threadTs: MENTION_TS, text: 'ignored' })
    await slack.event(
      { type: 'message', channel: HELIX, user: SLACK_USERS.chen.id, ts: replyTs, thread_ts: MENTION_TS, text: 'same event' },
      { eventId: first.eventId, retryNum: 1 },
    )
    // A mention in the thread arrives twice, as app_mention and as message: one comment, and no new button.
    const mentionReplyTs = '1772442300.000100'
    await slack.mention(SLACK_USERS.chen.id, HELIX, mentionReplyTs, 'compaction is back to normal, thanks', MENTION_TS)
    await slack.message({
      user: SLACK_USERS.chen.id,
      channel: HELIX,
      ts: mentionReplyTs,
      threadTs: MENTION_TS,
      text: `<@${FAKE_BOT.userId}> compaction is back to normal, thanks`,
    })
    await bot.settled()

    const comments = await commentsAs(app, chen.accessToken, ticketId)
    expect(comments.map(({ body, authorId, source, slackPermalink }) => ({ body, authorId, source, slackPermalink }))).toEqual([
      { body: reply, authorId: 'usr-emi', source: 'desktop', slackPermalink: undefined },
      {
        body: 'Raised it to 512GB, logs are at [tikv-logs.tar.gz](https://files.example.com/tikv-logs.tar.gz)',
        authorId: 'usr-chen',
        source: 'slack',
        slackPermalink: fake.permalink(HELIX, replyTs),
      },
      {
        body: 'compaction is back to normal, thanks',
        authorId: 'usr-chen',
        source: 'slack',
        slackPermalink: fake.permalink(HELIX, mentionReplyTs),
      },
    ])
    // Chen's replies hand the ticket back to support.
    expect((await ticketAs(app, chen.accessToken, ticketId)).status).toBe('waiting_for_support')

    // Helix's TAM answers in the thread: support's reply, from Slack, so not posted back to Slack.
    await slack.message({
      user: SLACK_USERS.daniel.id,
      channel: HELIX,
      ts: '1772442350.000100',
      threadTs: MENTION_TS,
      text: 'Thanks Chen, I will keep an eye on it tonight.',
    })
    await bot.settled()
    expect((await commentsAs(app, chen.accessToken, ticketId)).at(-1)).toMatchObject({
      authorId: 'usr-daniel',
      authorRole: 'tam',
      source: 'slack',
      body: 'Thanks Chen, I will keep an eye on it tonight.',
    })
    expect((await ticketAs(app, chen.accessToken, ticketId)).status).toBe('waiting_for_customer')
    expect(fake.callsTo('chat.postMessage')).toHaveLength(3)
    expect(fake.callsTo('views.open')).toHaveLength(1)

    // Someone without a help-center account is told why their reply went nowhere.
    await slack.message({ user: SLACK_USERS.stranger.id, channel: HELIX, ts: '1772442400.000100', threadTs: MENTION_TS, text: '+1' })
    await bot.settled()
    expect(ephemeralsTo(fake, SLACK_USERS.stranger.id)).toEqual([
      expect.stringContaining('No TiDB Cloud help-center account uses someone@elsewhere.example'),
    ])
    expect(await commentsAs(app, engineer.accessToken, ticketId)).toHaveLength(5)
  })

  it('posts an Enterprise organization\'s new tickets and updates to its channel, without two-way sync', { timeout: 30_000 }, async () => {
    const { app, fake, bot, slack, adminToken } = await slackHelpCenter()
    const sakura = SLACK_CHANNELS.sakura.id
    await linkChannel(app, adminToken, 'org-sakura', sakura)
    const aiko = await signIn(app, DEMO_ACCOUNTS.customer)
    const engineer = await signIn(app, DEMO_ACCOUNTS.engineer)

    const filing = fileTicket(WRITE_STALL)
    expect((await mutate(app, aiko.accessToken, [filing]))[0]?.status).toBe('applied')
    await bot.settled()
    const [announcement] = fake.callsTo('chat.postMessage')
    expect(announcement).toMatchObject({ channel: sakura })
    expect(announcement?.thread_ts).toBeUndefined()
    const key = /SUP-\d+/.exec(String(announcement?.text))?.[0]
    expect(messageText(announcement!)).toContain(`<https://help.example.com/tickets/${key}|${key}>`)
    expect(messageText(announcement!)).toContain('Write stall on payments-prod')

    await postAs(app, engineer.accessToken, `/api/v1/tickets/${filing.ticketId}/replies`, {
      body: 'Internal: noisy neighbour on the TiKV hosts',
      visibility: 'internal',
    })
    await postAs(app, engineer.accessToken, `/api/v1/tickets/${filing.ticketId}/replies`, {
      body: 'We are looking at the compaction backlog now.',
      visibility: 'public',
    })
    await bot.settled()
    const update = fake.callsTo('chat.postMessage')[1]!
    expect(update).toMatchObject({ channel: sakura })
    expect(update.thread_ts).toBeUndefined()
    expect(messageText(update)).toContain(`Update on <https://help.example.com/tickets/${key}|${key}>`)
    expect(messageText(update)).toContain('We are looking at the compaction backlog now.')

    // Replies in Slack do not reach an Enterprise ticket: that is Premium's two-way interaction.
    const announcementTs = String((fake.calls.find((call) => call.method === 'chat.postMessage')?.result as { ts: string }).ts)
    await slack.message({ user: SLACK_USERS.aiko.id, channel: sakura, ts: '1772442500.000100', threadTs: announcementTs, text: 'Thanks!' })
    await bot.settled()
    expect(await commentsAs(app, engineer.accessToken, filing.ticketId)).toHaveLength(2)

    expect((await mutate(app, aiko.accessToken, [setStatus(filing.ticketId, 'resolved')]))[0]?.status).toBe('applied')
    await bot.settled()
    const posts = fake.callsTo('chat.postMessage')
    expect(posts).toHaveLength(3)
    expect(messageText(posts[2]!)).toContain('Resolved')
    expect(messageText(posts[2]!)).toContain('We are looking at the compaction backlog now.')
    expect(JSON.stringify(fake.calls)).not.toContain('noisy neighbour')
  })

  it('tells people why it cannot help, in messages only they see, and files nothing', { timeout: 30_000 }, async () => {
    const { app, fake, bot, slack, adminToken } = await slackHelpCenter()
    await linkChannel(app, adminToken, 'org-helix', HELIX)

    await slack.mention(SLACK_USERS.chen.id, SLACK_CHANNELS.general.id, '1772441100.000100', 'our cluster is down')
    await slack.mention(SLACK_USERS.chen.id, HELIX, '1772441200.000100', '')
    await bot.settled()
    expect(ephemeralsTo(fake, SLACK_USERS.chen.id)).toEqual([
      expect.stringContaining('This channel is not linked to a TiDB Cloud organization'),
      expect.stringContaining('Mention me with a description of the problem'),
    ])

    await slack.mention(SLACK_USERS.chen.id, HELIX, MENTION_TS, MENTION_TEXT)
    await bot.settled()
    const button = requestButton(fake.callsTo('chat.postMessage')[0]!)
    for (const user of [SLACK_USERS.stranger, SLACK_USERS.private, SLACK_USERS.haruto]) {
      await slack.clickButton(user.id, HELIX, button)
    }
    await bot.settled()
    expect(ephemeralsTo(fake, SLACK_USERS.stranger.id)).toEqual([expect.stringContaining('No TiDB Cloud help-center account uses')])
    expect(ephemeralsTo(fake, SLACK_USERS.private.id)).toEqual([expect.stringContaining('does not show an email address')])
    expect(ephemeralsTo(fake, SLACK_USERS.haruto.id)).toEqual([
      'Your help-center account (haruto@kumo-mobility.example) is not a member of Helix Logistics, so it cannot file or answer its tickets from Slack.',
    ])
    expect(fake.callsTo('views.open')).toHaveLength(0)
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1)
  })
})
