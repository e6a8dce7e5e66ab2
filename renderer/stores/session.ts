import type { SessionState, SignInInput } from '../../shared/schemas/session'
import { defineStore } from 'pinia'
import { computed, onScopeDispose, reactive, ref, watch } from 'vue'
import { useSupportClient } from '../support-client'

type SessionAction = 'load' | 'signIn' | 'useDemo' | 'refresh' | 'signOut'

const organizationKey = (accountId: string) => `support:selected-organization:${accountId}`

export const useSessionStore = defineStore('session', () => {
  const client = useSupportClient()

  /** Null until the main process has told us whether anyone is signed in. */
  const state = ref<SessionState | null>(null)
  const pending = reactive<Record<SessionAction, boolean>>({
    load: false,
    signIn: false,
    useDemo: false,
    refresh: false,
    signOut: false,
  })

  const signedIn = computed(() => (state.value?.status === 'signed_in' ? state.value : null))
  const signedOut = computed(() => (state.value?.status === 'signed_out' ? state.value : null))
  const isSignedIn = computed(() => signedIn.value !== null)
  const account = computed(() => signedIn.value?.account ?? null)
  const profile = computed(() => signedIn.value?.profile ?? null)
  const isTam = computed(() => profile.value?.user.role === 'tam')
  const connection = computed(() => signedIn.value?.connection ?? null)

  // Expiry, background refreshes and sign-outs from the tray arrive here, not as answers.
  onScopeDispose(client.on('session.changed', (next) => {
    state.value = next
  }))

  async function run(action: SessionAction, request: () => Promise<SessionState>): Promise<SessionState> {
    pending[action] = true
    try {
      state.value = await request()
      return state.value
    } finally {
      pending[action] = false
    }
  }

  let loading: Promise<void> | null = null

  /** Safe to call from many places at once: they all wait for the same answer. */
  function load(): Promise<void> {
    loading ??= run('load', () => client.invoke('session.get', {}))
      .then(() => undefined, (error: unknown) => {
        // Still offer the sign-in screen, and say why the saved session could not be read.
        state.value = { status: 'signed_out', demoAvailable: false, notice: error instanceof Error ? error.message : String(error) }
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  const signIn = (input: SignInInput) => run('signIn', () => client.invoke('session.signIn', input))
  const useDemoHelpCenter = () => run('useDemo', () => client.invoke('session.useDemo', {}))
  const refresh = () => run('refresh', () => client.invoke('session.refresh', {}))

  async function signOut() {
    const accountId = account.value?.id
    const next = await run('signOut', () => client.invoke('session.signOut', {}))
    if (accountId) localStorage.removeItem(organizationKey(accountId))
    return next
  }

  const storedOrganizationId = ref<string | null>(null)
  watch(
    () => account.value?.id,
    (accountId) => {
      storedOrganizationId.value = accountId ? localStorage.getItem(organizationKey(accountId)) : null
    },
    { immediate: true, flush: 'sync' },
  )

  /** The remembered choice while the account still belongs to it, else the first organization. */
  const selectedOrganization = computed(() => {
    const organizations = profile.value?.organizations ?? []
    return organizations.find((organization) => organization.id === storedOrganizationId.value) ?? organizations[0] ?? null
  })
  const selectedOrganizationId = computed(() => selectedOrganization.value?.id ?? null)

  function selectOrganization(organizationId: string) {
    if (!account.value) return
    storedOrganizationId.value = organizationId
    localStorage.setItem(organizationKey(account.value.id), organizationId)
  }

  return {
    state,
    pending,
    signedIn,
    signedOut,
    isSignedIn,
    account,
    profile,
    isTam,
    connection,
    selectedOrganization,
    selectedOrganizationId,
    load,
    signIn,
    useDemoHelpCenter,
    refresh,
    signOut,
    selectOrganization,
  }
})
