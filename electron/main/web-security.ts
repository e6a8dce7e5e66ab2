import type { Session, WebContents } from 'electron'
import { RENDERER_CSP_HEADER } from '../core/ipc/content-security'
import { isTrustedRendererUrl, type TrustedRenderer } from '../core/ipc/sender-policy'

export interface LinkOpener {
  open(link: string): Promise<void>
}

/** No web permission (camera, notifications, clipboard reads...) for any page, and the CSP on every response. */
export function secureSession(target: Session): void {
  target.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  target.setPermissionCheckHandler(() => false)
  // Chromium ignores headers on a file:// page, where index.html's meta tag holds; this covers the dev server.
  target.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP_HEADER] } })
  })
}

/**
 * Keeps a web contents on the app's page. Leaving it, by a link or by script, is refused: a link is
 * handed to `links` (the system browser, if allowed); redirects, sub-frame navigations, new windows
 * and webviews are simply denied.
 */
export function guardWebContents(contents: WebContents, trusted: TrustedRenderer, links: LinkOpener): void {
  const follow = (url: string) => {
    links.open(url).catch((error: unknown) => console.error('[links]', error))
  }
  contents.on('will-navigate', (event) => {
    if (isTrustedRendererUrl(event.url, trusted)) return
    event.preventDefault()
    follow(event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    if (!isTrustedRendererUrl(event.url, trusted)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    follow(url)
    return { action: 'deny' }
  })
}
