import type { RouteLocationRaw } from 'vue-router'
import type { Navigation } from '../../shared/schemas/preferences'
import { onScopeDispose, watch } from 'vue'
import { useRouter } from 'vue-router'
import { useSessionStore } from '../stores/session'
import { useTicketsStore } from '../stores/tickets'
import { useSupportClient } from '../support-client'

function routeTo(navigation: Navigation): RouteLocationRaw {
  switch (navigation.to) {
    case 'ticket':
      return { name: 'ticket', params: { ticketId: navigation.ticketId } }
    case 'tickets':
      return { name: 'tickets' }
    case 'new-ticket': {
      // The form's own query names, the ones the plan screen's links use too.
      const { kind, organizationId, clusterId } = navigation
      return {
        name: 'new-ticket',
        query: { ...(kind && { kind }), ...(organizationId && { org: organizationId }), ...(clusterId && { cluster: clusterId }) },
      }
    }
  }
}

/**
 * Goes where the main process asks: a notification or tray item was clicked, or a deep link opened.
 * Signed out, the last request waits for the sign-in.
 */
export function useAppNavigation() {
  const client = useSupportClient()
  const session = useSessionStore()
  const tickets = useTicketsStore()
  const router = useRouter()
  let waiting: Navigation | null = null

  function go(navigation: Navigation) {
    if (navigation.to === 'tickets' && navigation.search !== undefined) {
      // Filters left from earlier could hide what was searched for.
      tickets.resetFilters()
      tickets.filters.search = navigation.search
    }
    void router.push(routeTo(navigation))
  }

  onScopeDispose(client.on('app.navigate', (navigation) => {
    if (session.isSignedIn) go(navigation)
    else waiting = navigation
  }))

  // Post-flush, so it starts after useSessionNavigation's move to the tickets and wins over it.
  watch(() => session.isSignedIn, (signedIn) => {
    if (!signedIn || !waiting) return
    const navigation = waiting
    waiting = null
    go(navigation)
  }, { flush: 'post' })
}
