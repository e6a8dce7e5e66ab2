import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addAccount,
  getAs,
  helpCenterFromImage,
  openHelpCenterCopy,
  postAs,
  seededDemoImage,
  signIn,
  type TestHelpCenter,
} from './help-center'
import { WRITE_STALL, addAttachment, addComment, fileTicket, mutate, setStatus } from './ticket-mutations'
import type { HelpCenterDatabase } from '../../../server/database'
import { DEMO_ACCOUNTS, DEMO_PASSWORD, demoUserId, type DemoAccount } from '../../../server/seed/demo'
import { seedDemoTickets } from '../../../server/seed/demo-tickets'
import { ACCESS_TOKEN_TTL_MS, signAccessToken, type AccessTokenPayload } from '../../../server/tokens'
import {
  clusterSchema,
  organizationSchema,
  profileSchema,
  tokenGrantSchema,
  type TokenGrant,
} from '../../../shared/schemas/account'
import { attachmentWithContentSchema } from '../../../shared/schemas/attachment'
import { supportErrorSchema } from '../../../shared/schemas/error'
import { organizationPlanSchema, planCatalogSchema } from '../../../shared/schemas/plan'
import {
  changePageSchema,
  commentSchema,
  mutationResultsSchema,
  ticketSchema,
  ticketSearchPageSchema,
  type Change,
  type Mutation,
  type MutationResult,
  type Ticket,
} from '../../../shared/schemas/ticket'
import { staffListSchema } from '../../../shared/schemas/triage'

const MINUTE = 60_000

/** Org A is Premium with a TAM (Helix Logistics); org B is another customer's (Sakura Fintech). */
const ORG_A = 'org-helix'
const ORG_B = 'org-sakura'

const ROLES = ['anonymous', 'ownerA', 'memberA', 'customerB', 'tamA', 'otherTam', 'engineer', 'admin'] as const
type Role = (typeof ROLES)[number]
type SignedInRole = Exclude<Role, 'anonymous'>

const ROLE_NAMES: Record<Role, string> = {
  anonymous: 'anonymous',
  ownerA: 'customer of org A (owner)',
  memberA: 'customer of org A (member)',
  customerB: 'customer of org B',
  tamA: 'TAM assigned to org A',
  otherTam: 'TAM not assigned to org A',
  engineer: 'support engineer',
  admin: 'admin',
}

/** The tokens that nothing internal may ever reach. */
const CUSTOMER_ROLES: readonly Role[] = ['ownerA', 'memberA', 'customerB']

const MEMBER_OF_A = {
  id: 'usr-lena',
  email: 'lena@helix-logistics.example',
  name: 'Lena Vogel',
  role: 'customer',
} as const
const OTHER_TAM = { id: 'usr-priya', email: 'priya@support.example', name: 'Priya Raman', role: 'tam' } as const
/** Signs in during the setup, and is deleted by the case that tries their token. */
const DEPARTED = {
  id: 'usr-marco',
  email: 'marco@helix-logistics.example',
  name: 'Marco Rossi',
  role: 'customer',
} as const

const TICKET_A_SUMMARY = 'carrier-sync backfill stalls on shipments-prod with lock wait timeouts'
const TICKET_A_SEARCH = 'carrier-sync'
/** Words that only internal notes hold: a customer searching for them must find nothing. */
const INTERNAL_ONLY_WORDS = ['marmalade', 'lingonberry']

interface World {
  /** The store after the setup, copied afresh for every case so that no case sees another's writes. */
  image: Buffer
  accounts: Record<SignedInRole | 'departed', DemoAccount>
  grants: Record<SignedInRole | 'departed', TokenGrant>
  /** Org A's ticket as support sees it: filed by the owner, answered, with internal notes, files and triage. */
  ticketA: Ticket
  ticketB: string
  /** Filed by org A's owner without an organization: the requester's and staff's alone. */
  privateTicket: string
  /** Filed with ticket A. */
  publicFile: string
  /** The file on the TAM's internal note on ticket A. */
  noteFile: string
  /** Every file of an internal note in the store (the setup's and the demo's). */
  internalFiles: string[]
  /** Every trace of what is support's alone, with what it is: no customer's answer may hold any of them. */
  internalMarkers: Map<string, string>
}

let world: World
let matrixCases = 0
let badTokenCases = 0
let leaks = 0

function expectApplied(results: MutationResult[]): void {
  for (const result of results) expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' })
}

/** The ids and words of internal notes and their files, and of support's triage history. */
function internalMarkersOf(db: HelpCenterDatabase): Map<string, string> {
  const markers = new Map<string, string>()
  const notes = db.prepare("SELECT id, body FROM comments WHERE visibility = 'internal'").all() as {
    id: string
    body: string
  }[]
  for (const note of notes) {
    markers.set(note.id, `the id of internal note ${note.id}`)
    markers.set(note.body, `the text of internal note ${note.id}`)
  }
  const files = db
    .prepare(
      `SELECT a.id, a.file_name, a.content FROM attachments a JOIN comments c ON c.id = a.comment_id
       WHERE c.visibility = 'internal'`,
    )
    .all() as { id: string; file_name: string; content: Buffer }[]
  for (const file of files) {
    markers.set(file.id, `the id of internal file ${file.file_name}`)
    markers.set(file.content.toString('base64'), `the bytes of internal file ${file.file_name}`)
  }
  const triage = db.prepare("SELECT id FROM ticket_history WHERE field IN ('priority', 'labels')").all() as {
    id: string
  }[]
  for (const entry of triage) markers.set(entry.id, `support's triage history entry ${entry.id}`)
  return markers
}

/**
 * The demo organizations and tickets, a member of org A, a TAM of another organization, and one ticket of org A
 * carrying everything there is to hide: an engineer's internal reply with a file, a TAM's note with a file, and
 * the TAM's priority and label. Everyone signs in once; the cases copy the store with these sessions in it.
 */
