import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMENT_BODY_MAX, commentSchema } from '../../shared/schemas/ticket'
import { DEMO_ACCOUNTS } from '../../server/seed/demo'
import { startHelpCenter } from '../../server/start'
import { apiAs, call } from '../support/core-harness'
import { useTempDir } from '../support/temp-dir'
import { signedInDesk, useChromium } from './harness'

/** Markup that would run script, fetch something or navigate if it were rendered as HTML. */
function hostileMarkup(beacon: string): string[] {
  return [
    `<script>window.pwned = 'script'; document.title = 'pwned'; fetch('${beacon}/script')</script>`,
    `<img src=x onerror="window.pwned = 'img onerror'; document.title = 'pwned'; fetch('${beacon}/onerror')">`,
    `<img src="${beacon}/img.png">`,
    `Remote image: ![x](${beacon}/beacon.png)`,
    `[click me](javascript:window.pwned='markdown link';document.title='pwned')`,
    `<a href="javascript:window.pwned='html link'">raw link</a>`,
    `[shout](JaVaScRiPt:window.pwned='mixed case') [entity](&#106;avascript:window.pwned='entity') <javascript:window.pwned='autolink'>`,
    `[by reference][evil]\n\n[evil]: javascript:window.pwned='reference'`,
    `[data](data:text/html;base64,PHNjcmlwdD5wYXJlbnQucHduZWQ9J2RhdGEnPC9zY3JpcHQ+)`,
    `<iframe src="${beacon}/iframe"></iframe> <iframe srcdoc="<script>parent.pwned='srcdoc'</script>"></iframe>`,
    `<svg onload="window.pwned='svg'"><image href="${beacon}/svg-image.png"/></svg>`,
    `<style>body { background: url(${beacon}/style.png) } * { display: none }</style>`,
    `<div style="background: url(${beacon}/inline-style.png)">styled</div>`,
    `<link rel="stylesheet" href="${beacon}/link.css"> <meta http-equiv="refresh" content="0;url=${beacon}/meta"> <base href="${beacon}/">`,
    `<object data="${beacon}/object"></object> <embed src="${beacon}/embed">`,
    `<video poster="${beacon}/poster.png"><source src="${beacon}/video.mp4"></video> <audio src="${beacon}/audio.mp3"></audio>`,
    `<form action="${beacon}/form"><button formaction="javascript:window.pwned='form'">Send</button></form>`,
    `<details open ontoggle="window.pwned='details'">toggle</details>`,
    `<math><mtext><table><mglyph><style><img src=x onerror="window.pwned='mxss'">`,
    `<noscript><p title="</noscript><img src=x onerror=window.pwned='noscript'>">`,
  ]
}

/** Replies of the largest size the help center takes, in shapes that are slow for Markdown parsers. */
function heavyReplies(): string[] {
  const fill = (unit: string) => unit.repeat(Math.floor(COMMENT_BODY_MAX / unit.length))
  const shapes = ['>', '- ', '*a', '_a', '_*a', '[a](', '![', '`', '<a ', '<', '|a', '&#', '\\', '**', '# ', '1. ', '~~', 'x', 'word ', 'リージョン ', 'a\n']
  return Array.from({ length: 52 }, (_, index) => `${fill(shapes[index % shapes.length]!).slice(0, COMMENT_BODY_MAX - 8)} end ${index}`)
}

interface Beacon {
  url: string
  hits: string[]
  close(): Promise<void>
}

/** A loopback listener that counts every request: hostile content must never reach it. */
async function startBeacon(): Promise<Beacon> {
  const hits: string[] = []
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '')
    response.writeHead(200, { 'content-type': 'image/png' }).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

