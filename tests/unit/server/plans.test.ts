import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, postAs, signIn, tempDir } from './help-center'
import { changePage } from './ticket-mutations'
import { openHelpCenterDatabase, type HelpCenterDatabase } from '../../../server/database'
import { planCatalog, responseTargetTable } from '../../../server/plans'
import { DEMO_ACCOUNTS } from '../../../server/seed/demo'
import { PUBLISHED_RESPONSE_TARGETS } from '../../../shared/domain/response-targets'
import { supportErrorSchema } from '../../../shared/schemas/error'
import {
  organizationPlanSchema,
  planCatalogSchema,
  type CardInput,
  type OrganizationPlan,
} from '../../../shared/schemas/plan'

const DAY_MS = 24 * 3_600_000
// Less than an access token's life: the tests keep their sign-ins.
const MINUTE_MS = 60_000
const FUTURE_YEAR = new Date().getUTCFullYear() + 5
const VISA = '4242 4242 4242 4242'
const DECLINED = '4000 0000 0000 0002'

function card(overrides: Partial<CardInput> = {}): CardInput {
  return { holderName: 'Aiko Sato', number: VISA, expMonth: 12, expYear: FUTURE_YEAR, cvc: '123', ...overrides }
}

async function planOf(app: FastifyInstance, accessToken: string, organizationId: string): Promise<OrganizationPlan> {
  const response = await getAs(app, accessToken, `/api/v1/organizations/${organizationId}/plan`)
  expect(response.statusCode, response.body).toBe(200)
  return organizationPlanSchema.parse(response.json())
}

function upgrade(app: FastifyInstance, accessToken: string, organizationId: string, body: unknown) {
  return postAs(app, accessToken, `/api/v1/organizations/${organizationId}/plan/upgrade`, body)
}

function downgrade(app: FastifyInstance, accessToken: string, organizationId: string, plan: string) {
  return postAs(app, accessToken, `/api/v1/organizations/${organizationId}/plan/downgrade`, { plan })
}

function planChangeCount(db: HelpCenterDatabase, organizationId: string): number {
  const row = db.prepare('SELECT count(*) AS n FROM plan_changes WHERE organization_id = ?').get(organizationId)
  return (row as { n: number }).n
}

/** The database as it lies on disk; with WAL, recent writes may still sit in the -wal file. */
function fileBytes(db: HelpCenterDatabase): Buffer {
  return Buffer.concat([db.name, `${db.name}-wal`].filter(existsSync).map((path) => readFileSync(path)))
}

/** A four-digit CVC not yet in the file (random hex ids hold all sorts of digits): then its absence means something. */
function cvcAbsentFrom(bytes: Buffer): string {
  for (let cvc = 1000; cvc <= 9999; cvc++) {
    if (!bytes.includes(String(cvc))) return String(cvc)
  }
  throw new Error('every four-digit CVC already occurs in the file')
}

const SALES_CONTACT = {
  name: 'Aiko Sato',
  email: 'aiko@sakura-fintech.example',
  company: 'Sakura Fintech',
  phone: '+81 3-1234-5678',
  message: 'We would like Premium with a TAM for the payments launch.',
}

