import type {
  CommandInput,
  CommandName,
  CommandOutput,
  EventName,
  EventPayload,
  IpcResult,
  SupportBridge,
} from '../../../shared/ipc/contract'
import type { Organization } from '../../../shared/schemas/account'
import type { ErrorCode, SupportErrorBody } from '../../../shared/schemas/error'
import type { LocalComment, LocalTicket, SyncStatus, TicketListPage } from '../../../shared/schemas/local-ticket'
import type { SessionState, SignedInState } from '../../../shared/schemas/session'
import type { SupportLocale } from '../../../renderer/modules/i18n'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../../renderer/App.vue'
import { createSupportI18n } from '../../../renderer/modules/i18n'
import { createSupportRouter } from '../../../renderer/modules/router'
import { createSupportClient, supportClientKey } from '../../../renderer/support-client'
import { DEFAULT_PREFERENCES } from '../../../shared/schemas/preferences'
import { planCatalog } from './plan-fixtures'

/** What the fake core answers; a promise stands for an answer that takes its time. */
type Answer<K extends CommandName> = (input: CommandInput<K>) => IpcResult<CommandOutput<K>> | Promise<IpcResult<CommandOutput<K>>>
export type FakeAnswers = { [K in CommandName]?: Answer<K> }

export interface Invocation {
  command: CommandName
  input: unknown
}

/** A stand-in for the preload's bridge: answers from a table and records what it was asked. */
export function createFakeBridge(answers: FakeAnswers = {}) {
  // The core always has a catalog (served, or cached from the last time); tests that need none say so.
  answers['plans.catalog'] ??= () => ok(planCatalog())
  // Likewise its preferences (electron-store falls back to the defaults): Settings reads them.
  answers['preferences.get'] ??= () => ok(structuredClone(DEFAULT_PREFERENCES))
  const invocations: Invocation[] = []
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()

  const bridge: SupportBridge = {
    async invoke(command, input) {
      invocations.push({ command, input })
      const answer = answers[command] as Answer<typeof command> | undefined
      if (!answer) return { ok: false, error: { code: 'internal', message: `The fake bridge has no answer for ${command}` } }
      return answer(input)
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener as (payload: unknown) => void)
      return () => set.delete(listener as (payload: unknown) => void)
    },
  }

  return {
    bridge,
    answers,
    invocations,
    commands: () => invocations.map(({ command }) => command),
    emit<E extends EventName>(event: E, payload: EventPayload<E>) {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
    listenerCount: (event: EventName) => listeners.get(event)?.size ?? 0,
  }
}

export const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value })

export function fail(code: ErrorCode, message: string, extra: Partial<SupportErrorBody> = {}): IpcResult<never> {
  return { ok: false, error: { code, message, ...extra } }
}

export function signedOut(overrides: Partial<Extract<SessionState, { status: 'signed_out' }>> = {}): SessionState {
  return { status: 'signed_out', demoAvailable: true, ...overrides }
}

export function organization(overrides: Partial<Organization> = {}): Organization {
  return {
    id: 'org-acme',
    name: 'Acme Payments',
    supportPlan: 'enterprise',
    supportPlanSince: '2025-03-01T00:00:00Z',
    role: 'owner',
    clusters: [
      {
        id: 'cl-1',
        organizationId: 'org-acme',
        name: 'payments-prod',
        tier: 'dedicated',
        cloudProvider: 'aws',
        region: 'ap-northeast-1',
        tidbVersion: 'v8.5.1',
      },
      {
        id: 'cl-2',
        organizationId: 'org-acme',
        name: 'payments-staging',
        tier: 'serverless',
        cloudProvider: 'gcp',
        region: 'us-central1',
        tidbVersion: 'v8.1.2',
      },
    ],
    ...overrides,
  }
}

export function signedIn(overrides: Partial<SignedInState> = {}): SignedInState {
  return {
    status: 'signed_in',
    account: { id: 'acct-1', helpCenterUrl: 'https://help.example.com', email: 'aiko@acme.example', embedded: false },
    profile: {
      user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' },
      organizations: [organization()],
    },
    profileFetchedAt: new Date().toISOString(),
    connection: 'online',
    sessionPersisted: true,
    ...overrides,
  }
}