describe('hostile ticket content, end to end in Chromium', () => {
  const tempDir = useTempDir('support-e2e-hostile-')
  const browser = useChromium()

  it('shows scripts, handlers, frames, remote images and javascript: links as inert text, and a megabyte of replies without freezing', { timeout: 120_000 }, async () => {
    const dir = tempDir()
    const beacon = await startBeacon()
    const helpCenter = await startHelpCenter({ dbFile: join(dir, 'help-center.sqlite'), seed: 'demo', demoAutoReply: { delayMs: 0 } })
    const { desk, page } = await signedInDesk(join(dir, 'app'), helpCenter.url, browser())
    try {
      const requested: string[] = []
      page.on('request', (request) => requested.push(request.url()))
      // Scripts are strings: they run in the page, where the DOM is.
      await page.evaluate(`(() => {
        window.cspViolations = []
        document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI))
      })()`)
      const title = await page.title()

      const markup = hostileMarkup(beacon.url)
      const filed = await call(desk.core, 'tickets.create', {
        ticket: { kind: 'account_billing', summary: '<script>window.pwned = "summary"</script> Invoice', description: markup.join('\n\n'), severity: 'S3', organizationId: 'org-sakura' },
      })
      await call(desk.core, 'sync.now', {})
      const staff = await apiAs(helpCenter.url, DEMO_ACCOUNTS.engineer)
      const reply = (body: string) =>
        staff.client.request(`/tickets/${filed.id}/replies`, { method: 'POST', body: { body, visibility: 'public' }, accessToken: staff.token, response: commentSchema })
      for (const body of markup) await reply(body)
      await expect(reply('x'.repeat(1024 * 1024))).rejects.toMatchObject({ code: 'invalid_input' })
      const heavy = heavyReplies()
      for (const body of heavy) await reply(body)
      expect(heavy.reduce((sum, body) => sum + body.length, 0)).toBeGreaterThan(1_000_000)
      await call(desk.core, 'sync.now', {})

      const opened = Date.now()
      await page.goto(`${desk.bridge.pageUrl}#/tickets/${filed.id}`)
      // Asked every 100 ms from the moment the ticket opens until every reply is shown and formatted.
      const answers: number[] = []
      for (;;) {
        const asked = Date.now()
        // markdown-pending: the class useMarkdown gives a text whose formatting waits for its turn.
        const shown = await page.evaluate<{ comments: number; unformatted: number }>(
          `({ comments: document.querySelectorAll('[data-testid="comment"]').length, unformatted: document.getElementsByClassName('markdown-pending').length })`,
        )
        answers.push(Date.now() - asked)
        if (shown.comments === markup.length + heavy.length && shown.unformatted === 0) break
        if (Date.now() - opened > 45_000) throw new Error(`after 45 s: ${JSON.stringify(shown)}`)
        await page.waitForTimeout(100)
      }
      const formatted = Date.now() - opened
      const slowestAnswer = Math.max(...answers)
      expect(slowestAnswer, 'the page answers while it formats a megabyte of replies').toBeLessThan(3_000)
      await page.getByTestId('comment').last().scrollIntoViewIfNeeded()

      // javascript: links are text: clicking them goes nowhere and runs nothing.
      const url = page.url()
      await page.getByText('click me').first().click()
      await page.waitForTimeout(500)
      expect(page.url()).toBe(url)

      const found = await page.evaluate<{
        pwned: string | null
        violations: string[]
        active: string[]
        attributes: string[]
        hrefs: string[]
        javascriptLinks: number
        text: string
      }>(`(() => {
        const bodies = [...document.querySelectorAll('[data-testid="comment-body"], .ticket-view__description-body')]
        const inside = (selector) => bodies.flatMap((body) => [...body.querySelectorAll(selector)])
        return {
          pwned: window.pwned ?? null,
          violations: window.cspViolations,
          active: inside('script, iframe, img, svg, style, object, embed, video, audio, source, form, button, link, meta, base, math, details, noscript')
            .map((element) => element.tagName),
          attributes: inside('*').flatMap((element) =>
            [...element.attributes].filter(({ name }) => /^on|^style$|^srcdoc$|^src$|^formaction$/i.test(name)).map(({ name }) => element.tagName + ' ' + name),
          ),
          hrefs: inside('[href]').map((element) => element.getAttribute('href')),
          javascriptLinks: document.querySelectorAll('[href^="javascript:" i], [action], [formaction]').length,
          text: bodies.map((body) => body.textContent).join('\\n'),
        }
      })()`)
      expect(found.pwned).toBeNull()
      expect(await page.title()).toBe(title)
      expect(found.active).toEqual([])
      expect(found.attributes).toEqual([])
      expect(found.hrefs.filter((href) => !/^(https?:|mailto:)/i.test(href))).toEqual([])
      expect(found.javascriptLinks).toBe(0)
      expect(found.violations, 'nothing was left for the Content Security Policy to block').toEqual([])
      // Shown, not swallowed: the markup is there as the text it is.
      expect(found.text).toContain(`<script>window.pwned = 'script'`)
      expect(found.text).toContain('click me')
      expect(found.text).toContain(' end 51')
      await page.waitForTimeout(500)
      expect(beacon.hits).toEqual([])
      expect(requested.filter((request) => request.startsWith(beacon.url))).toEqual([])
      console.log(
        `hostile content: ${markup.length} hostile replies and ${heavy.length} heavy ones (${heavy.reduce((sum, body) => sum + body.length, 0)} characters) ` +
          `formatted ${formatted} ms after opening; slowest of ${answers.length} answers from the page meanwhile: ${slowestAnswer} ms`,
      )

      // A megabyte pasted into the reply box is refused with the reason, and the page keeps answering. The paste is
      // one input event, as the browser() sends it (Playwright's fill types multi-line text line by line, slowly).
      const pasted = await page.evaluate<{ length: number; ms: number }>(`(() => {
        const started = performance.now()
        const box = document.querySelector('[data-testid="reply-body"]')
        box.value = 'Pasted log line\\n'.repeat(65536)
        box.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }))
        return { length: box.value.length, ms: performance.now() - started }
      })()`)
      expect(pasted.length).toBe(1024 * 1024)
      expect(pasted.ms).toBeLessThan(3_000)
      await page.getByTestId('reply-submit').click()
      await expect.poll(() => page.locator('.ticket-reply-box').textContent(), { timeout: 10_000 }).toMatch(/20,?000/)
      expect(await page.getByTestId('comment').count()).toBe(markup.length + heavy.length)
      expect((await call(desk.core, 'sync.status', {})).pendingMutations).toBe(0)
    } finally {
      await desk.close()
      await helpCenter.close()
      await beacon.close()
    }
  })
})