async function buildWorld(): Promise<World> {
  const setup = openHelpCenterCopy(await seededDemoImage())
  try {
    const { app, db, clock } = setup
    seedDemoTickets(db, clock.now())
    const [memberA, otherTam, departed] = await Promise.all([
      addAccount(db, MEMBER_OF_A, [{ organizationId: ORG_A, role: 'member' }]),
      addAccount(db, OTHER_TAM, [{ organizationId: 'org-kumo', role: 'tam' }]),
      addAccount(db, DEPARTED, [{ organizationId: ORG_A, role: 'member' }]),
    ])
    const accounts: World['accounts'] = {
      ownerA: DEMO_ACCOUNTS.premiumCustomer,
      memberA,
      customerB: DEMO_ACCOUNTS.customer,
      tamA: DEMO_ACCOUNTS.tam,
      otherTam,
      engineer: DEMO_ACCOUNTS.engineer,
      admin: DEMO_ACCOUNTS.admin,
      departed,
    }
    const signedIn = await Promise.all(
      Object.entries(accounts).map(async ([role, account]) => [role, await signIn(app, account)] as const),
    )
    const grants = Object.fromEntries(signedIn) as World['grants']
    const token = (role: SignedInRole) => grants[role].accessToken

    const filing = fileTicket(
      {
        kind: 'technical',
        summary: TICKET_A_SUMMARY,
        organizationId: ORG_A,
        clusterId: 'cl-shipments-prod',
        environment: 'production',
        severity: 'S2',
        component: 'tidb',
        affectedVersion: 'v7.5.6',
        description: 'Since 06:00 CET the backfill waits on locks: ERROR 1205 (HY000): Lock wait timeout exceeded.',
      },
      'Europe/Berlin',
    )
    const ticketId = filing.ticketId
    const publicFile = addAttachment(ticketId, {
      fileName: 'carrier-sync.log',
      contentType: 'text/plain',
      content: Buffer.from('[2026/03/02 06:00:12.114 +01:00] [WARN] lock wait timeout on shipments.carrier_events'),
    })
    const privateFiling = fileTicket(
      {
        kind: 'account_billing',
        summary: 'Invoice address for our new Swiss entity',
        severity: 'S3',
        description: 'Please send future invoices to Helix Logistics AG in Zurich.',
      },
      'Europe/Berlin',
    )
    expectApplied(await mutate(app, token('ownerA'), [filing, publicFile, privateFiling]))
    const filingB = fileTicket({ ...WRITE_STALL, organizationId: ORG_B })
    expectApplied(await mutate(app, token('customerB'), [filingB]))

    const replies = `/api/v1/tickets/${ticketId}/replies`
    const publicReply = { body: 'Could you send the slow query log for 06:00-06:30 CET?' }
    expect((await postAs(app, token('engineer'), replies, publicReply)).statusCode).toBe(201)
    const internalReply = {
      body: 'Contention comes from our own backfill throttle (the lingonberry rollout); do not share yet.',
      visibility: 'internal',
      attachments: [
        {
          fileName: 'lock-graph.txt',
          contentType: 'text/plain',
          contentBase64: Buffer.from('txn 4471 waits for txn 4468 on carrier_events PRIMARY').toString('base64'),
        },
      ],
    }
    expect((await postAs(app, token('engineer'), replies, internalReply)).statusCode).toBe(201)
    const note: Mutation = {
      id: randomUUID(),
      type: 'note.add',
      commentId: randomUUID(),
      ticketId,
      body: 'Chen is renegotiating the contract; keep the marmalade discount out of replies.',
    }
    const noteFile = addAttachment(
      ticketId,
      { fileName: 'account-notes.txt', contentType: 'text/plain', content: Buffer.from('renewal 2026-06, 12% off') },
      note.commentId,
    )
    const priority: Mutation = {
      id: randomUUID(),
      type: 'triage.setPriority',
      ticketId,
      priority: 'urgent',
      base: null,
    }
    const label: Mutation = {
      id: randomUUID(),
      type: 'triage.labels',
      ticketId,
      add: ['carrier-escalation'],
      remove: [],
    }
    expectApplied(await mutate(app, token('tamA'), [note, noteFile, priority, label]))

    const ticketA = ticketSchema.parse((await getAs(app, token('engineer'), `/api/v1/tickets/${ticketId}`)).json())
    const internalFiles = (
      db
        .prepare(
          `SELECT a.id FROM attachments a JOIN comments c ON c.id = a.comment_id WHERE c.visibility = 'internal'`,
        )
        .all() as { id: string }[]
    ).map((row) => row.id)
    // The scans below prove absence: make sure there is something to be absent.
    expect(internalFiles.length).toBeGreaterThanOrEqual(2)
    expect(ticketA).toMatchObject({ priority: 'urgent', labels: ['carrier-escalation'] })
    return {
      image: db.serialize(),
      accounts,
      grants,
      ticketA,
      ticketB: filingB.ticketId,
      privateTicket: privateFiling.ticketId,
      publicFile: publicFile.attachmentId,
      noteFile: noteFile.attachmentId,
      internalFiles,
      internalMarkers: internalMarkersOf(db),
    }
  } finally {
    await setup.close()
  }
}

interface Call {
  method: 'GET' | 'POST'
  path: string
  body?: unknown
}

function get(path: string): Call {
  return { method: 'GET', path }
}

function post(path: string, body: unknown): Call {
  return { method: 'POST', path, body }
}

function bearer(grant: TokenGrant): string {
  return `Bearer ${grant.accessToken}`
}

interface Answer {
  status: number
  headers: Headers
  text: string
  /** Undefined for an empty body and for an event stream, whose first event is the text. */
  json: unknown
}

/** Server-sent events one at a time, heartbeats skipped. */
function eventReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  return {
    async next(): Promise<string> {
      for (;;) {
        const end = buffer.indexOf('\n\n')
        if (end >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          if (!block.startsWith(':')) return block
          continue
        }
        const { value, done } = await reader.read()
        if (done) throw new Error('The event stream ended')
        buffer += value
      }
    },
    cancel: () => reader.cancel(),
  }
}

function latestOf(event: string): number {
  const data = /^event: changes\ndata: (.*)$/.exec(event)?.[1]
  if (data === undefined) throw new Error(`Not a changes event: ${event}`)
  return (JSON.parse(data) as { latest: number }).latest
}

