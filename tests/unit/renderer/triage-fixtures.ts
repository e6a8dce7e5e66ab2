import type { OrganizationTriageSummary, StaffMember, TriageRow, TriageView } from '../../../shared/schemas/triage'
import type { FakeAnswers } from './harness'
import { asTam, createFakeBridge, ok, organization, signedIn, ticket } from './harness'

/** Ticket ids of the queue below, riskiest first. */
export const IDS = {
  breached: '11111111-1111-4111-8111-111111111111',
  dueSoon: '22222222-2222-4222-8222-222222222222',
  later: '33333333-3333-4333-8333-333333333333',
} as const

export const BATCH_ID = '99999999-9999-4999-8999-999999999999'
export const MUTATION_ID = '88888888-8888-4888-8888-888888888888'

/** A row of the triage queue: Aiko's ticket, with the triage columns filled in. */
export function triageRow(overrides: Partial<TriageRow> = {}): TriageRow {
  return { ...ticket(), organizationName: 'Acme Payments', notApplied: [], pendingChanges: 0, ...overrides }
}

/** Three open tickets of two organizations, in the core's order: breached first, then least time left. */
export function queue(): TriageRow[] {
  return [
    triageRow({
      id: IDS.breached,
      key: 'SUP-2001',
      summary: 'TiKV store down in ap-northeast-1',
      severity: 'S1',
      status: 'waiting_for_support',
      firstResponseDueAt: new Date(Date.now() - 20 * 60_000).toISOString(),
      priority: 'urgent',
      labels: ['hot-region'],
      unread: true,
    }),
    triageRow({
      id: IDS.dueSoon,
      key: 'SUP-2002',
      summary: 'Slow queries after upgrade',
      organizationId: 'org-kite',
      organizationName: 'Kite Logistics',
      severity: 'S2',
      status: 'open',
      assigneeId: 'eng-1',
      assigneeName: 'Kenji Sato',
      firstResponseDueAt: new Date(Date.now() + 40 * 60_000).toISOString(),
      pendingChanges: 2,
    }),
    triageRow({
      id: IDS.later,
      key: 'SUP-2003',
      kind: 'account_billing',
      summary: 'Invoice address',
      severity: 'S4',
      status: 'waiting_for_customer',
      component: null,
      firstResponseDueAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    }),
  ]
}

export const staff: StaffMember[] = [
  { id: 'eng-1', name: 'Kenji Sato', role: 'engineer' },
  { id: 'eng-2', name: 'Mei Lin', role: 'engineer' },
  { id: 'tam-1', name: 'Taro Yamada', role: 'tam' },
]

export const builtInView: TriageView = {
  id: '44444444-4444-4444-8444-444444444444',
  name: 'S1/S2 open',
  filters: { severities: ['S1', 'S2'] },
  builtIn: true,
}

export function summary(overrides: Partial<OrganizationTriageSummary> = {}): OrganizationTriageSummary {
  return {
    organizationId: 'org-acme',
    openBySeverity: [
      { severity: 'S1', open: 1 },
      { severity: 'S2', open: 3 },
      { severity: 'S3', open: 0 },
      { severity: 'S4', open: 2 },
    ],
    breaching: 1,
    responseTimes: [
      { date: '2025-06-01', tickets: 2, medianMinutes: 42 },
      { date: '2025-06-02', tickets: 0, medianMinutes: null },
      { date: '2025-06-03', tickets: 1, medianMinutes: 95 },
      { date: '2025-06-04', tickets: 1, medianMinutes: null },
    ],
    generatedAt: new Date().toISOString(),
    ...overrides,
  }
}

/** Taro, a TAM for Acme and Kite. */
export const tamSession = asTam(signedIn({
  profile: {
    user: { id: 'tam-1', email: 'taro@pingcap.example', name: 'Taro Yamada', role: 'tam' },
    organizations: [
      organization({ role: 'tam', supportPlan: 'premium' }),
      organization({ id: 'org-kite', name: 'Kite Logistics', role: 'tam', supportPlan: 'premium', clusters: [] }),
    ],
  },
}))

/** A core that serves the queue above and accepts every triage change. */
export function triageBridge(answers: FakeAnswers = {}) {
  return createFakeBridge({
    'session.get': () => ok(tamSession),
    'tickets.list': () => ok({ tickets: [], total: 0, unreadTotal: 0 }),
    'triage.list': () => ok({ tickets: queue(), total: 3 }),
    'triage.views': () => ok({ views: [builtInView] }),
    'triage.staff': () => ok({ staff }),
    'triage.summary': (input) => ok(summary({ organizationId: input.organizationId })),
    'triage.apply': (input) => ok({ batchId: BATCH_ID, applied: input.ticketIds.length }),
    'triage.undo': () => ok({ batchId: BATCH_ID, applied: 1 }),
    'triage.reapply': () => ok({ batchId: BATCH_ID, applied: 1 }),
    'triage.dismiss': () => ok({}),
    ...answers,
  })
}
