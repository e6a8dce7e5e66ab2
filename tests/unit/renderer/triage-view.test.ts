// @vitest-environment happy-dom
import './fixed-layout'
import type { TriageAction } from '../../../shared/schemas/triage'
import { DOMWrapper, config, enableAutoUnmount, flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { chooseOption, ok, renderApp, syncStatus } from './harness'
import { BATCH_ID, IDS, MUTATION_ID, builtInView, queue, summary, tamSession, triageBridge, triageRow } from './triage-fixtures'

enableAutoUnmount(afterEach)

// Naive UI's focus trap looks for the dialog among its siblings, which stubbed transitions wrap: real
// transitions let it work, so dialogs take the focus as they do in the app.
config.global.stubs = { ...config.global.stubs, transition: false }

beforeEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
})

type Fake = ReturnType<typeof triageBridge>

const inputsOf = (fake: Fake, command: string) => fake.invocations.filter((invocation) => invocation.command === command).map(({ input }) => input)
const applied = (fake: Fake) => inputsOf(fake, 'triage.apply') as { ticketIds: string[], action: TriageAction }[]

/** Dialogs and messages are teleported to the body, so everything is looked up in the document. */
const find = (testId: string) => document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)
function get(testId: string) {
  const element = find(testId)
  if (!element) throw new Error(`Nothing has data-testid="${testId}"`)
  return new DOMWrapper(element)
}
const rows = () => [...document.querySelectorAll<HTMLElement>('[data-testid="triage-row"]')]
const focusedKey = () => document.querySelector('.triage-queue__row--focused [data-testid="triage-row-key"]')?.textContent

async function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = document.body) {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
  await flushPromises()
}

async function click(testId: string) {
  get(testId).element.click()
  await flushPromises()
}

/** Naive UI's radio buttons change on their input's click, as a user's click on the label does. */
async function chooseRadio(testId: string) {
  get(testId).get('input').element.click()
  await flushPromises()
}

async function renderTriage(fake = triageBridge(), locale: 'en' | 'ja' = 'en') {
  const rendered = await renderApp({ bridge: fake.bridge, path: '/triage', locale })
  await flushPromises()
  return rendered
}

describe('triage queue', () => {
  it('lists the tickets in the core\'s order with every column', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    expect(inputsOf(fake, 'triage.list')[0]).toEqual({ filters: {}, limit: 500 })
    const [first, second, third] = rows()
    expect(rows()).toHaveLength(3)
    expect(first!.textContent).toMatch(/SUP-2001.*TiKV store down.*Acme Payments.*S1.*Technical support.*Waiting for support.*30 minutes ago.*Breached 20m ago.*Unassigned.*30 minutes ago.*Urgent.*hot-region/)
    expect(first!.querySelector('[data-testid="triage-unread"]')).not.toBeNull()
    expect(second!.textContent).toMatch(/SUP-2002.*Kite Logistics.*S2.*Open.*Due in 40m.*Kenji Sato/)
    expect(second!.querySelector('[data-testid="triage-pending"]')!.textContent).toBe('2 changes to sync')
    expect(third!.textContent).toMatch(/SUP-2003.*S4.*Account or billing.*Waiting for customer/)
    expect(find('triage-count')!.textContent).toContain('3 open tickets')
    // The riskiest ticket has the keyboard focus to begin with.
    expect(focusedKey()).toBe('SUP-2001')
  })

  it('says when nothing needs triage, and when the filters match nothing', async () => {
    const fake = triageBridge({ 'triage.list': () => ok({ tickets: [], total: 0 }) })
    await renderTriage(fake)
    expect(find('triage-empty')!.textContent).toContain('Nothing to triage')

    await get('triage-search').setValue('region')
    await vi.waitFor(() => expect(inputsOf(fake, 'triage.list')).toHaveLength(2))
    await flushPromises()
    expect(find('triage-no-matches')!.textContent).toContain('No tickets match these filters')
  })

  it('shows why the queue could not be loaded, and retries', async () => {
    let fails = true
    const fake = triageBridge({
      'triage.list': () => (fails ? { ok: false, error: { code: 'internal', message: 'The cache is locked' } } : ok({ tickets: queue(), total: 3 })),
    })
    await renderTriage(fake)
    expect(find('triage-error')!.textContent).toContain('The cache is locked')

    fails = false
    get('triage-error').get('button').element.click()
    await flushPromises()
    expect(rows()).toHaveLength(3)
    expect(find('triage-error')).toBeNull()
  })

  it('tells the user offline that changes wait for the connection', async () => {
    const fake = triageBridge({ 'session.get': () => ok({ ...tamSession, connection: 'offline' }) })
    await renderTriage(fake)
    expect(find('triage-offline')!.textContent).toContain('sync when you reconnect')
  })

  it('reloads once for a burst of changes', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    for (let index = 0; index < 5; index++) fake.emit('tickets.changed', { ticketIds: [IDS.breached] })
    await vi.waitFor(() => expect(inputsOf(fake, 'triage.list')).toHaveLength(2))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(inputsOf(fake, 'triage.list')).toHaveLength(2)
  })

  it('reloads when the outbox moves, so the sync marks follow it', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    fake.emit('sync.status', syncStatus({ pendingMutations: 2 }))
    fake.emit('sync.status', syncStatus({ pendingMutations: 2, phase: 'syncing' }))
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(inputsOf(fake, 'triage.list')).toHaveLength(1)

    fake.emit('sync.status', syncStatus({ pendingMutations: 0 }))
    await vi.waitFor(() => expect(inputsOf(fake, 'triage.list')).toHaveLength(2))
  })
})