async function send(url: string, call: Call, authorization?: string): Promise<Answer> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization }
  if (call.body !== undefined) headers['content-type'] = 'application/json'
  const body = call.body === undefined ? undefined : JSON.stringify(call.body)
  const response = await fetch(`${url}${call.path}`, { method: call.method, headers, body })
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const events = eventReader(response)
    const text = await events.next()
    await events.cancel()
    return { status: response.status, headers: response.headers, text, json: undefined }
  }
  const text = await response.text()
  return { status: response.status, headers: response.headers, text, json: text === '' ? undefined : JSON.parse(text) }
}

interface Copy extends TestHelpCenter {
  url: string
}

/** The world's store on a fresh file, served on loopback; gone when the test ends. */
async function freshCopy(): Promise<Copy> {
  const helpCenter = helpCenterFromImage(world.image)
  return { ...helpCenter, url: await helpCenter.app.listen({ host: '127.0.0.1', port: 0 }) }
}

/** What a refused request must leave as it was: the feed, what people filed, paid and asked for, the sessions. */
function storeFingerprint(db: HelpCenterDatabase): unknown {
  return db
    .prepare(
      `SELECT (SELECT MAX(seq) FROM changes) AS lastChange, (SELECT COUNT(*) FROM tickets) AS tickets,
         (SELECT MAX(updated_at) FROM tickets) AS lastTicketUpdate, (SELECT COUNT(*) FROM comments) AS comments,
         (SELECT COUNT(*) FROM attachments) AS attachments, (SELECT COUNT(*) FROM ticket_history) AS history,
         (SELECT COUNT(*) FROM plan_changes) AS planChanges, (SELECT COUNT(*) FROM payment_methods) AS cards,
         (SELECT COUNT(*) FROM sales_requests) AS salesRequests,
         (SELECT COUNT(*) FROM sessions WHERE revoked_at IS NULL) AS liveSessions`,
    )
    .get()
}

/** What in an answer is support's alone: internal notes and files by id, text or bytes, priority, labels. */
function leaksIn(answer: Answer): string[] {
  const found: string[] = []
  const visit = (node: unknown, path: string): void => {
    if (typeof node === 'string') {
      for (const [marker, what] of world.internalMarkers) if (node.includes(marker)) found.push(`${path}: ${what}`)
    } else if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, `${path}[${index}]`))
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>
      if (record.visibility === 'internal') found.push(`${path}: an internal comment`)
      if ('priority' in record && record.priority !== null) found.push(`${path}: support's priority`)
      if (Array.isArray(record.labels) && record.labels.length > 0) found.push(`${path}: support's labels`)
      if (record.field === 'priority' || record.field === 'labels') found.push(`${path}: support's triage history`)
      for (const [key, value] of Object.entries(record)) visit(value, `${path}.${key}`)
    }
  }
  visit(answer.json ?? answer.text, 'body')
  return found
}

function expectNoLeaks(answers: Answer[]): void {
  const found = answers.flatMap(leaksIn)
  leaks += found.length
  expect(found).toEqual([])
}

/**
 * A status; or, for POST /mutations, the batch accepted (200) with the one mutation's result; or, for a listing,
 * 200 with or without org A in it (its ticket, or the membership).
 */
type Outcome =
  | 200
  | 201
  | 204
  | 401
  | 403
  | 404
  | 'applied'
  | 'rejected: forbidden'
  | 'rejected: not_found'
  | 'with org A'
  | 'without org A'

function describeOutcome(outcome: Outcome): string {
  return typeof outcome === 'number' ? String(outcome) : `200 ${outcome}`
}

function isRefusal(outcome: Outcome): boolean {
  return typeof outcome === 'number' ? outcome >= 400 : outcome.startsWith('rejected')
}

const ERROR_CODES: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }

interface Endpoint {
  /** Method and path as routed. */
  route: string
  /** Which case of the route this is, where one route serves several. */
  variant?: string
  /** False for the routes a client calls before it holds an access token. */
  authenticated: boolean
  call(role: Role): Call
  expected: Record<Role, Outcome>
  /** Puts the store where the request can be granted at all (an organization on a plan one can upgrade from). */
  given?(copy: Copy): Promise<void>
  /** Whether a listing's body holds org A: its ticket or the membership. */
  listsOrgA?(json: unknown): boolean
  /** Checks a granted answer further: its shape and what it says this role may do. */
  granted?(answer: Answer, role: Role): void
}

function nameOf(endpoint: Endpoint): string {
  return endpoint.variant ? `${endpoint.route} ${endpoint.variant}` : endpoint.route
}

function everyone(outcome: Outcome): Record<Role, Outcome> {
  return Object.fromEntries(ROLES.map((role) => [role, outcome])) as Record<Role, Outcome>
}

function signedIn(outcome: Outcome): Record<Role, Outcome> {
  return { ...everyone(outcome), anonymous: 401 }
}

// Who may do what to org A and its ticket. Whoever may not even see a thing is told it does not exist (404);
// whoever sees it but may not act on it hears 403. A check of the role alone (staff, admin) answers 403 first,
// which says nothing about whether the thing exists.

const SUPPORT_ONLY: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 403,
  memberA: 403,
  customerB: 403,
  tamA: 200,
  otherTam: 200,
  engineer: 200,
  admin: 200,
}

const ORG_A_READERS: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 200,
  memberA: 200,
  customerB: 404,
  tamA: 200,
  otherTam: 404,
  engineer: 200,
  admin: 200,
}

const ORG_B_READERS: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 404,
  memberA: 404,
  customerB: 200,
  tamA: 404,
  otherTam: 404,
  engineer: 200,
  admin: 200,
}

/** A ticket without an organization is its requester's, and staff's. */
const REQUESTER_AND_STAFF: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 200,
  memberA: 404,
  customerB: 404,
  tamA: 404,
  otherTam: 404,
  engineer: 200,
  admin: 200,
}

/** Internal notes and their files: org A's support, never a customer. */
const ORG_A_SUPPORT: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 404,
  memberA: 404,
  customerB: 404,
  tamA: 200,
  otherTam: 404,
  engineer: 200,
  admin: 200,
}

/** Only owners change the plan; TAMs, engineers and admins see it read-only (admins set it through sales). */
function ownerOfOrgA(granted: Outcome): Record<Role, Outcome> {
  return { ...ORG_A_READERS, ownerA: granted, memberA: 403, tamA: 403, engineer: 403, admin: 403 }
}

