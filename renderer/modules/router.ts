import type { App } from 'vue'
import type { RouteLocationNormalized, RouteLocationRaw, Router, RouteRecordRaw, RouterHistory } from 'vue-router'
import { createRouter, createWebHashHistory } from 'vue-router'
import AppShell from '../components/AppShell.vue'
import { useSessionStore } from '../stores/session'
import { useTicketsStore } from '../stores/tickets'
import TicketsView from '../views/TicketsView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable while signed out; a signed-in user is sent on to the tickets. */
    public?: boolean
    tamOnly?: boolean
  }
}

// The request history is the first screen and is bundled with the shell; the other screens load when
// first opened, so that the first rows do not wait for the code of charts, forms and Markdown.
const SignInView = () => import('../views/SignInView.vue')
const NewTicketView = () => import('../views/NewTicketView.vue')
const TicketView = () => import('../views/TicketView.vue')
const PlanView = () => import('../views/PlanView.vue')
const TriageView = () => import('../views/TriageView.vue')
const SettingsView = () => import('../views/SettingsView.vue')

const routes: RouteRecordRaw[] = [
  { path: '/sign-in', name: 'sign-in', component: SignInView, meta: { public: true } },
  {
    path: '/',
    component: AppShell,
    redirect: { name: 'tickets' },
    children: [
      { path: 'tickets', name: 'tickets', component: TicketsView },
      { path: 'tickets/new', name: 'new-ticket', component: NewTicketView },
      { path: 'tickets/:ticketId', name: 'ticket', component: TicketView, props: true },
      { path: 'plan', name: 'plan', component: PlanView },
      { path: 'triage', name: 'triage', component: TriageView, meta: { tamOnly: true } },
      { path: 'settings', name: 'settings', component: SettingsView },
    ],
  },
  { path: '/:unknown(.*)*', redirect: { name: 'tickets' } },
]

/** Where the session sends someone heading for `to`, or undefined when they may go there. */
export function sessionRedirect(
  session: ReturnType<typeof useSessionStore>,
  to: RouteLocationNormalized,
): RouteLocationRaw | undefined {
  if (to.meta.public) return session.isSignedIn ? { name: 'tickets' } : undefined
  if (!session.isSignedIn) return { name: 'sign-in' }
  if (to.meta.tamOnly && !session.isTam) return { name: 'tickets' }
  return undefined
}

/** The app loads from file://, so it uses hash history; tests pass a memory history. */
export function createSupportRouter(history: RouterHistory = createWebHashHistory()): Router {
  const router = createRouter({ history, routes })
  router.beforeEach(async (to) => {
    const session = useSessionStore()
    if (session.state === null) await session.load()
    const redirect = sessionRedirect(session, to)
    // The list is asked for while its screen mounts, not once it has: the answer is there for the first render.
    if (!redirect && to.name === 'tickets') void useTicketsStore().ensureLoaded()
    return redirect ?? true
  })
  return router
}

export function install(app: App, router: Router = createSupportRouter()) {
  app.use(router)
}
