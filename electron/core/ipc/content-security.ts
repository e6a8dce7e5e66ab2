export type CspDirectives = Readonly<Record<string, readonly string[]>>

/**
 * The renderer's Content Security Policy. The page talks to the app only through `window.support`,
 * so it loads nothing but its own files: no remote scripts, styles, images, fonts or connections,
 * no frames, plugins, workers or forms. renderer/index.html carries it as a meta tag, which is what
 * a file:// page gets; a test keeps the two equal.
 */
export const RENDERER_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  // Naive UI (css-render) writes its component styles into <style> elements at runtime and has no nonce option.
  'style-src': ["'self'", "'unsafe-inline'"],
  // Attachment thumbnails are data: URLs made from the bytes core returns.
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  // Chromium lets 'self' match ws: to the same host, which the dev server's hot reload and the browser bridge use.
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
}

/** Directives that Chromium ignores in a meta tag, so only the header can carry them. */
const HEADER_ONLY_CSP: CspDirectives = {
  'frame-ancestors': ["'none'"],
}

export function serializeCsp(directives: CspDirectives): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ')
}

/** The policy as the main process sends it on every response to the app's pages. */
export const RENDERER_CSP_HEADER = serializeCsp({ ...RENDERER_CSP, ...HEADER_ONLY_CSP })