describe('triage keyboard', () => {
  it('moves with j and k, selects with x and opens with Enter', async () => {
    const { router } = await renderTriage()

    await press('j')
    expect(focusedKey()).toBe('SUP-2002')
    expect(document.activeElement?.getAttribute('data-ticket-id')).toBe(IDS.dueSoon)
    await press('j')
    await press('j')
    expect(focusedKey()).toBe('SUP-2003')
    await press('k')
    expect(focusedKey()).toBe('SUP-2002')

    await press('x')
    expect(find('triage-targets')!.textContent).toContain('1 selected')
    expect(rows()[1]!.classList).toContain('triage-queue__row--selected')
    await press('x')
    expect(find('triage-targets')!.textContent).not.toContain('selected')

    await press('Enter')
    expect(router.currentRoute.value.name).toBe('ticket')
    expect(router.currentRoute.value.params.ticketId).toBe(IDS.dueSoon)
  })

  it('selects a range with Shift+X and with Shift+click, from the ticket last selected on its own', async () => {
    await renderTriage()

    await press('x')
    await press('j')
    await press('j')
    await press('X', { shiftKey: true })
    expect(find('triage-targets')!.textContent).toContain('3 selected')
    expect(rows().slice(0, 3).every((row) => row.classList.contains('triage-queue__row--selected'))).toBe(true)
  })

  it('selects a range with Shift+click on the checkboxes', async () => {
    await renderTriage()
    const checkbox = (index: number) => document.querySelectorAll<HTMLElement>('[data-testid="triage-row-select"]')[index]!
    const clickCheckbox = async (index: number, shiftKey = false) => {
      checkbox(index).dispatchEvent(new MouseEvent('mousedown', { bubbles: true, shiftKey }))
      checkbox(index).click()
      await flushPromises()
    }

    await clickCheckbox(0)
    expect(find('triage-targets')!.textContent).toContain('1 selected')
    await clickCheckbox(2, true)
    expect(find('triage-targets')!.textContent).toContain('3 selected')
    await clickCheckbox(1)
    expect(find('triage-targets')!.textContent).toContain('2 selected')
  })

  it('leaves keys typed into a text field alone, and / jumps to the search', async () => {
    await renderTriage()
    const search = get('triage-search').element as HTMLInputElement

    await press('/')
    expect(document.activeElement).toBe(search)

    await press('j', {}, search)
    await press('x', {}, search)
    await press('?', {}, search)
    expect(focusedKey()).toBe('SUP-2001')
    expect(find('triage-targets')!.textContent).not.toContain('selected')
    expect(find('triage-shortcuts')).toBeNull()
  })

  it('gives an open dialog the keyboard: its field has the focus, shortcuts wait, Escape closes it', async () => {
    await renderTriage()

    await press('n')
    const body = get('triage-note-body').element
    expect(document.activeElement).toBe(body)

    await press('j', {}, document.querySelector('[data-testid="triage-dialog-note"]')!)
    await press('s', {}, document.querySelector('[data-testid="triage-dialog-note"]')!)
    expect(focusedKey()).toBe('SUP-2001')
    expect(find('triage-dialog-setStatus')).toBeNull()

    await press('Escape', { code: 'Escape' }, body)
    await vi.waitFor(() => expect(find('triage-dialog-note')).toBeNull())
  })

  it('lists the shortcuts on ?', async () => {
    await renderTriage()

    await press('?')

    const shortcuts = get('triage-shortcuts')
    expect(shortcuts.text()).toContain('Keyboard shortcuts')
    const lines = shortcuts.findAll('[data-testid="triage-shortcut"]').map((row) => row.text())
    expect(lines).toEqual(expect.arrayContaining(['jNext ticket', 'kPrevious ticket', 'xSelect or deselect the ticket', 'EnterOpen the ticket', 'eAssign', 'lLabels', 'sStatus', '/Search the queue', '?Keyboard shortcuts']))
    expect(lines.some((line) => /K.*Command palette/.test(line))).toBe(true)
  })

  it('runs any action from the command palette, filtered by typing', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('k', { ctrlKey: true })

    const palette = get('triage-palette')
    const labels = palette.findAll('[data-testid="triage-palette-item"]').map((item) => item.text())
    for (const action of ['Assign', 'Labels', 'Status', 'Priority', 'Severity', 'Internal note', 'Reply']) {
      expect(labels.some((label) => label.startsWith(action))).toBe(true)
    }
    expect(labels.some((label) => label.startsWith('Show view: S1/S2 open'))).toBe(true)

    const input = get('triage-palette-input')
    await input.setValue('stat')
    const items = palette.findAll('[data-testid="triage-palette-item"]')
    expect(items[0]!.text()).toMatch(/^Status/)
    await press('ArrowDown', {}, input.element)
    await press('ArrowUp', {}, input.element)
    expect(items[0]!.attributes('aria-selected')).toBe('true')
    await press('Enter', {}, input.element)

    expect(find('triage-dialog-setStatus')).not.toBeNull()
    await chooseRadio('triage-status-resolved')
    await click('triage-status-submit')
    expect(applied(fake)).toEqual([{ ticketIds: [IDS.breached], action: { kind: 'setStatus', status: 'resolved' } }])
  })
})

