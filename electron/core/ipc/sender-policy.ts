import { pathToFileURL } from 'node:url'

export interface TrustedRenderer {
  /** The bundled renderer's index.html. */
  rendererFile: string
  /** Set only under `electron-vite dev`, where the renderer comes from the dev server. */
  devServerUrl?: string
}

/**
 * IPC is answered only for the app's own page: the bundled file, or the dev server's origin in
 * development. Anything else that managed to load in a frame is refused.
 */
export function isTrustedRendererUrl(senderUrl: string | undefined, trusted: TrustedRenderer): boolean {
  if (!senderUrl) return false
  let url: URL
  try {
    url = new URL(senderUrl)
  } catch {
    return false
  }
  if (trusted.devServerUrl) return url.origin === new URL(trusted.devServerUrl).origin
  return url.protocol === 'file:' && `file://${url.host}${url.pathname}` === pathToFileURL(trusted.rendererFile).href
}
