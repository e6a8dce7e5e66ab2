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
import type { SessionState, SignedInState } from '../../../shared/schemas/session'
import type { SupportLocale } from '../../../renderer/modules/i18n'
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../../renderer/App.vue'
import { createSupportI18n } from '../../../renderer/modules/i18n'
import { createSupportRouter } from '../../../renderer/modules/router'
import { createSupportClient, supportClientKey } from '../../../renderer/support-client'

type Answer<K extends CommandName> = (input: CommandInput<K>) => IpcResult<CommandOutput<K>>
export type FakeAnswers = { [K in CommandName]?: Answer<K> }

export interface Invocation {
  command: CommandName
  input: unknown
}

/** A stand-in for the preload's bridge: answers from a table and records what it was asked. */
export function createFakeBridge(answers: FakeAnswers = {}) {
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
  await router.push(path)
  await flushPromises()
  return { wrapper, router, pinia }
}