const ADMIN_ONLY: Record<Role, Outcome> = { ...signedIn(403), admin: 200 }

function engineersAndAdmins(granted: Outcome): Record<Role, Outcome> {
  return { ...signedIn(403), engineer: granted, admin: granted }
}

const LISTS_ORG_A_TICKET: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 'with org A',
  memberA: 'with org A',
  customerB: 'without org A',
  tamA: 'with org A',
  otherTam: 'without org A',
  engineer: 'with org A',
  admin: 'with org A',
}

/** Staff are members of no organization: their profile lists none. */
const LISTS_ORG_A_MEMBERSHIP: Record<Role, Outcome> = {
  ...LISTS_ORG_A_TICKET,
  engineer: 'without org A',
  admin: 'without org A',
}

const ACT_ON_ORG_A_TICKET: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 'applied',
  memberA: 'applied',
  customerB: 'rejected: not_found',
  tamA: 'applied',
  otherTam: 'rejected: not_found',
  engineer: 'applied',
  admin: 'applied',
}

/** Notes and triage are support's: customers are refused by role, a TAM of other organizations finds no ticket. */
const TRIAGE_ORG_A_TICKET: Record<Role, Outcome> = {
  ...ACT_ON_ORG_A_TICKET,
  ownerA: 'rejected: forbidden',
  memberA: 'rejected: forbidden',
  customerB: 'rejected: forbidden',
}

/** Tickets are filed for one's own organizations: its customers and its TAM. */
const FILE_FOR_ORG_A: Record<Role, Outcome> = {
  anonymous: 401,
  ownerA: 'applied',
  memberA: 'applied',
  customerB: 'rejected: forbidden',
  tamA: 'applied',
  otherTam: 'rejected: forbidden',
  engineer: 'rejected: forbidden',
  admin: 'rejected: forbidden',
}

function testCard() {
  const expYear = new Date().getFullYear() + 3
  return { holderName: 'Chen Wei', number: '4242 4242 4242 4242', expMonth: 12, expYear, cvc: '123' }
}

function mutationEndpoint(variant: string, expected: Record<Role, Outcome>, mutation: () => Mutation): Endpoint {
  return {
    route: 'POST /api/v1/mutations',
    variant,
    authenticated: true,
    call: () => post('/api/v1/mutations', { mutations: [mutation()] }),
    expected,
  }
}

const planOf = (answer: Answer) => organizationPlanSchema.parse(answer.json)