describe('the plan catalog', () => {
  it('serves the four plans of support-domain.md and the self-help channels', async () => {
    const { app, db } = await demoHelpCenter()
    expect((await app.inject({ method: 'GET', url: '/api/v1/plans' })).statusCode).toBe(401)
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.member)
    const response = await getAs(app, accessToken, '/api/v1/plans')
    expect(response.statusCode).toBe(200)
    const { plans, links } = planCatalogSchema.parse(response.json())

    const summaries = plans.map(({ id, name, purchase, trialDays, coverage }) => {
      return { id, name, purchase, trialDays, coverage }
    })
    expect(summaries).toEqual([
      { id: 'basic', name: 'Basic', purchase: 'free', trialDays: null, coverage: 'none' },
      { id: 'developer', name: 'Developer', purchase: 'card', trialDays: 30, coverage: 'business_hours' },
      { id: 'enterprise', name: 'Enterprise', purchase: 'card', trialDays: null, coverage: '24x7' },
      { id: 'premium', name: 'Premium', purchase: 'sales', trialDays: null, coverage: '24x7' },
    ])
    const [basic, developer, enterprise, premium] = plans
    expect(basic!.features).toMatchObject({ billingTickets: true, technicalTickets: false, knowledgeBase: false })
    expect(Object.values(basic!.responseTargets)).toEqual([null, null, null, null])
    expect(Object.values(developer!.responseTargets).every((target) => target?.businessHours)).toBe(true)
    expect(developer!.responseTargets.S1).toEqual({ hours: 4, businessHours: true })
    expect(developer!.features).toMatchObject({ technicalTickets: true, knowledgeBase: true, clinic: false })
    expect(enterprise!.responseTargets.S1).toEqual({ hours: 1, businessHours: false })
    expect(enterprise!.features).toMatchObject({
      clinic: true,
      aiChatInIm: true,
      imTicketSubscription: true,
      imTwoWayInteraction: false,
      technicalAccountManager: false,
    })
    expect(premium!.responseTargets.S1).toEqual({ hours: 0.5, businessHours: false })
    expect(Object.values(premium!.features).every(Boolean)).toBe(true)

    expect(links.slack).toBe('https://slack.tidb.io/invite?team=tidb-community&channel=everyone&ref=pingcap')
    expect(links.discord).toBe('https://discord.com/invite/KVRZBR2DrG')
    expect(links.tidbAi).toBe('https://tidb.ai/')
    expect(responseTargetTable(db)).toEqual(PUBLISHED_RESPONSE_TARGETS)
  })

  it('is there in every help center, demo or not, and an edited catalog survives reopening', () => {
    const file = join(tempDir(), 'help-center.sqlite')
    const db = openHelpCenterDatabase(file)
    expect(planCatalog(db).plans.map((plan) => plan.id)).toEqual(['basic', 'developer', 'enterprise', 'premium'])
    db.prepare("UPDATE channel_links SET url = 'https://docs.example.com/' WHERE channel = 'docs'").run()
    db.close()

    const reopened = openHelpCenterDatabase(file)
    expect(planCatalog(reopened).links.docs).toBe('https://docs.example.com/')
    expect((reopened.prepare('SELECT count(*) AS n FROM plan_catalog').get() as { n: number }).n).toBe(4)
    reopened.close()
  })
})

describe('an organization’s plan', () => {
  it('shows the owner the card on file and the history, newest first, and lets them change it', async () => {
    const { app } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const sakura = await planOf(app, accessToken, 'org-sakura')
    expect(sakura).toMatchObject({
      organizationId: 'org-sakura',
      plan: 'enterprise',
      trialEndsAt: null,
      paymentMethod: { brand: 'visa', last4: '4242', expMonth: 11, expYear: 2029 },
      salesRequestedAt: null,
      technicalAccountManager: null,
      canChangePlan: true,
    })
    expect(sakura.history.map(({ from, to, kind, actorName }) => ({ from, to, kind, actorName }))).toEqual([
      { from: 'developer', to: 'enterprise', kind: 'upgrade', actorName: 'Aiko Sato' },
      { from: 'basic', to: 'developer', kind: 'trial_started', actorName: 'Aiko Sato' },
    ])
    expect((await getAs(app, accessToken, '/api/v1/organizations/org-northwind/plan')).statusCode).toBe(404)
  })

  it('shows members read-only, and names the TAM on Premium', async () => {
    const { app } = await demoHelpCenter()
    const member = await signIn(app, DEMO_ACCOUNTS.member)
    expect(await planOf(app, member.accessToken, 'org-northwind')).toMatchObject({
      plan: 'developer',
      canChangePlan: false,
      technicalAccountManager: null,
    })
    const premium = await signIn(app, DEMO_ACCOUNTS.premiumCustomer)
    expect(await planOf(app, premium.accessToken, 'org-helix')).toMatchObject({
      plan: 'premium',
      canChangePlan: true,
      technicalAccountManager: { name: 'Daniel Kim', email: 'tam@support.example' },
    })
  })
})

