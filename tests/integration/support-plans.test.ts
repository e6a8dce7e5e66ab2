import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { SessionState } from '../../shared/schemas/session'
import { organizationPlanSchema } from '../../shared/schemas/plan'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { apiAs, call, until, useCoreHarness } from '../support/core-harness'
import { everythingWritten, useTempDir } from '../support/temp-dir'

const VALID_CARD = '4242 4242 4242 4242'
const DECLINED_CARD = '4000 0000 0000 0002'
const CVC = '737'

const card = (number: string) => ({ holderName: 'Aiko Sato', number, expMonth: 12, expYear: 2031, cvc: CVC })

const technical = {
  kind: 'technical' as const,
  summary: 'TiFlash replica stuck at 0%',
  organizationId: 'org-pebble',
  environment: 'non_production' as const,
  description: 'ALTER TABLE ... SET TIFLASH REPLICA 1 has shown 0% for two hours.',
  severity: 'S3' as const,
  component: 'tiflash' as const,
  affectedVersion: 'v8.5.1',
}

function planOf(state: SessionState, organizationId: string) {
  return state.status === 'signed_in' ? state.profile.organizations.find(({ id }) => id === organizationId)?.supportPlan : undefined
}

describe('support plans: core against the real help center', () => {
  const tempDir = useTempDir('support-plans-')
  const { helpCenter, signedInCore } = useCoreHarness()

  it('upgrades a Basic organization with a card; technical tickets open up at once; no card data is stored', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const states: SessionState[] = []
    const core = await signedInCore(join(dir, 'app'), server.url, DEMO_ACCOUNTS.customer, {
      onEvent: (event, payload) => {
        if (event === 'session.changed') states.push(payload as SessionState)
      },
    })

    const catalog = await call(core, 'plans.catalog', {})
    expect(catalog.plans.map((plan) => plan.id)).toEqual(['basic', 'developer', 'enterprise', 'premium'])
    const before = await call(core, 'plans.organization', { organizationId: 'org-pebble' })
    expect(before).toMatchObject({ offline: false, plan: { plan: 'basic', canChangePlan: true } })
    await expect(call(core, 'tickets.create', { ticket: technical })).rejects.toMatchObject({ code: 'forbidden' })

    await expect(
      call(core, 'plans.upgrade', { organizationId: 'org-pebble', plan: 'developer', card: card(DECLINED_CARD) }),
    ).rejects.toMatchObject({ code: 'card_declined' })
    expect(planOf(await call(core, 'session.get', {}), 'org-pebble')).toBe('basic')

    const upgraded = await call(core, 'plans.upgrade', { organizationId: 'org-pebble', plan: 'developer', card: card(VALID_CARD) })
    expect(upgraded).toMatchObject({ plan: 'developer', paymentMethod: { brand: 'visa', last4: '4242' } })
    expect(upgraded.trialEndsAt).not.toBeNull()
    // The change arrived through the feed before the command returned: the session already has it.
    expect(planOf(await call(core, 'session.get', {}), 'org-pebble')).toBe('developer')
    expect(states.some((state) => planOf(state, 'org-pebble') === 'developer')).toBe(true)
    const filed = await call(core, 'tickets.create', { ticket: technical })
    expect(filed.firstResponseDueAt).not.toBeNull()

    const written = everythingWritten(join(dir, 'app'))
    for (const secret of [VALID_CARD.replaceAll(' ', ''), DECLINED_CARD.replaceAll(' ', ''), VALID_CARD, `"cvc":"${CVC}"`]) {
      expect(written.includes(secret), `found ${secret} in the app's files`).toBe(false)
    }
  })

  it('follows a plan change made on the server without a restart', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    const admin = await apiAs(server.url, DEMO_ACCOUNTS.admin)
    await admin.client.request('/admin/organizations/org-pebble/plan', {
      method: 'POST',
      body: { plan: 'premium' },
      accessToken: admin.token,
      response: organizationPlanSchema,
    })
    await until(async () => planOf(await call(core, 'session.get', {}), 'org-pebble') === 'premium', 'the new plan to arrive')
  })

  it('shows the last known plan offline and refuses changes with the reason', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    await call(core, 'plans.catalog', {})
    const online = await call(core, 'plans.organization', { organizationId: 'org-sakura' })
    await server.close()

    expect(await call(core, 'plans.organization', { organizationId: 'org-sakura' })).toEqual({ ...online, offline: true })
    expect((await call(core, 'plans.catalog', {})).plans).toHaveLength(4)
    await expect(call(core, 'plans.downgrade', { organizationId: 'org-sakura', plan: 'developer' })).rejects.toMatchObject({
      code: 'unreachable',
      message: expect.stringContaining('Plan changes need a connection'),
    })
  })

  it('lets only owners change plans, and records a Premium contact-sales request without changing the plan', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const member = await signedInCore(join(dir, 'member'), server.url, DEMO_ACCOUNTS.member)
    const northwind = await call(member, 'plans.organization', { organizationId: 'org-northwind' })
    expect(northwind.plan.canChangePlan).toBe(false)
    await expect(
      call(member, 'plans.upgrade', { organizationId: 'org-northwind', plan: 'enterprise', card: card(VALID_CARD) }),
    ).rejects.toMatchObject({ code: 'forbidden' })

    const owner = await signedInCore(join(dir, 'owner'), server.url)
    const contact = { name: 'Aiko Sato', email: DEMO_ACCOUNTS.customer.email, company: 'Sakura Fintech', message: 'We need a TAM for our launch.' }
    const asked = await call(owner, 'plans.contactSales', { organizationId: 'org-sakura', ...contact })
    expect(asked).toMatchObject({ plan: 'enterprise' })
    expect(asked.salesRequestedAt).not.toBeNull()

    const downgraded = await call(owner, 'plans.downgrade', { organizationId: 'org-sakura', plan: 'developer' })
    expect(downgraded.plan).toBe('developer')
    expect(downgraded.history[0]).toMatchObject({ from: 'enterprise', to: 'developer', kind: 'downgrade' })
  })

  it('counts met and breached first-response targets per severity from the cache', async () => {
    const dir = tempDir()
    const server = await helpCenter(join(dir, 'hc.sqlite'))
    const core = await signedInCore(join(dir, 'app'), server.url)
    const stats = await call(core, 'plans.responseStats', { organizationId: 'org-sakura' })
    expect(stats.bySeverity.map(({ severity }) => severity)).toEqual(['S1', 'S2', 'S3', 'S4'])
    const { tickets } = await call(core, 'tickets.list', { organizationId: 'org-sakura', limit: 500 })
    const counted = stats.bySeverity.reduce((sum, row) => sum + row.met + row.breached + row.pending + row.noTarget, 0)
    const recent = tickets.filter((ticket) => Date.now() - Date.parse(ticket.createdAt) <= 90 * 86_400_000)
    expect(counted).toBe(recent.length)
    expect(counted).toBeGreaterThan(0)
  })
})