const ENDPOINTS: Endpoint[] = [
  { route: 'GET /api/v1/health', authenticated: false, call: () => get('/api/v1/health'), expected: everyone(200) },
  {
    route: 'POST /api/v1/auth/token',
    variant: 'with their own password',
    authenticated: false,
    call: (role) =>
      post('/api/v1/auth/token', {
        email: role === 'anonymous' ? 'nobody@helix-logistics.example' : world.accounts[role].email,
        password: DEMO_PASSWORD,
      }),
    expected: signedIn(200),
    granted: (answer) => void tokenGrantSchema.parse(answer.json),
  },
  {
    route: 'POST /api/v1/auth/refresh',
    variant: 'with their own refresh token',
    authenticated: false,
    call: (role) =>
      post('/api/v1/auth/refresh', {
        refreshToken: role === 'anonymous' ? randomBytes(32).toString('base64url') : world.grants[role].refreshToken,
      }),
    expected: signedIn(200),
    granted: (answer) => void tokenGrantSchema.parse(answer.json),
  },
  {
    route: 'POST /api/v1/auth/revoke',
    variant: 'with their own refresh token',
    authenticated: false,
    call: (role) =>
      post('/api/v1/auth/revoke', {
        refreshToken: role === 'anonymous' ? randomBytes(32).toString('base64url') : world.grants[role].refreshToken,
      }),
    // Signing out is silent about tokens it does not know.
    expected: everyone(204),
  },
  {
    route: 'GET /api/v1/me',
    authenticated: true,
    call: () => get('/api/v1/me'),
    expected: LISTS_ORG_A_MEMBERSHIP,
    listsOrgA: (json) => profileSchema.parse(json).organizations.some((organization) => organization.id === ORG_A),
  },
  {
    route: 'GET /api/v1/plans',
    authenticated: true,
    call: () => get('/api/v1/plans'),
    expected: signedIn(200),
    granted: (answer) => void planCatalogSchema.parse(answer.json),
  },
  {
    route: 'GET /api/v1/staff',
    authenticated: true,
    call: () => get('/api/v1/staff'),
    expected: SUPPORT_ONLY,
    granted: (answer) => void staffListSchema.parse(answer.json),
  },
  {
    route: 'GET /api/v1/changes',
    authenticated: true,
    call: () => get('/api/v1/changes?limit=5000'),
    expected: LISTS_ORG_A_TICKET,
    listsOrgA: (json) =>
      changePageSchema
        .parse(json)
        .changes.some((change) => change.entity === 'ticket' && change.ticket.id === world.ticketA.id),
  },
  {
    route: 'GET /api/v1/events',
    authenticated: true,
    call: () => get('/api/v1/events'),
    expected: signedIn(200),
    granted: (answer) => {
      expect(answer.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
      expect(latestOf(answer.text)).toBeGreaterThan(0)
    },
  },
  {
    route: 'GET /api/v1/tickets',
    variant: `searching "${TICKET_A_SEARCH}"`,
    authenticated: true,
    call: () => get(`/api/v1/tickets?search=${TICKET_A_SEARCH}`),
    expected: LISTS_ORG_A_TICKET,
    listsOrgA: (json) => ticketSearchPageSchema.parse(json).tickets.some((ticket) => ticket.id === world.ticketA.id),
  },
  {
    route: 'GET /api/v1/organizations/:id',
    variant: 'of org A',
    authenticated: true,
    call: () => get(`/api/v1/organizations/${ORG_A}`),
    expected: ORG_A_READERS,
    granted: (answer) => expect(organizationSchema.parse(answer.json).id).toBe(ORG_A),
  },
  {
    route: 'GET /api/v1/organizations/:id/clusters',
    variant: 'of org A',
    authenticated: true,
    call: () => get(`/api/v1/organizations/${ORG_A}/clusters`),
    expected: ORG_A_READERS,
    granted: (answer) => {
      const { clusters } = answer.json as { clusters: unknown[] }
      expect(clusters.map((cluster) => clusterSchema.parse(cluster).organizationId)).toContain(ORG_A)
    },
  },
  {
    route: 'GET /api/v1/organizations/:id/plan',
    variant: 'of org A',
    authenticated: true,
    call: () => get(`/api/v1/organizations/${ORG_A}/plan`),
    expected: ORG_A_READERS,
    granted: (answer, role) => expect(planOf(answer).canChangePlan).toBe(role === 'ownerA'),
  },
  {
    route: 'POST /api/v1/organizations/:id/plan/upgrade',
    variant: 'of org A from Developer to Enterprise',
    authenticated: true,
    async given(copy) {
      const toDeveloper = post(`/api/v1/admin/organizations/${ORG_A}/plan`, { plan: 'developer' })
      expect((await send(copy.url, toDeveloper, bearer(world.grants.admin))).status).toBe(200)
    },
    call: () => post(`/api/v1/organizations/${ORG_A}/plan/upgrade`, { plan: 'enterprise', card: testCard() }),
    expected: ownerOfOrgA(200),
    granted: (answer) => expect(planOf(answer).plan).toBe('enterprise'),
  },
  {
    route: 'POST /api/v1/organizations/:id/plan/downgrade',
    variant: 'of org A from Premium to Enterprise',
    authenticated: true,
    call: () => post(`/api/v1/organizations/${ORG_A}/plan/downgrade`, { plan: 'enterprise' }),
    expected: ownerOfOrgA(200),
    granted: (answer) => expect(planOf(answer).plan).toBe('enterprise'),
  },
  {
    route: 'POST /api/v1/organizations/:id/sales-requests',
    variant: 'for org A',
    authenticated: true,
    call: () =>
      post(`/api/v1/organizations/${ORG_A}/sales-requests`, {
        name: 'Chen Wei',
        email: DEMO_ACCOUNTS.premiumCustomer.email,
        company: 'Helix Logistics',
        message: 'We are adding a second region and would like to talk about the contract.',
      }),
    expected: ownerOfOrgA(201),
    granted: (answer) => expect(planOf(answer).salesRequestedAt).not.toBeNull(),
  },
  {
    route: 'POST /api/v1/admin/organizations/:id/plan',
    variant: 'setting org A to Enterprise',
    authenticated: true,
    call: () => post(`/api/v1/admin/organizations/${ORG_A}/plan`, { plan: 'enterprise' }),
    expected: ADMIN_ONLY,
    granted: (answer) => expect(planOf(answer).plan).toBe('enterprise'),
  },
  {
    route: 'GET /api/v1/tickets/:id',
    variant: "of org A's ticket",
    authenticated: true,
    call: () => get(`/api/v1/tickets/${world.ticketA.id}`),
    expected: ORG_A_READERS,
    granted: (answer) => expect(ticketSchema.parse(answer.json).id).toBe(world.ticketA.id),
  },
  {
    route: 'GET /api/v1/tickets/:id',
    variant: "of org B's ticket",
    authenticated: true,
    call: () => get(`/api/v1/tickets/${world.ticketB}`),
    expected: ORG_B_READERS,
  },
  {
    route: 'GET /api/v1/tickets/:id',
    variant: "of a ticket without organization filed by org A's owner",
    authenticated: true,
    call: () => get(`/api/v1/tickets/${world.privateTicket}`),
    expected: REQUESTER_AND_STAFF,
  },
  {
    route: 'GET /api/v1/tickets/:id/comments',
    variant: "of org A's ticket",
    authenticated: true,
    call: () => get(`/api/v1/tickets/${world.ticketA.id}/comments`),
    expected: ORG_A_READERS,
    granted: (answer, role) => {
      const comments = (answer.json as { comments: unknown[] }).comments.map((comment) => commentSchema.parse(comment))
      // Support reads the internal notes that customers must not: the customers' scan is not looking at nothing.
      const internal = comments.filter((comment) => comment.visibility === 'internal')
      expect(internal.length > 0).toBe(!CUSTOMER_ROLES.includes(role))
    },
  },
  {
    route: 'POST /api/v1/tickets/:id/replies',
    variant: "on org A's ticket",
    authenticated: true,
    call: () => post(`/api/v1/tickets/${world.ticketA.id}/replies`, { body: 'The lock waits stopped at 07:10 CET.' }),
    expected: engineersAndAdmins(201),
  },
  {
    route: 'POST /api/v1/tickets/:id/status',
    variant: "of org A's ticket",
    authenticated: true,
    call: () => post(`/api/v1/tickets/${world.ticketA.id}/status`, { status: 'resolved' }),
    expected: engineersAndAdmins(200),
  },
  {
    route: 'GET /api/v1/attachments/:id',
    variant: "of a file filed with org A's ticket",
    authenticated: true,
    call: () => get(`/api/v1/attachments/${world.publicFile}`),
    expected: ORG_A_READERS,
    granted: (answer) => expect(attachmentWithContentSchema.parse(answer.json).id).toBe(world.publicFile),
  },
  {
    route: 'GET /api/v1/attachments/:id',
    variant: "of a file on an internal note of org A's ticket",
    authenticated: true,
    call: () => get(`/api/v1/attachments/${world.noteFile}`),
    expected: ORG_A_SUPPORT,
  },
  mutationEndpoint('ticket.create for org A', FILE_FOR_ORG_A, () =>
    fileTicket({
      kind: 'technical',
      summary: 'TiCDC changefeed lag on tracking-events',
      organizationId: ORG_A,
      clusterId: 'cl-tracking-events',
      environment: 'production',
      severity: 'S3',
      component: 'ticdc',
      affectedVersion: 'v8.1.2',
      description: 'The changefeed to Kafka lags by 20 minutes since the upgrade.',
    }),
  ),
  mutationEndpoint("comment.add on org A's ticket", ACT_ON_ORG_A_TICKET, () =>
    addComment(world.ticketA.id, 'The slow query log is attached to the ticket.'),
  ),
  mutationEndpoint("attachment.add to org A's ticket", ACT_ON_ORG_A_TICKET, () =>
    addAttachment(world.ticketA.id, {
      fileName: 'explain-analyze.txt',
      contentType: 'text/plain',
      content: Buffer.from('IndexLookUp_10 | 1204.00 | time:12.4s'),
    }),
  ),
  mutationEndpoint("ticket.setStatus resolved on org A's ticket", ACT_ON_ORG_A_TICKET, () =>
    setStatus(world.ticketA.id, 'resolved'),
  ),
  mutationEndpoint("note.add on org A's ticket", TRIAGE_ORG_A_TICKET, () => ({
    id: randomUUID(),
    type: 'note.add',
    commentId: randomUUID(),
    ticketId: world.ticketA.id,
    body: 'Same pattern as last quarter; check the throttle first.',
  })),
  mutationEndpoint("triage.setSeverity on org A's ticket", TRIAGE_ORG_A_TICKET, () => ({
    id: randomUUID(),
    type: 'triage.setSeverity',
    ticketId: world.ticketA.id,
    severity: 'S1',
    base: world.ticketA.severity,
    reason: 'Shipment tracking is down for every carrier.',
  })),
  mutationEndpoint("triage.setPriority on org A's ticket", TRIAGE_ORG_A_TICKET, () => ({
    id: randomUUID(),
    type: 'triage.setPriority',
    ticketId: world.ticketA.id,
    priority: 'high',
    base: world.ticketA.priority,
  })),
  mutationEndpoint("triage.assign on org A's ticket", TRIAGE_ORG_A_TICKET, () => ({
    id: randomUUID(),
    type: 'triage.assign',
    ticketId: world.ticketA.id,
    assigneeId: demoUserId('tam'),
    base: world.ticketA.assigneeId,
  })),
  mutationEndpoint("triage.setStatus on org A's ticket", TRIAGE_ORG_A_TICKET, () => ({
    id: randomUUID(),
    type: 'triage.setStatus',
    ticketId: world.ticketA.id,
    status: 'waiting_for_support',
    base: world.ticketA.status,
  })),
  mutationEndpoint("triage.labels on org A's ticket", TRIAGE_ORG_A_TICKET, () => ({
    id: randomUUID(),
    type: 'triage.labels',
    ticketId: world.ticketA.id,
    add: ['needs-logs'],
    remove: [],
  })),
]

function expectOutcome(endpoint: Endpoint, role: Role, answer: Answer): void {
  const outcome = endpoint.expected[role]
  if (typeof outcome === 'number') {
    expect(answer.status, answer.text).toBe(outcome)
    if (outcome >= 400) expect(supportErrorSchema.parse(answer.json).code).toBe(ERROR_CODES[outcome])
    if (outcome === 401) expect(answer.headers.get('www-authenticate')).toBe('Bearer')
  } else if (outcome === 'with org A' || outcome === 'without org A') {
    expect(answer.status, answer.text).toBe(200)
    expect(endpoint.listsOrgA!(answer.json)).toBe(outcome === 'with org A')
  } else {
    expect(answer.status, answer.text).toBe(200)
    const [result] = mutationResultsSchema.parse(answer.json).results
    if (outcome === 'applied') expect(result, JSON.stringify(result)).toMatchObject({ status: 'applied' })
    else expect(result).toMatchObject({ status: 'rejected', error: { code: outcome.slice('rejected: '.length) } })
  }
  if (!isRefusal(outcome)) endpoint.granted?.(answer, role)
}

beforeAll(async () => {
  world = await buildWorld()
}, 60_000)

afterAll(() => {
  console.log(
    `authorization matrix: ${matrixCases} endpoint x role cases, ${badTokenCases} bad-token cases, ${leaks} leaks`,
  )
})

describe('every endpoint as every role', () => {
  for (const endpoint of ENDPOINTS) {
    for (const role of ROLES) {
      it(`${nameOf(endpoint)} as ${ROLE_NAMES[role]} -> ${describeOutcome(endpoint.expected[role])}`, async () => {
        const copy = await freshCopy()
        await endpoint.given?.(copy)
        const before = storeFingerprint(copy.db)
        const authorization = endpoint.authenticated && role !== 'anonymous' ? bearer(world.grants[role]) : undefined
        const answer = await send(copy.url, endpoint.call(role), authorization)
        expectOutcome(endpoint, role, answer)
        if (isRefusal(endpoint.expected[role])) {
          expect(storeFingerprint(copy.db), 'a refusal changes nothing').toEqual(before)
        }
        if (CUSTOMER_ROLES.includes(role)) expectNoLeaks([answer])
        matrixCases++
      })
    }
  }
})

/** What a forger starts from: the payload of the owner's access token. */
function ownerTokenPayload(): AccessTokenPayload {
  const [body] = world.grants.ownerA.accessToken.split('.') as [string]
  return JSON.parse(Buffer.from(body, 'base64url').toString()) as AccessTokenPayload
}

interface BadToken {
  name: string
  /** Makes the token bad on this copy, if it takes doing, and returns the Authorization header that carries it. */
  make(copy: Copy): Promise<string>
}

const BAD_TOKENS: BadToken[] = [
  {
    name: 'an expired token',
    async make(copy) {
      copy.clock.advance(ACCESS_TOKEN_TTL_MS)
      return bearer(world.grants.ownerA)
    },
  },
  {
    name: 'a token whose session signed out',
    async make(copy) {
      const signOut = post('/api/v1/auth/revoke', { refreshToken: world.grants.ownerA.refreshToken })
      expect((await send(copy.url, signOut)).status).toBe(204)
      return bearer(world.grants.ownerA)
    },
  },
  {
    name: 'the newest token of a session ended by a reused refresh token',
    async make(copy) {
      const refresh = post('/api/v1/auth/refresh', { refreshToken: world.grants.ownerA.refreshToken })
      const rotated = await send(copy.url, refresh)
      expect(rotated.status).toBe(200)
      // The new token is used, so the old one coming back is a copy, not a repeated renewal whose answer was lost.
      const renewedAgain = await send(copy.url, post('/api/v1/auth/refresh', { refreshToken: tokenGrantSchema.parse(rotated.json).refreshToken }))
      expect(renewedAgain.status).toBe(200)
      expect((await send(copy.url, refresh)).status).toBe(401)
      return bearer(tokenGrantSchema.parse(renewedAgain.json))
    },
  },
  {
    name: 'a token with an altered signature',
    async make() {
      const [body, signature] = world.grants.ownerA.accessToken.split('.') as [string, string]
      const altered = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`
      return `Bearer ${body}.${altered}`
    },
  },
  {
    name: "another user's id under the owner's signature",
    async make() {
      const signature = world.grants.ownerA.accessToken.split('.')[1]
      const asAdmin = { ...ownerTokenPayload(), sub: demoUserId('admin') }
      return `Bearer ${Buffer.from(JSON.stringify(asAdmin)).toString('base64url')}.${signature}`
    },
  },
  {
    name: 'a token signed with another key',
    async make() {
      return `Bearer ${signAccessToken(Buffer.alloc(32, 8), ownerTokenPayload())}`
    },
  },
  {
    name: 'a token signed with our key for a session that does not exist',
    async make(copy) {
      return `Bearer ${signAccessToken(copy.tokenSecret, { ...ownerTokenPayload(), sid: 'ses-forged' })}`
    },
  },
  { name: 'a malformed token', make: async () => 'Bearer not-a-token' },
  {
    name: 'a password instead of a token',
    make: async () => `Basic ${Buffer.from(`${world.accounts.ownerA.email}:${DEMO_PASSWORD}`).toString('base64')}`,
  },
  {
    name: 'the token of a deleted user',
    async make(copy) {
      expect(copy.db.prepare('DELETE FROM users WHERE id = ?').run(DEPARTED.id).changes).toBe(1)
      return bearer(world.grants.departed)
    },
  },
]

/** One endpoint per authenticated route: a bad token is refused before anything about the request matters. */
const AUTHENTICATED_ROUTES = ENDPOINTS.filter(
  (endpoint, index) =>
    endpoint.authenticated && ENDPOINTS.findIndex((other) => other.route === endpoint.route) === index,
)

describe('bad tokens get 401 on every authenticated route', () => {
  for (const badToken of BAD_TOKENS) {
    for (const endpoint of AUTHENTICATED_ROUTES) {
      it(`${endpoint.route} with ${badToken.name} -> 401`, async () => {
        const copy = await freshCopy()
        const authorization = await badToken.make(copy)
        const before = storeFingerprint(copy.db)
        const answer = await send(copy.url, endpoint.call('ownerA'), authorization)
        expect(answer.status, answer.text).toBe(401)
        expect(answer.headers.get('www-authenticate')).toBe('Bearer')
        expect(supportErrorSchema.parse(answer.json).code).toBe('unauthorized')
        expect(storeFingerprint(copy.db)).toEqual(before)
        badTokenCases++
      })
    }
  }
})

interface CustomerReading {
  answers: Answer[]
  changes: Change[]
  /** `latest` of the last page. */
  latest: number
}

/** Everything a client can read with this token: the whole feed in pages, each ticket, its comments and files. */
async function readEverything(copy: Copy, role: SignedInRole): Promise<CustomerReading> {
  const authorization = bearer(world.grants[role])
  const answers: Answer[] = []
  const read = async (path: string) => {
    const answer = await send(copy.url, get(path), authorization)
    answers.push(answer)
    return answer
  }
  const changes: Change[] = []
  let page = changePageSchema.parse((await read('/api/v1/changes?after=0&limit=100')).json)
  changes.push(...page.changes)
  while (page.hasMore) {
    page = changePageSchema.parse((await read(`/api/v1/changes?after=${page.cursor}&limit=100`)).json)
    changes.push(...page.changes)
  }
  const ticketIds = new Set(changes.flatMap((change) => (change.entity === 'ticket' ? [change.ticket.id] : [])))
  for (const ticketId of ticketIds) {
    expect((await read(`/api/v1/tickets/${ticketId}`)).status).toBe(200)
    expect((await read(`/api/v1/tickets/${ticketId}/comments`)).status).toBe(200)
  }
  for (const change of changes) {
    if (change.entity !== 'attachment') continue
    expect((await read(`/api/v1/attachments/${change.attachment.id}`)).status).toBe(200)
  }
  return { answers, changes, latest: page.latest }
}

describe('internal notes and their files never reach a customer', () => {
  for (const role of ['ownerA', 'memberA', 'customerB'] as const) {
    it(`through the feed, tickets, comments, search or files, as ${ROLE_NAMES[role]}`, async () => {
      const copy = await freshCopy()
      const { answers, changes, latest } = await readEverything(copy, role)
      // `latest` counts only what this customer may see, so it tells nothing of internal activity either.
      expect(latest).toBe(changes.at(-1)!.seq)
      const authorization = bearer(world.grants[role])
      for (const fileId of world.internalFiles) {
        const answer = await send(copy.url, get(`/api/v1/attachments/${fileId}`), authorization)
        expect(answer.status).toBe(404)
        answers.push(answer)
      }
      for (const word of INTERNAL_ONLY_WORDS) {
        const answer = await send(copy.url, get(`/api/v1/tickets?search=${word}`), authorization)
        expect(ticketSearchPageSchema.parse(answer.json).total).toBe(0)
        answers.push(answer)
      }
      expectNoLeaks(answers)
    })
  }

  it('while the same reads as org A’s TAM do find them, so the scan is not blind', async () => {
    const copy = await freshCopy()
    const { answers } = await readEverything(copy, 'tamA')
    const found = answers.flatMap(leaksIn)
    expect(found.some((leak) => leak.includes('the text of internal note'))).toBe(true)
    expect(found.some((leak) => leak.includes('the id of internal file'))).toBe(true)
    expect(found.some((leak) => leak.includes("support's priority"))).toBe(true)
  })

  it('through the event stream: an internal note moves support’s stream and not the customer’s', async () => {
    const copy = await freshCopy()
    const open = async (role: SignedInRole) => {
      const headers = { authorization: bearer(world.grants[role]) }
      const response = await fetch(`${copy.url}/api/v1/events`, { headers })
      expect(response.status).toBe(200)
      return eventReader(response)
    }
    const latestFor = async (role: SignedInRole) =>
      changePageSchema.parse((await send(copy.url, get('/api/v1/changes?limit=1'), bearer(world.grants[role]))).json)
        .latest
    const customer = await open('ownerA')
    const tam = await open('tamA')
    const customerEvents = [await customer.next()]
    const customerStart = latestOf(customerEvents[0]!)
    let tamLatest = latestOf(await tam.next())

    const note: Mutation = {
      id: randomUUID(),
      type: 'note.add',
      commentId: randomUUID(),
      ticketId: world.ticketA.id,
      body: 'Carrier API keys rotate tonight; hold the marmalade discount until then.',
    }
    const noteFile = addAttachment(
      world.ticketA.id,
      { fileName: 'rotation-plan.txt', contentType: 'text/plain', content: Buffer.from('rotate at 23:00 CET') },
      note.commentId,
    )
    const noting = post('/api/v1/mutations', { mutations: [note, noteFile] })
    const noted = await send(copy.url, noting, bearer(world.grants.tamA))
    expectApplied(mutationResultsSchema.parse(noted.json).results)
    const tamCaughtUp = await latestFor('tamA')
    while (tamLatest < tamCaughtUp) tamLatest = latestOf(await tam.next())

    // A public reply next: the customer's first new event must be this one, so the note sent them none.
    const reply = post(`/api/v1/tickets/${world.ticketA.id}/replies`, { body: 'We lowered the backfill throttle.' })
    expect((await send(copy.url, reply, bearer(world.grants.engineer))).status).toBe(201)
    customerEvents.push(await customer.next())
    const customerNext = latestOf(customerEvents[1]!)
    expect(customerNext).toBeGreaterThan(customerStart)
    expect(customerNext).toBe(await latestFor('ownerA'))
    expectNoLeaks(customerEvents.map((text) => ({ status: 200, headers: new Headers(), text, json: undefined })))
    await customer.cancel()
    await tam.cancel()
  })
})

describe('what a role may not see answers exactly as what does not exist', () => {
  for (const role of ['customerB', 'otherTam'] as const) {
    it(`org A's ticket, files and organization, as ${ROLE_NAMES[role]}`, async () => {
      const copy = await freshCopy()
      const authorization = bearer(world.grants[role])
      const missingTicket = randomUUID()
      const pairs: [Call, Call][] = [
        [get(`/api/v1/tickets/${world.ticketA.id}`), get(`/api/v1/tickets/${missingTicket}`)],
        [get(`/api/v1/tickets/${world.ticketA.id}/comments`), get(`/api/v1/tickets/${missingTicket}/comments`)],
        [get(`/api/v1/attachments/${world.publicFile}`), get(`/api/v1/attachments/${randomUUID()}`)],
        [get(`/api/v1/organizations/${ORG_A}`), get('/api/v1/organizations/org-nowhere')],
        [get(`/api/v1/organizations/${ORG_A}/clusters`), get('/api/v1/organizations/org-nowhere/clusters')],
        [get(`/api/v1/organizations/${ORG_A}/plan`), get('/api/v1/organizations/org-nowhere/plan')],
        [
          post(`/api/v1/organizations/${ORG_A}/plan/downgrade`, { plan: 'basic' }),
          post('/api/v1/organizations/org-nowhere/plan/downgrade', { plan: 'basic' }),
        ],
      ]
      for (const [hidden, missing] of pairs) {
        const hiddenAnswer = await send(copy.url, hidden, authorization)
        const missingAnswer = await send(copy.url, missing, authorization)
        expect(hiddenAnswer.status, hidden.path).toBe(404)
        expect(hiddenAnswer.json, hidden.path).toEqual(missingAnswer.json)
      }
      const commentOn = async (ticketId: string) => {
        const call = post('/api/v1/mutations', { mutations: [addComment(ticketId, 'Any news?')] })
        const [result] = mutationResultsSchema.parse((await send(copy.url, call, authorization)).json).results
        return result!.status === 'rejected' ? result!.error : result
      }
      const hiddenRefusal = await commentOn(world.ticketA.id)
      expect(hiddenRefusal).toMatchObject({ code: 'not_found' })
      expect(hiddenRefusal).toEqual(await commentOn(missingTicket))
    })
  }
})

