import type { MaybeRefOrGetter } from 'vue'
import DOMPurify from 'dompurify'
import { Marked } from 'marked'
import { computed, toValue } from 'vue'

const SAFE_HREF = /^(?:https?:|mailto:)/i

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

/**
 * Comments are Markdown, not HTML: raw HTML shows as the text it is, images as their alt text (no
 * remote fetches), and links to anything but http(s) or mailto as plain text. DOMPurify still
 * checks the result, so a gap in either layer is caught by the other.
 */
const markdown = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html: ({ text }) => escapeHtml(text),
    image: ({ text }) => escapeHtml(text),
    link({ href, tokens }) {
      if (SAFE_HREF.test(href.trim())) return false
      return this.parser.parseInline(tokens)
    },
  },
})

let purifier: ReturnType<typeof DOMPurify> | undefined

/** A DOMPurify instance of our own, so its link hook does not leak into other users of the library. */
function sanitizer() {
  if (purifier) return purifier
  purifier = DOMPurify(window)
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName !== 'A') return
    const href = node.getAttribute('href')
    if (href !== null && !SAFE_HREF.test(href.trim())) node.removeAttribute('href')
    // The Electron shell opens new-window links in the system browser.
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  })
  return purifier
}

/**
 * Comment Markdown as HTML that is safe to insert: no scripts, event handlers, styles, forms or
 * remote content, and links only to http(s) and mailto, opening outside the app.
 */
export function renderMarkdown(source: string): string {
  const html = markdown.parse(source, { async: false })
  return sanitizer().sanitize(html, {
    FORBID_TAGS: ['img', 'iframe', 'style', 'form', 'input'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: SAFE_HREF,
    ADD_ATTR: ['target'],
  })
}

/** The sanitised HTML of Markdown that may change. */
export function useMarkdown(source: MaybeRefOrGetter<string>) {
  return computed(() => renderMarkdown(toValue(source)))
}