describe('upgrading with a card', () => {
  it('starts the Developer trial and keeps only brand, last four and expiry: never the number or CVC', async () => {
    const { app, db, clock } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const cvc = cvcAbsentFrom(fileBytes(db))

    const response = await upgrade(app, accessToken, 'org-pebble', { plan: 'developer', card: card({ cvc }) })
    expect(response.statusCode, response.body).toBe(200)
    const pebble = organizationPlanSchema.parse(response.json())
    expect(pebble).toMatchObject({
      plan: 'developer',
      since: clock.now().toISOString(),
      trialEndsAt: new Date(clock.now().getTime() + 30 * DAY_MS).toISOString(),
      paymentMethod: { brand: 'visa', last4: '4242', expMonth: 12, expYear: FUTURE_YEAR },
    })
    expect(pebble.history).toEqual([
      expect.objectContaining({ from: 'basic', to: 'developer', kind: 'trial_started', actorName: 'Aiko Sato' }),
    ])
    expect(await planOf(app, accessToken, 'org-pebble')).toEqual(pebble)

    const stored = db.prepare("SELECT * FROM payment_methods WHERE organization_id = 'org-pebble'").get() as {
      token: string
    }
    expect(Object.keys(stored).sort()).toEqual(
      ['added_at', 'added_by', 'brand', 'exp_month', 'exp_year', 'last4', 'organization_id', 'token'].sort(),
    )
    const bytes = fileBytes(db)
    // The bytes read do hold this upgrade's rows, so what is missing from them was never written.
    expect(bytes.includes(stored.token)).toBe(true)
    for (const secret of ['4242424242424242', VISA, '4242-4242-4242-4242', cvc]) {
      expect(bytes.includes(secret), secret).toBe(false)
    }
    expect(response.body).not.toContain('4242424242424242')
    expect(response.body).not.toContain(cvc)
  })

  it('moves on to Enterprise as a paid upgrade, ending the trial; a later Developer period has none', async () => {
    const { app, clock } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    await upgrade(app, accessToken, 'org-pebble', { plan: 'developer', card: card() })
    clock.advance(MINUTE_MS)

    const mastercard = card({ number: '5555 5555 5555 4444', expMonth: 3 })
    const response = await upgrade(app, accessToken, 'org-pebble', { plan: 'enterprise', card: mastercard })
    expect(response.statusCode, response.body).toBe(200)
    expect(organizationPlanSchema.parse(response.json())).toMatchObject({
      plan: 'enterprise',
      trialEndsAt: null,
      paymentMethod: { brand: 'mastercard', last4: '4444', expMonth: 3 },
      history: [expect.objectContaining({ from: 'developer', to: 'enterprise', kind: 'upgrade' }), expect.anything()],
    })

    expect((await downgrade(app, accessToken, 'org-pebble', 'basic')).statusCode).toBe(200)
    const again = await upgrade(app, accessToken, 'org-pebble', { plan: 'developer', card: card() })
    expect(organizationPlanSchema.parse(again.json())).toMatchObject({
      plan: 'developer',
      trialEndsAt: null,
      history: [expect.objectContaining({ from: 'basic', to: 'developer', kind: 'upgrade' }), {}, {}, {}],
    })
  })

  it('answers a declined card with 402 and changes nothing', async () => {
    const { app, db } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const declined = card({ number: DECLINED })
    const response = await upgrade(app, accessToken, 'org-pebble', { plan: 'developer', card: declined })
    expect(response.statusCode).toBe(402)
    expect(supportErrorSchema.parse(response.json())).toMatchObject({
      code: 'card_declined',
      message: 'Your card was declined by the issuer. Use another card.',
    })
    expect(response.body).not.toContain('4000000000000002')
    const pebble = await planOf(app, accessToken, 'org-pebble')
    expect(pebble).toMatchObject({ plan: 'basic', paymentMethod: null, history: [] })
    expect(planChangeCount(db, 'org-pebble')).toBe(0)
  })

  it('names the field of an invalid card or plan, and changes nothing', async () => {
    const { app, db } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const cases: [string, string, unknown][] = [
      ['Luhn-invalid number', 'card.number', { plan: 'developer', card: card({ number: '4242 4242 4242 4241' }) }],
      ['expired card', 'card.expYear', { plan: 'developer', card: card({ expMonth: 1, expYear: 2020 }) }],
      ['short CVC', 'card.cvc', { plan: 'developer', card: card({ cvc: '12' }) }],
      ['Premium bought by card', 'plan', { plan: 'premium', card: card() }],
    ]
    for (const [what, field, body] of cases) {
      const response = await upgrade(app, accessToken, 'org-pebble', body)
      expect(response.statusCode, what).toBe(400)
      const error = supportErrorSchema.parse(response.json())
      expect(error.code, what).toBe('invalid_input')
      expect(Object.keys(error.fields ?? {}), what).toContain(field)
      expect(response.body, what).not.toMatch(/4242 ?4242 ?4242 ?424/)
    }

    for (const plan of ['enterprise', 'developer']) {
      const response = await upgrade(app, accessToken, 'org-sakura', { plan, card: card() })
      expect(response.statusCode, plan).toBe(400)
      expect(Object.keys(supportErrorSchema.parse(response.json()).fields ?? {}), plan).toEqual(['plan'])
    }
    expect(planChangeCount(db, 'org-pebble')).toBe(0)
    expect(await planOf(app, accessToken, 'org-sakura')).toMatchObject({ plan: 'enterprise', history: [{}, {}] })
  })
})

