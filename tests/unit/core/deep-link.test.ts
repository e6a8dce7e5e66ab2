import { describe, expect, it } from 'vitest'
import { parseDeepLink } from '../../../electron/core/deep-links/deep-link'

describe('deep links', () => {
  it('opens a ticket by key', () => {
    expect(parseDeepLink('tidbcloud-support://ticket/SUP-1042')).toEqual({ ok: true, link: { to: 'ticket', key: 'SUP-1042' } })
    expect(parseDeepLink('tidbcloud-support://ticket/SUP-1042/')).toEqual({ ok: true, link: { to: 'ticket', key: 'SUP-1042' } })
  })

  it("opens the New ticket form prefilled, as the console's get support does", () => {
    expect(parseDeepLink('tidbcloud-support://new?org=org-sakura&cluster=cl-payments-prod&kind=technical')).toEqual({
      ok: true,
      link: { to: 'new-ticket', kind: 'technical', organizationId: 'org-sakura', clusterId: 'cl-payments-prod' },
    })
    expect(parseDeepLink('tidbcloud-support://new')).toEqual({ ok: true, link: { to: 'new-ticket' } })
  })

  it.each([
    ['https://ticket/SUP-1042', /only tidbcloud-support/],
    ['tidbcloud-support://ticket/1042', /SUP-1042/],
    ['tidbcloud-support://ticket/SUP-1042?x=1', /SUP-1042/],
    ['tidbcloud-support://ticket/SUP-1042/comments', /SUP-1042/],
    ['tidbcloud-support://new?kind=phone', /kind/],
    ['tidbcloud-support://new?org=<script>', /organization/],
    ['tidbcloud-support://new?cluster=a%20b', /cluster/],
    ['tidbcloud-support://new?org=org-sakura&admin=1', /unknown detail "admin"/],
    ['tidbcloud-support://new/extra', /after "\?"/],
    ['tidbcloud-support://settings', /not something the app can open/],
    ['not a link', /not a link/],
    [`tidbcloud-support://new?org=${'a'.repeat(3000)}`, /too long/],
  ])('refuses %s, saying why', (link, reason) => {
    const result = parseDeepLink(link)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })
})
