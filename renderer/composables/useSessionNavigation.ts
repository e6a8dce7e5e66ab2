import { watch } from 'vue'
import { useRouter } from 'vue-router'
import { sessionRedirect } from '../modules/router'
import { useSessionStore } from '../stores/session'

/** Moves the current screen along when the session changes under it: sign-in, sign-out, expiry. */
export function useSessionNavigation() {
  const session = useSessionStore()
  const router = useRouter()
  watch(
    () => [session.isSignedIn, session.isTam],
    () => {
      const target = sessionRedirect(session, router.currentRoute.value)
      if (target) void router.replace(target)
    },
  )
}
