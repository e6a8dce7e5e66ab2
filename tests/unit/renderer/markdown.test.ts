// @vitest-environment happy-dom
import './dom-purify-compat'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '../../../renderer/composables/useMarkdown'

function render(source: string) {
  const container = document.createElement('div')
  container.innerHTML = renderMarkdown(source)
  return container
}

describe('comment Markdown', () => {
  it('renders emphasis, code, lists and line breaks', () => {
    const html = render('**Lag** grows\nsince 09:12:\n\n- `tiup cdc cli changefeed list`\n- retry\n\n```sql\nSELECT 1;\n```')
    expect(html.querySelector('strong')?.textContent).toBe('Lag')
    expect(html.querySelector('br')).not.toBeNull()
    expect(html.querySelectorAll('li')).toHaveLength(2)
    expect(html.querySelector('pre code')?.textContent).toContain('SELECT 1;')
  })

  it('never lets a script, style, frame or form through', () => {
    const html = render('Hi <script>alert(1)</script>\n\n<style>body{display:none}</style>\n\n<iframe src="https://evil.example"></iframe>\n\n<form action="https://evil.example"><input name="x"></form>')
    expect(html.querySelector('script, style, iframe, form, input')).toBeNull()
    expect(html.textContent).toContain('Hi')
  })

  it('removes event handlers', () => {
    const html = render('<b onclick="alert(1)">bold</b> <a href="https://docs.pingcap.com" onerror="alert(3)">docs</a> <svg onload="alert(2)"></svg>')
    for (const element of html.querySelectorAll('*')) {
      expect([...element.attributes].filter(({ name }) => name.startsWith('on'))).toEqual([])
    }
    expect(html.querySelector('svg')).toBeNull()
  })

  it('removes javascript: and other non-web links, keeping the text', () => {
    const html = render('[click](javascript:alert(1)) [shout](JaVaScRiPt:alert(2)) [data](data:text/html,hi) [rel](/admin)')
    expect(html.querySelectorAll('a[href]')).toHaveLength(0)
    expect(html.innerHTML).not.toMatch(/href=/i)
    expect(html.textContent).toContain('click')
    expect(html.textContent).toContain('rel')
  })

  it('opens http(s) and mailto links outside the app, without an opener', () => {
    const html = render('See [the docs](https://docs.pingcap.com/tidbcloud/) or mail <support@example.com> or [old](http://example.com)')
    const links = [...html.querySelectorAll('a')]
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://docs.pingcap.com/tidbcloud/', 'mailto:support@example.com', 'http://example.com'])
    for (const link of links) {
      expect(link.getAttribute('target')).toBe('_blank')
      expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    }
  })

  it('shows remote images as their alt text, from Markdown and from HTML', () => {
    const html = render('![tracker](https://evil.example/pixel.png) <img src="https://evil.example/x.png" onerror="alert(1)">')
    expect(html.querySelector('img')).toBeNull()
    expect(html.querySelector('[src]')).toBeNull()
    expect(html.textContent).toContain('tracker')
  })

  it('takes the marks of an overloaded run literally, and Markdown nested too deep for the parser as text', () => {
    const overloaded = render('_*a'.repeat(300))
    expect(overloaded.querySelector('em, strong')).toBeNull()
    expect(overloaded.textContent?.trim()).toBe('_*a'.repeat(300))
    expect(render('*a few* marks').querySelector('em')?.textContent).toBe('a few')
    const nested = render(`${'>'.repeat(20_000)} deep <img src=x onerror=alert(1)>`)
    expect(nested.textContent).toContain('deep <img src=x onerror=alert(1)>')
    expect(nested.querySelector('img')).toBeNull()
  })

  it('drops inline styles', () => {
    const html = render('<span style="position:fixed;inset:0">cover</span> *and* this')
    expect(html.querySelector('[style]')).toBeNull()
    expect(html.querySelector('em')?.textContent).toBe('and')
  })
})