describe('triage actions', () => {
  it('refuses a severity change without a reason, then sends it with one', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('v')
    const dialog = get('triage-dialog-setSeverity')
    expect(dialog.get('[data-testid="triage-dialog-targets"]').text()).toBe('SUP-2001')
    await chooseRadio('triage-severity-S2')
    await click('triage-severity-submit')

    // Naive UI fades one feedback text out before the next one in.
    await vi.waitFor(() => expect(dialog.text()).toContain('Say why the severity changes'))
    expect(applied(fake)).toEqual([])

    await get('triage-severity-reason').setValue('Only one store is down; the cluster still serves reads')
    await click('triage-severity-submit')

    expect(applied(fake)).toEqual([{
      ticketIds: [IDS.breached],
      action: { kind: 'setSeverity', severity: 'S2', reason: 'Only one store is down; the cluster still serves reads' },
    }])
    expect(find('triage-dialog-setSeverity')).toBeNull()
    expect(document.body.textContent).toContain('SUP-2001 is now S2.')
  })

  it('assigns a selection of three tickets in one batch, and offers only bulk actions for it', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('x')
    await press('j')
    await press('x')
    await press('j')
    await press('x')
    expect(find('triage-targets')!.textContent).toContain('3 selected')
    expect(get('triage-action-setSeverity').attributes('disabled')).toBeDefined()
    expect(get('triage-action-assign').attributes('disabled')).toBeUndefined()

    await press('v')
    expect(find('triage-dialog-setSeverity')).toBeNull()
    expect(find('triage-announcement')!.textContent).toContain('Severity works on one ticket at a time')

    await press('e')
    expect(get('triage-dialog-assign').get('[data-testid="triage-dialog-targets"]').text()).toBe('3 tickets')
    await chooseOption('triage-assignee', 'Mei Lin · Support engineer')
    await click('triage-assign-submit')

    expect(applied(fake)).toEqual([{ ticketIds: [IDS.breached, IDS.dueSoon, IDS.later], action: { kind: 'assign', assigneeId: 'eng-2' } }])
    expect(document.body.textContent).toContain('3 tickets assigned to Mei Lin.')
  })

  it('unassigns a ticket', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('j')
    await press('e')
    get('triage-unassign').element.click()
    await flushPromises()
    await click('triage-assign-submit')

    expect(applied(fake)).toEqual([{ ticketIds: [IDS.dueSoon], action: { kind: 'assign', assigneeId: null } }])
  })

  it('adds and removes labels, refusing one that is not a label', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('l')
    const input = get('triage-labels-input')
    await input.setValue('Not A Label')
    await click('triage-labels-submit')
    await vi.waitFor(() => expect(get('triage-dialog-labels').text()).toContain('Not a label: Not, A, Label'))
    expect(applied(fake)).toEqual([])

    await input.setValue('tikv, upgrade-8-5')
    await click('triage-labels-add')
    get('triage-label-remove-hot-region').element.click()
    await flushPromises()
    await click('triage-labels-submit')

    expect(applied(fake)).toEqual([{ ticketIds: [IDS.breached], action: { kind: 'labels', add: ['tikv', 'upgrade-8-5'], remove: ['hot-region'] } }])
  })

  it('sets a priority', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('j')
    await press('p')
    await chooseRadio('triage-priority-high')
    await click('triage-priority-submit')

    expect(applied(fake)).toEqual([{ ticketIds: [IDS.dueSoon], action: { kind: 'setPriority', priority: 'high' } }])
  })

  it('marks an internal note as never shown to the customer, apart from a public reply', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('n')
    expect(get('triage-note-internal').text()).toContain('Internal: never shown to the customer')
    await click('triage-note-submit')
    await vi.waitFor(() => expect(get('triage-dialog-note').text()).toContain('Write the note'))
    await get('triage-note-body').setValue('Customer is on a call with sales')
    await press('Enter', { ctrlKey: true }, get('triage-note-body').element)
    expect(applied(fake)).toEqual([{ ticketIds: [IDS.breached], action: { kind: 'note', body: 'Customer is on a call with sales' } }])

    await press('r')
    expect(find('triage-note-internal')).toBeNull()
    expect(get('triage-reply-public').text()).toContain('Acme Payments sees this reply')
    await get('triage-reply-body').setValue('We are looking at the store now.')
    await click('triage-reply-submit')
    expect(applied(fake)[1]).toEqual({ ticketIds: [IDS.breached], action: { kind: 'reply', body: 'We are looking at the store now.' } })
  })

  it('shows the core\'s refusal in the dialog and keeps it open', async () => {
    const fake = triageBridge({ 'triage.apply': () => ({ ok: false, error: { code: 'forbidden', message: 'Kite Logistics is not assigned to you' } }) })
    await renderTriage(fake)

    await press('s')
    await chooseRadio('triage-status-open')
    await click('triage-status-submit')

    expect(get('triage-dialog-error').text()).toContain('Kite Logistics is not assigned to you')
    expect(find('triage-dialog-setStatus')).not.toBeNull()
  })

  it('undoes the last batch from the message and from the toolbar', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    await press('s')
    await chooseRadio('triage-status-waiting_for_customer')
    await click('triage-status-submit')

    await click('triage-undo-message')
    expect(inputsOf(fake, 'triage.undo')).toEqual([{ batchId: BATCH_ID }])

    await press('s')
    await chooseRadio('triage-status-resolved')
    await click('triage-status-submit')
    expect(get('triage-undo').text()).toContain('Undo · status (1)')
    await click('triage-undo')

    expect(inputsOf(fake, 'triage.undo')).toEqual([{ batchId: BATCH_ID }, { batchId: BATCH_ID }])
    expect(find('triage-undo')).toBeNull()
  })

  it('shows a change the help center did not apply with both values, and re-applies or dismisses it', async () => {
    const change = {
      mutationId: MUTATION_ID,
      ticketId: IDS.breached,
      field: 'status' as const,
      yourValue: 'resolved',
      serverValue: 'waiting_for_customer',
      message: 'Kenji changed the status first',
    }
    const fake = triageBridge({
      'triage.list': () => ok({ tickets: [triageRow({ ...queue()[0]!, notApplied: [change] }), ...queue().slice(1)], total: 3 }),
    })
    await renderTriage(fake)

    const notice = rows()[0]!.querySelector<HTMLElement>('[data-testid="triage-not-applied"]')!
    expect(notice.textContent).toContain('Not applied: you set the status to Resolved, the help center has Waiting for customer')
    expect(get('triage-conflicts').text()).toBe('1 change not applied')

    notice.querySelector<HTMLElement>('[data-testid="triage-reapply"]')!.click()
    await flushPromises()
    expect(inputsOf(fake, 'triage.reapply')).toEqual([{ mutationId: MUTATION_ID }])
    expect(get('triage-undo').text()).toContain('re-apply')

    rows()[0]!.querySelector<HTMLElement>('[data-testid="triage-dismiss"]')!.click()
    await flushPromises()
    expect(inputsOf(fake, 'triage.dismiss')).toEqual([{ mutationId: MUTATION_ID }])
  })
})