export function asTam(state: SignedInState): SignedInState {
  return { ...state, profile: { ...state.profile, user: { ...state.profile.user, role: 'tam' } } }
}

/** A synced technical ticket filed by Aiko for Acme's production cluster. */
export function ticket(overrides: Partial<LocalTicket> = {}): LocalTicket {
  return {
    id: '6f1c2a4e-8b1d-4c3e-9a7f-1d2e3f4a5b6c',
    key: 'SUP-1042',
    kind: 'technical',
    summary: 'Replication lag on payments-prod',
    description: 'TiCDC lag grows to **40 minutes** since 09:12 JST.',
    organizationId: 'org-acme',
    clusterId: 'cl-1',
    environment: 'production',
    severity: 'S2',
    component: 'ticdc',
    affectedVersion: 'v8.5.1',
    status: 'waiting_for_support',
    requesterId: 'user-1',
    requesterName: 'Aiko Tanaka',
    assigneeId: null,
    assigneeName: null,
    timeZone: 'Asia/Tokyo',
    createdAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    updatedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    firstResponseDueAt: new Date(Date.now() + 90 * 60_000).toISOString(),
    firstRespondedAt: null,
    priority: null,
    labels: [],
    lastCustomerActivityAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    syncState: 'synced',
    unread: false,
    ...overrides,
  }
}

export function ticketPage(tickets: LocalTicket[], overrides: Partial<TicketListPage> = {}): TicketListPage {
  return { tickets, total: tickets.length, unreadTotal: tickets.filter(({ unread }) => unread).length, ...overrides }
}

export function comment(overrides: Partial<LocalComment> = {}): LocalComment {
  return {
    id: '0a9b8c7d-6e5f-4a3b-8c1d-2e3f4a5b6c7d',
    ticketId: ticket().id,
    authorId: 'eng-1',
    authorName: 'Kenji Sato',
    authorRole: 'engineer',
    body: 'Could you share the TiCDC logs?',
    visibility: 'public',
    createdAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    syncState: 'synced',
    ...overrides,
  }
}

export function syncStatus(overrides: Partial<SyncStatus> = {}): SyncStatus {
  return {
    phase: 'idle',
    pulled: 0,
    total: 0,
    lastSyncedAt: new Date().toISOString(),
    pendingMutations: 0,
    failedMutations: 0,
    ...overrides,
  }
}

interface RenderOptions {
  bridge: SupportBridge
  path: string
  locale?: SupportLocale
}

/** The whole renderer as the app runs it (real Pinia, i18n and router), over a fake bridge. */
export async function renderApp({ bridge, path, locale = 'en' }: RenderOptions) {
  const router = createSupportRouter(createMemoryHistory())
  const pinia = createPinia()
  const wrapper = mount(App, {
    attachTo: document.body,
    global: {
      plugins: [pinia, createSupportI18n(locale), router],
      provide: { [supportClientKey]: createSupportClient(bridge) },
    },
  })
  // Screens other than the tickets load on first use; loaded once here, a later navigation settles
  // within a flushPromises() as it did when every screen was in the bundle.
  await Promise.all(router.getRoutes().flatMap((route) => Object.values(route.components ?? {}))
    .filter((component) => typeof component === 'function')
    .map((load) => (load as () => Promise<unknown>)()))
  await router.push(path)
  await flushPromises()
  return { wrapper, router, pinia }
}

/** Opens the Naive UI select marked `testId` and picks the option whose text is `label`. */
export async function chooseOption(testId: string, label: string) {
  const select = document.querySelector(`[data-testid="${testId}"]`)
  if (!select) throw new Error(`No select ${testId}`)
  select.querySelector<HTMLElement>('.n-base-selection')!.click()
  await flushPromises()
  const option = [...document.querySelectorAll<HTMLElement>('.n-base-select-option')].find((element) => element.textContent?.trim() === label)
  if (!option) throw new Error(`${testId} offers no option "${label}"`)
  option.click()
  await flushPromises()
}