describe('who may change a plan', () => {
  it('refuses members and TAMs with 403 before reading the body, and nothing changes', async () => {
    const { app, db } = await demoHelpCenter()
    const member = await signIn(app, DEMO_ACCOUNTS.member)
    const attempts = [
      upgrade(app, member.accessToken, 'org-northwind', { plan: 'enterprise', card: card() }),
      upgrade(app, member.accessToken, 'org-northwind', { nonsense: true }),
      downgrade(app, member.accessToken, 'org-northwind', 'basic'),
      postAs(app, member.accessToken, '/api/v1/organizations/org-northwind/sales-requests', SALES_CONTACT),
    ]
    const tam = await signIn(app, DEMO_ACCOUNTS.tam)
    attempts.push(downgrade(app, tam.accessToken, 'org-helix', 'enterprise'))
    for (const response of await Promise.all(attempts)) {
      expect(response.statusCode, response.body).toBe(403)
      expect(supportErrorSchema.parse(response.json()).code).toBe('forbidden')
    }
    expect(planChangeCount(db, 'org-northwind') + planChangeCount(db, 'org-helix')).toBe(0)
    const northwind = await planOf(app, member.accessToken, 'org-northwind')
    expect(northwind).toMatchObject({ plan: 'developer', salesRequestedAt: null })
  })
})

describe('downgrading', () => {
  it('applies at once, records it and keeps the card on file', async () => {
    const { app, clock } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const response = await downgrade(app, accessToken, 'org-sakura', 'developer')
    expect(response.statusCode, response.body).toBe(200)
    const sakura = organizationPlanSchema.parse(response.json())
    expect(sakura).toMatchObject({
      plan: 'developer',
      since: clock.now().toISOString(),
      // Sakura had its trial in 2024.
      trialEndsAt: null,
      paymentMethod: { brand: 'visa', last4: '4242' },
    })
    expect(sakura.history[0]).toMatchObject({ from: 'enterprise', to: 'developer', kind: 'downgrade' })
    expect(sakura.history[0]!.actorName).toBe('Aiko Sato')
  })

  it('refuses a target that is not lower, naming the plan field', async () => {
    const { app, db } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    for (const plan of ['enterprise', 'premium']) {
      const response = await downgrade(app, accessToken, 'org-sakura', plan)
      expect(response.statusCode, plan).toBe(400)
      expect(Object.keys(supportErrorSchema.parse(response.json()).fields ?? {}), plan).toEqual(['plan'])
    }
    expect((await downgrade(app, accessToken, 'org-pebble', 'basic')).statusCode).toBe(400)
    expect(planChangeCount(db, 'org-sakura')).toBe(2)
  })
})