describe('triage views and summary', () => {
  it('saves the current filters as a view, and shows a saved view', async () => {
    const saved = { id: '55555555-5555-4555-8555-555555555555', name: 'Hot regions', filters: { label: 'hot-region', search: 'store' }, builtIn: false }
    const fake = triageBridge({ 'triage.saveView': () => ok(saved) })
    await renderTriage(fake)

    await get('triage-filter-label').setValue('hot-region')
    await get('triage-search').setValue('store ')
    await click('triage-save-view')
    expect(get('triage-view-filters').text()).toContain('Labelled hot-region')

    await click('triage-view-submit')
    await vi.waitFor(() => expect(get('triage-save-view-dialog').text()).toContain('Name the view'))
    expect(inputsOf(fake, 'triage.saveView')).toEqual([])

    await get('triage-view-name').setValue('Hot regions')
    await click('triage-view-submit')

    expect(inputsOf(fake, 'triage.saveView')).toEqual([{ name: 'Hot regions', filters: { label: 'hot-region', search: 'store' } }])
    const views = document.querySelectorAll<HTMLElement>('[data-testid="triage-view"]')
    expect([...views].map((view) => view.textContent)).toEqual(['S1/S2 openBuilt-in', 'Hot regions'])
    expect(views[1]!.getAttribute('aria-current')).toBe('true')

    views[0]!.click()
    await vi.waitFor(() => expect(inputsOf(fake, 'triage.list').at(-1)).toEqual({ filters: builtInView.filters, limit: 500 }))
  })

  it('renames a view without changing what it shows', async () => {
    const renamed = { ...builtInView, name: 'Urgent and open' }
    const fake = triageBridge({ 'triage.saveView': () => ok(renamed) })
    await renderTriage(fake)
    await get('triage-filter-label').setValue('hot-region')

    await click('triage-view-rename')
    expect((get('triage-view-name').element as HTMLInputElement).value).toBe(builtInView.name)
    expect(get('triage-save-view-dialog').text()).toContain(`Rename “${builtInView.name}”`)
    await get('triage-view-name').setValue('Urgent and open')
    await click('triage-view-submit')

    // The view keeps its own filters, not the ones showing now.
    expect(inputsOf(fake, 'triage.saveView')).toEqual([{ id: builtInView.id, name: 'Urgent and open', filters: builtInView.filters }])
    await vi.waitFor(() => expect(document.querySelector('[data-testid="triage-view"]')!.textContent).toContain('Urgent and open'))
  })

  it('summarises the focused organization: open tickets by severity, breaches and response times', async () => {
    const fake = triageBridge()
    await renderTriage(fake)

    expect(inputsOf(fake, 'triage.summary')[0]).toEqual({ organizationId: 'org-acme' })
    expect(get('triage-summary-open-S2').text()).toBe('S23')
    expect(get('triage-summary-breaching').text()).toBe('1 ticket breaching its target')
    const days = get('triage-summary-table').findAll('[data-testid="triage-summary-day"]').map((row) => row.text())
    expect(days).toEqual(['Jun 1242m', 'Jun 311h 35m', 'Jun 41No response yet'])

    await chooseOption('triage-summary-organization', 'Kite Logistics')
    expect(inputsOf(fake, 'triage.summary').at(-1)).toEqual({ organizationId: 'org-kite' })
  })

  it('says when an organization filed nothing in 30 days', async () => {
    const fake = triageBridge({ 'triage.summary': () => ok(summary({ responseTimes: [{ date: '2025-06-01', tickets: 0, medianMinutes: null }] })) })
    await renderTriage(fake)

    expect(get('triage-summary-empty').text()).toBe('No tickets filed in the last 30 days.')
    expect(find('triage-summary-table')).toBeNull()
  })

  it('speaks Japanese', async () => {
    await renderTriage(triageBridge(), 'ja')

    expect(document.body.textContent).toContain('トリアージ')
    expect(rows()[0]!.textContent).toContain('緊急')
    await press('n')
    expect(get('triage-note-internal').text()).toContain('お客様には表示されません')
  })
})
