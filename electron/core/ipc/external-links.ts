/** A site the app opens in the system browser: the host itself, and its subdomains or some of its paths if listed. */
interface AllowedSite {
  host: string
  subdomains?: boolean
  /** Only these paths and what is below them: the site hosts other people's pages too. */
  paths?: readonly string[]
}

/**
 * Where the app's own links lead: the plan catalog's documentation and community channels, the
 * TiDB Cloud console, PingCAP's support portal and repositories, and Slack conversations with support.
 */
export const ALLOWED_SITES: readonly AllowedSite[] = [
  { host: 'tidbcloud.com', subdomains: true },
  // docs.pingcap.com, ask.pingcap.com, tidb.support.pingcap.com
  { host: 'pingcap.com', subdomains: true },
  // slack.tidb.io, the community Slack's invitation
  { host: 'tidb.io', subdomains: true },
  { host: 'tidb.ai', subdomains: true },
  { host: 'slack.com', subdomains: true },
  { host: 'discord.com', paths: ['/invite'] },
  { host: 'discord.gg' },
  { host: 'github.com', paths: ['/pingcap', '/tidbcloud'] },
]

/** What a mail client is asked to fill in; anything else (attach=, say) could make it read local files. */
const MAIL_FIELDS = new Set(['subject', 'body', 'cc', 'bcc'])
const MAIL_ADDRESS = /^[^\s@,;:<>()"\\]+@[^\s@,;:<>()"\\]+$/

export interface ExternalLinkContext {
  /** The signed-in help center: its own https pages (a ticket, say) open too. */
  helpCenterUrl?: string | null
}

export type ExternalLinkDecision = { open: true; url: string } | { open: false; reason: string }

/**
 * Whether a link the renderer tried to follow may go to the system browser (or, for mailto:, the
 * mail client). The answer names why not, for the user; `url` is the parsed form to hand to the OS.
 */
export function decideExternalLink(link: string, context: ExternalLinkContext = {}): ExternalLinkDecision {
  let url: URL
  try {
    url = new URL(link)
  } catch {
    return refuse('it is not a web address')
  }
  if (url.protocol === 'mailto:') return decideMailLink(url)
  if (url.protocol !== 'https:') return refuse(`TiDB Cloud Support opens only https links, and this one is ${url.protocol.slice(0, -1)}`)
  if (url.username || url.password) return refuse('it carries a user name or password')
  if (isHelpCenterPage(url, context.helpCenterUrl) || isAllowedSite(url)) return { open: true, url: url.href }
  return refuse(`${url.hostname} is not a TiDB, PingCAP or help-center site`)
}

function decideMailLink(url: URL): ExternalLinkDecision {
  let address: string
  try {
    address = decodeURIComponent(url.pathname)
  } catch {
    return refuse('it is not a valid email address')
  }
  if (!MAIL_ADDRESS.test(address)) return refuse('it is not a single email address')
  const fields = [...url.searchParams.keys()].map((name) => name.toLowerCase())
  if (fields.some((name) => !MAIL_FIELDS.has(name))) return refuse('it asks the mail client for more than an address, subject and text')
  return { open: true, url: url.href }
}

function isHelpCenterPage(url: URL, helpCenterUrl: string | null | undefined): boolean {
  if (!helpCenterUrl || !URL.canParse(helpCenterUrl)) return false
  const helpCenter = new URL(helpCenterUrl)
  return helpCenter.protocol === 'https:' && helpCenter.origin === url.origin
}

function isAllowedSite(url: URL): boolean {
  // A port of its own is another server than the site's.
  if (url.port !== '') return false
  return ALLOWED_SITES.some((site) => {
    const onHost = url.hostname === site.host || (site.subdomains === true && url.hostname.endsWith(`.${site.host}`))
    if (!onHost) return false
    return !site.paths || site.paths.some((path) => url.pathname === path || url.pathname.startsWith(`${path}/`))
  })
}

function refuse(reason: string): ExternalLinkDecision {
  return { open: false, reason }
}
