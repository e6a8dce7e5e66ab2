import { z } from 'zod'
import { TICKET_KINDS } from '../../../shared/domain/ticket'

export const DEEP_LINK_PROTOCOL = 'tidbcloud-support'

/** What a `tidbcloud-support://` link asks for, once checked. */
export type DeepLink =
  | { to: 'ticket'; key: string }
  | { to: 'new-ticket'; kind?: (typeof TICKET_KINDS)[number]; organizationId?: string; clusterId?: string }

export type DeepLinkResult = { ok: true; link: DeepLink } | { ok: false; reason: string }

const MAX_LINK_LENGTH = 2048
const entityIdSchema = z.string().regex(/^[\w-]{1,64}$/)
const NEW_TICKET_PARAMETERS = ['org', 'cluster', 'kind'] as const

/**
 * `tidbcloud-support://ticket/SUP-1042` and `tidbcloud-support://new?org=ID&cluster=ID&kind=technical` (what
 * the console's "get support" on a cluster row opens). Anything else is refused with the reason.
 */
export function parseDeepLink(raw: string): DeepLinkResult {
  if (raw.length > MAX_LINK_LENGTH) return { ok: false, reason: 'the link is too long' }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, reason: 'it is not a link' }
  }
  if (url.protocol !== `${DEEP_LINK_PROTOCOL}:`) return { ok: false, reason: `only ${DEEP_LINK_PROTOCOL}:// links open here` }
  const path = url.pathname.replace(/^\/+|\/+$/g, '')
  switch (url.hostname) {
    case 'ticket': {
      if (!/^SUP-\d{1,9}$/.test(path) || url.search !== '') return { ok: false, reason: 'ticket links look like ticket/SUP-1042' }
      return { ok: true, link: { to: 'ticket', key: path } }
    }
    case 'new': {
      if (path !== '') return { ok: false, reason: 'new-ticket links take their details after "?"' }
      const unknown = [...url.searchParams.keys()].find((name) => !(NEW_TICKET_PARAMETERS as readonly string[]).includes(name))
      if (unknown !== undefined) return { ok: false, reason: `unknown detail "${unknown.slice(0, 40)}"` }
      const organizationId = url.searchParams.get('org') ?? undefined
      const clusterId = url.searchParams.get('cluster') ?? undefined
      const kindParameter = url.searchParams.get('kind') ?? undefined
      const kind = TICKET_KINDS.find((candidate) => candidate === kindParameter)
      if (organizationId !== undefined && !entityIdSchema.safeParse(organizationId).success) {
        return { ok: false, reason: 'the organization id is not valid' }
      }
      if (clusterId !== undefined && !entityIdSchema.safeParse(clusterId).success) return { ok: false, reason: 'the cluster id is not valid' }
      if (kindParameter !== undefined && kind === undefined) {
        return { ok: false, reason: 'kind must be technical or account_billing' }
      }
      const link: DeepLink = {
        to: 'new-ticket',
        ...(kind !== undefined ? { kind } : {}),
        ...(organizationId !== undefined ? { organizationId } : {}),
        ...(clusterId !== undefined ? { clusterId } : {}),
      }
      return { ok: true, link }
    }
    default:
      return { ok: false, reason: `"${url.hostname.slice(0, 40)}" is not something the app can open` }
  }
}
