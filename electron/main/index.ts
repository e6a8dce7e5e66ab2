import { app, dialog, session } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createEmbeddedHelpCenter } from '../../server/embedded'
import type { TrustedRenderer } from '../core/ipc/sender-policy'
import { createSupportCore, type SupportCore } from '../core/support-core'
import { deepLinkIn, listenForDeepLinks, registerDeepLinkProtocol } from './deep-links'
import { ElectronNotifier } from './electron-notifier'
import { ElectronPreferencesStore } from './electron-preferences-store'
import { ElectronSecretStore } from './electron-secret-store'
import { ExternalLinks, signedInHelpCenterUrl } from './external-links'
import { bindCommands, forwardEvents } from './ipc-binding'
import { createMainWindow } from './main-window'
import { ShellActions } from './shell-actions'
import { SupportTray, trayIconFile } from './tray'
import { guardWebContents, secureSession } from './web-security'
import { WindowHost } from './window-host'

const here = import.meta.dirname
const rendererFile = join(here, '../renderer/index.html')
const preloadFile = join(here, '../preload/index.cjs')
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const trustedRenderer: TrustedRenderer = { rendererFile, devServerUrl }

/** better-sqlite3 built for Electron's ABI by `npm install` (see electron/build/electron-sqlite.mjs). */
function electronSqliteBinding(): string | undefined {
  const binding = join(app.getAppPath(), 'node_modules', '.electron-sqlite', 'better_sqlite3.node')
  return existsSync(binding) ? binding : undefined
}

const windows = new WindowHost({
  create: () => createMainWindow({ preloadFile, rendererFile, devServerUrl }),
  closeToTray: (): boolean => actions.closeToTray(),
})
const actions = new ShellActions(windows)
let core: SupportCore | null = null
const links = new ExternalLinks({ helpCenterUrl: () => signedInHelpCenterUrl(core), window: () => windows.current() })

async function start(): Promise<void> {
  const userDataDir = app.getPath('userData')
  const nativeBinding = electronSqliteBinding()
  const sqlite = nativeBinding ? { nativeBinding } : {}
  secureSession(session.defaultSession)
  const tray = new SupportTray(trayIconFile(join(app.getAppPath(), 'resources')), actions)
  const started = createSupportCore({
    userDataDir,
    secrets: new ElectronSecretStore(join(userDataDir, 'secrets.json')),
    embeddedHelpCenter: createEmbeddedHelpCenter({ dbFile: join(userDataDir, 'demo-help-center.sqlite'), ...sqlite }),
    sqlite,
    preferences: new ElectronPreferencesStore(),
    notifier: new ElectronNotifier({ open: (target) => actions.open(target), unread: tray }),
    reportUnexpected: (error) => console.error('[core]', error),
  })
  core = started
  bindCommands(started, trustedRenderer)
  forwardEvents(started, () => windows.current())
  // The tray menu offers "Resume" only while notifications are paused.
  started.onEvent((event) => {
    if (event === 'preferences.changed') tray.refresh()
  })
  windows.show()
  await started.start()
  actions.attach(started)
}

if (!app.requestSingleInstanceLock()) {
  // Another instance runs: it has been handed our arguments (a link, say) in 'second-instance'.
  app.quit()
} else {
  registerDeepLinkProtocol()
  const launchLink = deepLinkIn(process.argv)
  if (launchLink) actions.openDeepLink(launchLink)
  listenForDeepLinks(actions)
  // Every web contents, the main window's and any other, before it loads anything.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, trustedRenderer, links))
  app.on('before-quit', () => windows.quit())
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => windows.show())
  app.on('will-quit', () => void core?.close())
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('TiDB Cloud Support could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}
