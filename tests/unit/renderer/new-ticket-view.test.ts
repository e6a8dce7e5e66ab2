// @vitest-environment happy-dom
import './fixed-layout'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { accountBillingTicketSchema } from '../../../shared/schemas/ticket'
import { chooseOption, createFakeBridge, ok, organization, renderApp, signedIn, ticket } from './harness'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

type Wrapper = Awaited<ReturnType<typeof renderApp>>['wrapper']

const twoOrganizations = signedIn({
  profile: {
    user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
    organizations: [
      organization(),
      organization({ id: 'org-hobby', name: 'Aiko Hobby', supportPlan: 'basic', clusters: [] }),
    ],
  },
})

function newTicketBridge(overrides: Parameters<typeof createFakeBridge>[0] = {}) {
  return createFakeBridge({
    'session.get': () => ok(twoOrganizations),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
    'drafts.get': () => ok(null),
    'drafts.save': (input) => ok({ ...input, savedAt: new Date().toISOString() }),
    'drafts.discard': () => ok({}),
    'tickets.similar': () => ok({ tickets: [] }),
    ...overrides,
  })
}

function feedbackFor(testId: string) {
  const item = document.querySelector(`[data-testid="${testId}"]`)?.closest('.n-form-item')
  return item?.querySelector('.n-form-item-feedback-wrapper')?.textContent?.trim() ?? ''
}

/** The message the shared schema gives for a field's value, so the test follows the schema's wording. */
function schemaMessage(field: 'summary' | 'description' | 'severity', value: unknown) {
  const result = accountBillingTicketSchema.shape[field].safeParse(value)
  if (result.success) throw new Error(`${String(value)} unexpectedly passes as ${field}`)
  return result.error.issues[0]!.message
}

const preview = (wrapper: Wrapper) => wrapper.get('[data-testid="response-target-preview"]').text()

async function choose(wrapper: Wrapper, testId: string) {
  await wrapper.get(`[data-testid="${testId}"]`).trigger('click')
  await flushPromises()
}

async function chooseSeverity(wrapper: Wrapper, severity: string) {
  await wrapper.get(`[data-testid="severity-${severity}"] input`).setValue(true)
  await flushPromises()
}