describe('Premium through sales', () => {
  it('records a contact request without changing the plan, and an admin’s plan change answers it', async () => {
    const { app, db, clock } = await demoHelpCenter()
    const { accessToken } = await signIn(app, DEMO_ACCOUNTS.customer)
    const invalid = await postAs(app, accessToken, '/api/v1/organizations/org-sakura/sales-requests', {
      ...SALES_CONTACT,
      email: 'not an email',
    })
    expect(invalid.statusCode).toBe(400)
    expect(Object.keys(supportErrorSchema.parse(invalid.json()).fields ?? {})).toEqual(['email'])

    const requested = await postAs(app, accessToken, '/api/v1/organizations/org-sakura/sales-requests', SALES_CONTACT)
    expect(requested.statusCode, requested.body).toBe(201)
    expect(organizationPlanSchema.parse(requested.json())).toMatchObject({
      plan: 'enterprise',
      salesRequestedAt: clock.now().toISOString(),
      history: [{}, {}],
    })

    for (const account of [DEMO_ACCOUNTS.customer, DEMO_ACCOUNTS.engineer, DEMO_ACCOUNTS.tam]) {
      const { accessToken: token } = await signIn(app, account)
      const refused = await postAs(app, token, '/api/v1/admin/organizations/org-sakura/plan', { plan: 'premium' })
      expect(refused.statusCode, account.email).toBe(403)
    }

    clock.advance(MINUTE_MS)
    const admin = await signIn(app, DEMO_ACCOUNTS.admin)
    const setPlan = (organizationId: string) =>
      postAs(app, admin.accessToken, `/api/v1/admin/organizations/${organizationId}/plan`, { plan: 'premium' })
    expect((await setPlan('org-nowhere')).statusCode).toBe(404)
    const set = await setPlan('org-sakura')
    expect(set.statusCode, set.body).toBe(200)
    const sakura = await planOf(app, accessToken, 'org-sakura')
    expect(sakura).toMatchObject({ plan: 'premium', since: clock.now().toISOString(), salesRequestedAt: null })
    expect(sakura.history[0]).toMatchObject({ from: 'enterprise', to: 'premium', kind: 'sales' })
    expect(sakura.history[0]!.actorName).toBe('Sam Rivera')
    const handled = db.prepare("SELECT handled_at FROM sales_requests WHERE organization_id = 'org-sakura'").all()
    expect(handled).toEqual([{ handled_at: clock.now().toISOString() }])
  })
})

describe('the change feed', () => {
  it('tells signed-in members about the new plan', async () => {
    const { app } = await demoHelpCenter()
    const owner = await signIn(app, DEMO_ACCOUNTS.customer)
    await upgrade(app, owner.accessToken, 'org-pebble', { plan: 'developer', card: card() })
    const ownerFeed = (await changePage(app, owner.accessToken)).changes
    expect(ownerFeed).toContainEqual(
      expect.objectContaining({
        entity: 'organization',
        organization: expect.objectContaining({ id: 'org-pebble', supportPlan: 'developer', role: 'owner' }),
      }),
    )

    const admin = await signIn(app, DEMO_ACCOUNTS.admin)
    await postAs(app, admin.accessToken, '/api/v1/admin/organizations/org-northwind/plan', { plan: 'enterprise' })
    const member = await signIn(app, DEMO_ACCOUNTS.member)
    const memberFeed = (await changePage(app, member.accessToken)).changes
    expect(memberFeed).toEqual([
      expect.objectContaining({
        entity: 'organization',
        organization: expect.objectContaining({ id: 'org-northwind', supportPlan: 'enterprise', role: 'member' }),
      }),
    ])
  })
})
