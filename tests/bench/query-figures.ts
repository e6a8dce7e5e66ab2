import type Database from 'better-sqlite3'
import type { SupportCore } from '../../electron/core/support-core'
import { HelpCenterClient } from '../../electron/core/help-center/help-center-client'
import type { Organization } from '../../shared/schemas/account'
import type { TicketListQuery } from '../../shared/schemas/local-ticket'
import { searchTerms } from '../../shared/domain/search-terms'
import { ticketSearchPageSchema } from '../../shared/schemas/ticket'
import { call } from '../support/dispatch'
import type { SeededRandom } from '../support/seeded-random'
import { BENCH_OPERATOR } from './data-set'
import { percentile } from './results'

export interface Latencies {
  p50: number
  p95: number
}

function latencies(samples: number[]): Latencies {
  return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95) }
}

async function timeEach<T>(items: readonly T[], run: (item: T) => unknown): Promise<number[]> {
  const samples: number[] = []
  for (const item of items) {
    const started = performance.now()
    await run(item)
    samples.push(performance.now() - started)
  }
  return samples
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]{3,}/u
const WORD = /^[\p{L}\p{N}_.-]{4,}$/u

/** Words (4+ characters) and Japanese fragments (3 to 4 characters) that someone could search for in `text`. */
function searchableTerms(text: string, random: SeededRandom): string[] {
  const terms: string[] = []
  for (const token of text.split(/[\s,;:()[\]{}'"=<>/\\|!?、。「」（）]+/u)) {
    const japanese = CJK.exec(token)?.[0]
    if (japanese) {
      const characters = [...japanese]
      const length = random.int(3, Math.min(4, characters.length))
      const start = random.int(0, characters.length - length)
      terms.push(characters.slice(start, start + length).join(''))
    } else if (WORD.test(token)) {
      terms.push(token.replace(/[.-]+$/u, ''))
    }
  }
  return terms.filter((term) => [...term].length >= 3)
}

/**
 * Queries drawn from the corpus: one or two terms out of a random ticket's summary, description or one of its
 * public comments, so that each finds something, from rare error codes to common words.
 */
export function drawSearchQueries(cache: Database.Database, random: SeededRandom, count: number): string[] {
  const { total } = cache.prepare('SELECT COUNT(*) AS total FROM tickets').get() as { total: number }
  const ticketAt = cache.prepare('SELECT id, summary, description FROM tickets ORDER BY rowid LIMIT 1 OFFSET ?')
  const commentsOf = cache.prepare("SELECT body FROM comments WHERE ticket_id = ? AND visibility = 'public' ORDER BY created_at, rowid")
  const queries: string[] = []
  while (queries.length < count) {
    const ticket = ticketAt.get(random.int(0, total - 1)) as { id: string; summary: string; description: string }
    const comments = (commentsOf.all(ticket.id) as { body: string }[]).map((row) => row.body)
    const terms = searchableTerms(random.pick([ticket.summary, ticket.description, ...comments]), random)
    if (terms.length === 0) continue
    const first = random.int(0, terms.length - 1)
    const pair = random.chance(0.35) && first + 1 < terms.length
    queries.push(pair ? `${terms[first]} ${terms[first + 1]}` : terms[first]!)
  }
  return queries
}

export interface SearchFigures {
  local: Latencies
  raw: Latencies
  online: Latencies
}

/**
 * The same queries three ways: through the core's command (what the app does), as the bare FTS5 MATCH on the
 * same cache file, and through the help center's search endpoint (what a web portal would do).
 */
export async function measureSearch(core: SupportCore, cache: Database.Database, url: string, queries: string[]): Promise<SearchFigures> {
  const warmUp = queries.slice(0, 20)
  const list = (search: string) => call(core, 'tickets.list', { search, limit: 100 })
  await timeEach(warmUp, list)
  const local = await timeEach(queries, list)

  const match = cache.prepare('SELECT rowid FROM ticket_search WHERE ticket_search MATCH ?')
  const raw = await timeEach(queries, (query) => match.all(searchTerms(query).match))

  const client = new HelpCenterClient(url)
  const { accessToken } = await client.signIn(BENCH_OPERATOR.email, BENCH_OPERATOR.password)
  const online = (search: string) =>
    client.request(`/tickets?search=${encodeURIComponent(search)}&limit=100`, { accessToken, response: ticketSearchPageSchema })
  await timeEach(warmUp, online)
  return { local: latencies(local), raw: latencies(raw), online: latencies(await timeEach(queries, online)) }
}

/** History-page requests: status, severity and organization filters in combination, newest update first. */
export function drawHistoryQueries(organizations: readonly Organization[], random: SeededRandom, count: number): TicketListQuery[] {
  return Array.from({ length: count }, () => ({
    status: random.pick(['all', 'open', 'closed'] as const),
    sort: 'updated' as const,
    limit: 100,
    // Mostly the first page; sometimes further down, as when scrolling.
    offset: random.chance(0.8) ? 0 : 100 * random.int(1, 10),
    ...(random.chance(0.5) ? { severity: random.pick(['S1', 'S2', 'S3', 'S4'] as const) } : {}),
    ...(random.chance(0.5) ? { organizationId: random.pick(organizations).id } : {}),
  }))
}

export async function measureHistoryPage(core: SupportCore, queries: TicketListQuery[]): Promise<Latencies> {
  const list = (query: TicketListQuery) => call(core, 'tickets.list', query)
  await timeEach(queries.slice(0, 20), list)
  return latencies(await timeEach(queries, list))
}
