import { app } from 'electron'
import { resolve } from 'node:path'
import { DEEP_LINK_PROTOCOL } from '../core/deep-links/deep-link'

const LINK_PREFIX = `${DEEP_LINK_PROTOCOL}://`

/** Our link among a launch's arguments; the OS and Chromium add switches of their own, which never go to core. */
export function deepLinkIn(argv: readonly string[]): string | null {
  return argv.find((argument) => argument.startsWith(LINK_PREFIX)) ?? null
}

/** Makes the OS open `tidbcloud-support://` links with this app. */
export function registerDeepLinkProtocol(): void {
  // Unpackaged (`electron .`), the OS must start Electron with our script, or it would open Electron's default app.
  const script = process.argv[1]
  if (process.defaultApp) {
    if (script) app.setAsDefaultProtocolClient(DEEP_LINK_PROTOCOL, process.execPath, [resolve(script)])
  } else {
    app.setAsDefaultProtocolClient(DEEP_LINK_PROTOCOL)
  }
}

export interface DeepLinkTargets {
  /** Routes a link; called only with arguments that are our links. */
  openDeepLink(link: string): void
  /** Focuses the window: the user started the app again without a link. */
  open(): void
}

/**
 * Links reach the running instance two ways: Windows and Linux start a second instance, which hands its
 * arguments over and exits (`second-instance`); macOS sends `open-url`, even on the launch it causes.
 */
export function listenForDeepLinks(targets: DeepLinkTargets): void {
  app.on('second-instance', (_event, argv) => {
    const link = deepLinkIn(argv)
    if (link) targets.openDeepLink(link)
    else targets.open()
  })
  app.on('open-url', (event, url) => {
    event.preventDefault()
    const link = deepLinkIn([url])
    if (link) targets.openDeepLink(link)
  })
}
