// @vitest-environment happy-dom
import './fixed-layout'
import { enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { accountBillingTicketSchema } from '../../../shared/schemas/ticket'
import { chooseOption, createFakeBridge, fail, ok, organization, renderApp, signedIn, ticket } from './harness'
import { base64Of, chooseFiles, conversation } from './ticket-fixtures'

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
    const fake = newTicketBridge({ 'tickets.create': () => ok(created), 'tickets.get': () => ok(conversation({ ticket: created })) })
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
        attachments: [],
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

describe('new ticket screen: attachments', () => {
  async function fillAccountTicket(wrapper: Wrapper) {
    await choose(wrapper, 'kind-account-billing')
    await wrapper.get('[data-testid="ticket-summary"]').setValue('Invoice shows the wrong company name')
    await wrapper.get('[data-testid="ticket-description"]').setValue('The March invoice says Acme Pay.')
    await chooseSeverity(wrapper, 'S3')
  }

  const attachmentInput = (wrapper: Wrapper) => wrapper.get<HTMLInputElement>('[data-testid="attachment-input"]').element
  const chips = (wrapper: Wrapper) => wrapper.findAll('[data-testid="attachment-chip"]').map((chip) => chip.get('.attachment-picker__name').text())
  const sentAttachments = (fake: ReturnType<typeof newTicketBridge>) =>
    (fake.invocations.find(({ command }) => command === 'tickets.create')?.input as { attachments: unknown } | undefined)?.attachments

  it('refuses a file over 10 MB in place, naming it and its size, and sends nothing of it', async () => {
    const created = ticket({ kind: 'account_billing', key: null, syncState: 'pending' })
    const fake = newTicketBridge({ 'tickets.create': () => ok(created), 'tickets.get': () => ok(conversation({ ticket: created })) })
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })
    await fillAccountTicket(wrapper)
    const read = vi.spyOn(Blob.prototype, 'arrayBuffer')

    chooseFiles(attachmentInput(wrapper), [
      new File([new Uint8Array(Math.round(14.2 * 1024 * 1024))], 'trace.log', { type: 'text/plain' }),
      new File([], 'empty.txt', { type: 'text/plain' }),
    ])
    await flushPromises()

    const problems = wrapper.get('[data-testid="attachment-problems"]')
    expect(problems.attributes('role')).toBe('alert')
    expect(problems.findAll('p').map((problem) => problem.text())).toEqual([
      'trace.log is 14.2 MB; each file can be at most 10.0 MB',
      'empty.txt is empty',
    ])
    expect(chips(wrapper)).toEqual([])
    expect(read).not.toHaveBeenCalled()

    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(sentAttachments(fake)).toEqual([])
    read.mockRestore()
  })

  it('sends chosen and dropped files as base64 with tickets.create, and says drafts do not keep them', async () => {
    const created = ticket({ kind: 'account_billing', key: null, syncState: 'pending' })
    const fake = newTicketBridge({ 'tickets.create': () => ok(created), 'tickets.get': () => ok(conversation({ ticket: created })) })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })
    await fillAccountTicket(wrapper)

    expect(wrapper.get('[data-testid="attachment-picker"]').text())
      .toContain('Files are not kept in the draft: if you leave this screen before submitting, attach them again.')
    chooseFiles(attachmentInput(wrapper), [
      new File(['Invoice INV-2031'], 'invoice.pdf', { type: 'application/pdf' }),
      new File(['oops'], 'wrong.txt', { type: 'text/plain' }),
    ])
    const dropped = new DataTransfer()
    dropped.items.add(new File(['name,company'], 'billing-contacts.csv', { type: 'text/csv' }))
    wrapper.get('form').element.dispatchEvent(Object.assign(new Event('drop', { bubbles: true, cancelable: true }), { dataTransfer: dropped }))
    await flushPromises()
    expect(chips(wrapper)).toEqual(['invoice.pdf', 'wrong.txt', 'billing-contacts.csv'])
    expect(wrapper.findAll('[data-testid="attachment-chip"]')[0]!.text()).toContain('16 B')

    await wrapper.findAll('[data-testid="attachment-remove"]')[1]!.trigger('click')
    await flushPromises()
    expect(chips(wrapper)).toEqual(['invoice.pdf', 'billing-contacts.csv'])
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Remove billing-contacts.csv')

    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(sentAttachments(fake)).toEqual([
      { fileName: 'invoice.pdf', contentType: 'application/pdf', contentBase64: base64Of('Invoice INV-2031') },
      { fileName: 'billing-contacts.csv', contentType: 'text/csv', contentBase64: base64Of('name,company') },
    ])
    expect(router.currentRoute.value.name).toBe('ticket')
  })

  it('refuses a sixth file', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=account_billing' })

    chooseFiles(attachmentInput(wrapper), Array.from({ length: 6 }, (_, index) => new File(['x'], `part-${index + 1}.log`)))
    await flushPromises()

    expect(chips(wrapper)).toHaveLength(5)
    expect(wrapper.get('[data-testid="attachment-problems"]').text()).toBe('Not attached: part-6.log. Attach at most 5 files at a time')
  })

  it('shows the core\'s complaint about a file beside that file', async () => {
    const fake = newTicketBridge({
      'tickets.create': () => fail('invalid_input', 'Invalid ticket: check attachments.0.contentType', {
        fields: { 'attachments.0.contentType': 'Unknown file type' },
      }),
    })
    const { wrapper, router } = await renderApp({ bridge: fake.bridge, path: '/tickets/new' })
    await fillAccountTicket(wrapper)
    chooseFiles(attachmentInput(wrapper), [new File(['%PDF'], 'invoice.pdf', { type: 'application/pdf' })])
    await flushPromises()

    await wrapper.get('form').trigger('submit')
    await flushPromises()

    expect(wrapper.get('[data-testid="attachment-chip"]').text()).toContain('Unknown file type')
    expect(wrapper.find('[data-testid="ticket-error"]').exists()).toBe(false)
    expect(router.currentRoute.value.name).toBe('new-ticket')
  })

  it('explains the limits in Japanese', async () => {
    const fake = newTicketBridge()
    const { wrapper } = await renderApp({ bridge: fake.bridge, path: '/tickets/new?kind=account_billing', locale: 'ja' })

    chooseFiles(attachmentInput(wrapper), [new File([new Uint8Array(11 * 1024 * 1024)], 'heap.pprof')])
    await flushPromises()

    expect(wrapper.get('[data-testid="attachment-problems"]').text()).toBe('heap.pprof は 11.0 MB です。1 ファイルあたり 10.0 MB までです')
  })
})
