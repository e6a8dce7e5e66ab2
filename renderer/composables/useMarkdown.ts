import type { MaybeRefOrGetter, Ref } from 'vue'
import DOMPurify from 'dompurify'
import { Lexer, Marked, type MarkedOptions, type Token } from 'marked'
import { onScopeDispose, shallowRef, toValue, watch } from 'vue'

const SAFE_HREF = /^(?:https?:|mailto:)/i

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`)

/** The characters that make marked's inline parser search ahead for a partner. */
const INLINE_MARKS = /[\\*_~`[\]!<&]/g
/** Past this many marks in one run of text, marked's inline parser grows worse than quadratic ("_*a_*a…"). */
const INLINE_MARKS_MAX = 400

/** Takes the marks of an overloaded run of text literally, so no reply can hold the window for long. */
class BoundedLexer<ParserOutput = string, RendererOutput = string> extends Lexer<ParserOutput, RendererOutput> {
  override inlineTokens(src: string, tokens?: Token[]): Token[] {
    const marks = src.match(INLINE_MARKS)?.length ?? 0
    return super.inlineTokens(marks > INLINE_MARKS_MAX ? src.replace(INLINE_MARKS, '\\$&') : src, tokens)
  }
}

/**
 * Comments are Markdown, not HTML: raw HTML shows as the text it is, images as their alt text (no
 * remote fetches), and links to anything but http(s) or mailto as plain text. DOMPurify still
 * checks the result, so a gap in either layer is caught by the other.
 */
const markdown = new Marked({
  gfm: true,
  breaks: true,
  hooks: {
    provideLexer: () => <ParserOutput, RendererOutput>(src: string, options?: MarkedOptions<ParserOutput, RendererOutput>) =>
      new BoundedLexer<ParserOutput, RendererOutput>(options).lex(src),
  },
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
  let html: string
  try {
    html = markdown.parse(source, { async: false })
  } catch {
    // Markdown nested thousands deep (">>>>…", "1. 1. 1. …") overflows the parser's stack: show it as text.
    return renderPlainText(source)
  }
  return sanitizer().sanitize(html, {
    FORBID_TAGS: ['img', 'iframe', 'style', 'form', 'input'],
    FORBID_ATTR: ['style'],
    ALLOWED_URI_REGEXP: SAFE_HREF,
    ADD_ATTR: ['target'],
  })
}

/** The text as it was typed, line breaks kept; `className` marks it. */
function renderPlainText(source: string, className?: string): string {
  const open = className ? `<p class="${className}">` : '<p>'
  return `${open}${escapeHtml(source).replace(/\r?\n/g, '<br>')}</p>`
}

/** Up to this length a text is formatted at once: with the marks bounded, that takes a few milliseconds at most. */
const FORMAT_AT_ONCE_MAX = 2_000
/** Time one task may spend on longer texts; the ones after it are formatted a task each, so the window keeps answering. */
const FORMATTING_BUDGET_MS = 30
/** Marks a text shown plain while its formatting waits for its turn (the end-to-end tests wait for it to go). */
const PENDING_MARKDOWN_CLASS = 'markdown-pending'

let spentThisTask = 0
let budgetResetScheduled = false
const waiting: (() => void)[] = []
let draining = false

function formatNow(source: string): string {
  const started = performance.now()
  const html = renderMarkdown(source)
  spentThisTask += performance.now() - started
  if (!budgetResetScheduled) {
    budgetResetScheduled = true
    setTimeout(() => {
      spentThisTask = 0
      budgetResetScheduled = false
    })
  }
  return html
}

function formatLater(job: () => void): void {
  waiting.push(job)
  if (draining) return
  draining = true
  setTimeout(drain)
}

function drain(): void {
  try {
    waiting.shift()?.()
  } finally {
    if (waiting.length > 0) setTimeout(drain)
    else draining = false
  }
}

/**
 * The sanitised HTML of Markdown that may change. A long reply takes the parser up to half a second, and a
 * conversation may hold dozens: past a small budget per task, a long text shows plain at once and is formatted
 * in a later task of its own.
 */
export function useMarkdown(source: MaybeRefOrGetter<string>): Readonly<Ref<string>> {
  const html = shallowRef('')
  let version = 0
  watch(
    () => toValue(source),
    (text) => {
      const current = ++version
      if (text.length <= FORMAT_AT_ONCE_MAX || (spentThisTask < FORMATTING_BUDGET_MS && waiting.length === 0)) {
        html.value = formatNow(text)
        return
      }
      html.value = renderPlainText(text, PENDING_MARKDOWN_CLASS)
      formatLater(() => {
        if (current === version) html.value = formatNow(text)
      })
    },
    { immediate: true },
  )
  // A text that is no longer shown is not formatted.
  onScopeDispose(() => {
    version++
  })
  return html
}