describe('new ticket screen', () => {
  it('offers no S1 for account or billing, and shows the schema\'s messages without filing', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })

    await choose(wrapper, 'kind-account-billing')
    expect(wrapper.find('[data-testid="severity-S1"]').exists()).toBe(false)
    expect(['S2', 'S3', 'S4'].map((severity) => wrapper.find(`[data-testid="severity-${severity}"]`).exists())).toEqual([true, true, true])
    expect(wrapper.get('[data-testid="severity-S2"]').text()).toContain('Major impact on production operations.')
    expect(wrapper.find('[data-testid="ticket-environment"]').exists()).toBe(false)

    await wrapper.get('[data-testid="ticket-summary"]').setValue('   ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(feedbackFor('ticket-summary')).toBe(schemaMessage('summary', '   '))
    expect(feedbackFor('ticket-description')).toBe(schemaMessage('description', ''))
    expect(feedbackFor('ticket-severity')).toBe(schemaMessage('severity', undefined))
    expect(fake.commands()).not.toContain('tickets.create')
  })

  it('files a valid ticket, drops its draft and opens it', async () => {
    const created = ticket({ kind: 'account_billing', key: null, syncState: 'pending' })
    const fake = newTicketBridge({ 'tickets.create': () => ok(created), 'tickets.get': () => ok({ ticket: created, comments: [] }) })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })

    await choose(wrapper, 'kind-account-billing')
    await wrapper.get('[data-testid="ticket-summary"]').setValue('Invoice shows the wrong company name')
    await wrapper.get('[data-testid="ticket-description"]').setValue('The March invoice says Acme Pay.')
    await chooseSeverity(wrapper, 'S3')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(fake.invocations).toContainEqual({
      command: 'tickets.create',
      input: {
        ticket: {
          kind: 'account_billing',
          summary: 'Invoice shows the wrong company name',
          organizationId: 'org-acme',
          description: 'The March invoice says Acme Pay.',
          severity: 'S3',
        },
      },
    })
    expect(fake.invocations).toContainEqual({ command: 'drafts.discard', input: { kind: 'account_billing' } })
    expect(router.currentRoute.value.name).toBe('ticket')
    expect(router.currentRoute.value.params.ticketId).toBe(created.id)
  })

  it('points a Basic organization to the community instead of the technical form', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=technical&org=org-hobby' })

    const unavailable = wrapper.get('[data-testid="technical-unavailable"]')
    expect(unavailable.text()).toContain('Developer, Enterprise and Premium')
    const links = unavailable.findAll('a[target="_blank"]').map((link) => [link.attributes('href'), link.attributes('rel')])
    expect(links).toEqual([
      ['https://slack.tidb.io/invite?team=tidb-community&channel=everyone&ref=pingcap', 'noopener noreferrer'],
      ['https://discord.com/invite/KVRZBR2DrG', 'noopener noreferrer'],
      ['https://tidb.ai/', 'noopener noreferrer'],
    ])
    expect(wrapper.find('[data-testid="ticket-summary"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="ticket-submit"]').exists()).toBe(false)

    await choose(wrapper, 'see-plans')
    expect(wrapper.find('[data-testid="plan-current-plan"]').exists()).toBe(true)
  })

  it('fills in the version of the chosen cluster, and lets the user change it', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })

    await choose(wrapper, 'kind-technical')
    const version = wrapper.get<HTMLInputElement>('[data-testid="ticket-version"]')
    expect(version.element.value).toBe('')

    await chooseOption('ticket-cluster', 'payments-staging (v8.1.2)')
    expect(version.element.value).toBe('v8.1.2')

    await version.setValue('v8.1.1')
    expect(version.element.value).toBe('v8.1.1')
  })

  it('takes the cluster from the link', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=technical&org=org-acme&cluster=cl-1' })

    expect(wrapper.get('[data-testid="ticket-cluster"]').text()).toContain('payments-prod')
    expect(wrapper.get<HTMLInputElement>('[data-testid="ticket-version"]').element.value).toBe('v8.5.1')
  })

  it('previews the response target for the plan and severity', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })

    await choose(wrapper, 'kind-technical')
    expect(preview(wrapper)).toBe('Choose a severity to see the response target')

    await chooseSeverity(wrapper, 'S1')
    expect(preview(wrapper)).toMatch(/^First response within 1 hour \(24x7\) · expected by /)

    await chooseSeverity(wrapper, 'S3')
    expect(preview(wrapper)).toMatch(/^First response within 8 business hours \(9:00–18:00 Mon–Fri, your time\)/)

    await choose(wrapper, 'kind-account-billing')
    await chooseOption('ticket-organization', 'Aiko Hobby · Basic')
    await chooseSeverity(wrapper, 'S2')
    expect(preview(wrapper)).toBe('No response target on the Basic plan')
  })

  it('saves the draft as the user types and restores it next time', async () => {
    const saved: Record<string, Record<string, string>> = {}
    const fake = newTicketBridge({
      'drafts.get': ({ kind }) => ok(saved[kind] ? { kind, fields: saved[kind], savedAt: new Date().toISOString() } : null),
      'drafts.save': ({ kind, fields }) => {
        saved[kind] = fields
        return ok({ kind, fields, savedAt: new Date().toISOString() })
      },
    })
    const first = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })
    await choose(first.wrapper, 'kind-technical')
    await first.wrapper.get('[data-testid="ticket-summary"]').setValue('TiKV region unavailable')
    await first.wrapper.get('[data-testid="ticket-description"]').setValue('Since 09:12 JST')
    await vi.waitFor(() => expect(saved.technical?.description).toBe('Since 09:12 JST'))
    expect(fake.commands().filter((command) => command === 'drafts.save')).toHaveLength(1)
    expect(saved.technical).toMatchObject({ organizationId: 'org-acme', summary: 'TiKV region unavailable' })
    first.wrapper.unmount()

    const second = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=technical' })
    expect(second.wrapper.get<HTMLInputElement>('[data-testid="ticket-summary"]').element.value).toBe('TiKV region unavailable')
    expect(second.wrapper.get<HTMLTextAreaElement>('[data-testid="ticket-description"]').element.value).toBe('Since 09:12 JST')

    await choose(second.wrapper, 'discard-draft')
    expect(fake.invocations).toContainEqual({ command: 'drafts.discard', input: { kind: 'technical' } })
    expect(second.wrapper.get<HTMLInputElement>('[data-testid="ticket-summary"]').element.value).toBe('')
  })

  it('suggests the user\'s own similar tickets as they type', async () => {
    const mine = ticket({ summary: 'TiKV region unavailable after scale-in' })
    const colleagues = ticket({ id: '7a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d', requesterId: 'user-2', summary: 'TiKV regions' })
    const fake = newTicketBridge({ 'tickets.similar': () => ok({ tickets: [mine, colleagues] }) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=technical' })

    await wrapper.get('[data-testid="ticket-summary"]').setValue('Ti')
    await new Promise((resolve) => setTimeout(resolve, 350))
    expect(fake.commands()).not.toContain('tickets.similar')

    await wrapper.get('[data-testid="ticket-summary"]').setValue('TiKV region')
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="similar-ticket"]')).toHaveLength(1))

    expect(fake.invocations).toContainEqual({ command: 'tickets.similar', input: { text: 'TiKV region' } })
    expect(wrapper.text()).toContain('Similar tickets you filed — maybe reply there instead?')
    expect(wrapper.get('[data-testid="similar-ticket"] a').attributes('href')).toContain(mine.id)
  })

  it('translates the schema messages in Japanese', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=technical', locale: 'ja' })

    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(feedbackFor('ticket-summary')).toBe('問題の概要を入力してください')
    expect(feedbackFor('ticket-version')).toBe('バージョンは v8.5.1 の形式で入力してください')
    expect(fake.commands()).not.toContain('tickets.create')
  })
})