describe('sign-in rate limiting', () => {
  const attempt = (copy: Copy, email: string, password: string) =>
    send(copy.url, post('/api/v1/auth/token', { email, password }))

  it('refuses a sixth attempt within 15 minutes with 429 and Retry-After, for unknown emails too', async () => {
    const copy = await freshCopy()
    const refusals: Answer[] = []
    for (const email of [world.accounts.ownerA.email, 'nobody@helix-logistics.example']) {
      for (let failure = 0; failure < 5; failure++) {
        expect((await attempt(copy, email, 'wrong-password')).status).toBe(401)
        copy.clock.advance(MINUTE)
      }
      const refused = await attempt(copy, email, DEMO_PASSWORD)
      expect(refused.status).toBe(429)
      // The first failure, 5 minutes ago, leaves the 15-minute window in 10 minutes.
      expect(refused.headers.get('retry-after')).toBe(String(10 * 60))
      expect(refused.json).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 10 * 60 })
      expect(refused.text).not.toContain('accessToken')
      refusals.push(refused)
    }
    // Same answer either way: the limit tells nobody which emails have accounts.
    expect(refusals[0]!.json).toEqual(refusals[1]!.json)
    copy.clock.advance(10 * MINUTE)
    expect((await attempt(copy, world.accounts.ownerA.email, DEMO_PASSWORD)).status).toBe(200)
  })

  it("a successful sign-in clears the email's record", async () => {
    const copy = await freshCopy()
    const email = world.accounts.memberA.email
    const failures = () => copy.db.prepare('SELECT COUNT(*) AS count FROM sign_in_failures WHERE email = ?').get(email)
    for (let failure = 0; failure < 4; failure++) {
      expect((await attempt(copy, email, 'wrong-password')).status).toBe(401)
    }
    expect(failures()).toEqual({ count: 4 })
    expect((await attempt(copy, email, DEMO_PASSWORD)).status).toBe(200)
    expect(failures()).toEqual({ count: 0 })
    // Five fresh failures are allowed again; without the reset the first of them would already be refused.
    for (let failure = 0; failure < 5; failure++) {
      expect((await attempt(copy, email, 'wrong-password')).status).toBe(401)
    }
    expect((await attempt(copy, email, DEMO_PASSWORD)).status).toBe(429)
  })
})
