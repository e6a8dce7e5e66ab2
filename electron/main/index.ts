import { app, BrowserWindow, dialog, session } from 'electron'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createEmbeddedHelpCenter } from '../../server/embedded'
import { createSupportCore, type SupportCore } from '../core/support-core'
import { ElectronSecretStore } from './electron-secret-store'
import { bindCommands, forwardEvents } from './ipc-binding'
import { createMainWindow } from './main-window'

const here = import.meta.dirname
const rendererFile = join(here, '../renderer/index.html')
const preloadFile = join(here, '../preload/index.cjs')
const devServerUrl = process.env.ELECTRON_RENDERER_URL

/** better-sqlite3 built for Electron's ABI by `npm install` (see electron/build/electron-sqlite.mjs). */
function electronSqliteBinding(): string | undefined {
  const binding = join(app.getAppPath(), 'node_modules', '.electron-sqlite', 'better_sqlite3.node')
  return existsSync(binding) ? binding : undefined
}

let mainWindow: BrowserWindow | null = null
let core: SupportCore | null = null

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
    return
  }
  mainWindow = createMainWindow({ preloadFile, rendererFile, devServerUrl })
  mainWindow.on('closed', () => (mainWindow = null))
}

async function start(): Promise<void> {
  const userDataDir = app.getPath('userData')
  const nativeBinding = electronSqliteBinding()
  const sqlite = nativeBinding ? { nativeBinding } : {}
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  core = createSupportCore({
    userDataDir,
    secrets: new ElectronSecretStore(join(userDataDir, 'secrets.json')),
    embeddedHelpCenter: createEmbeddedHelpCenter({ dbFile: join(userDataDir, 'demo-help-center.sqlite'), ...sqlite }),
    sqlite,
    reportUnexpected: (error) => console.error('[core]', error),
  })
  bindCommands(core, { rendererFile, devServerUrl })
  forwardEvents(core, () => mainWindow)
  showMainWindow()
  await core.start()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', showMainWindow)
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', showMainWindow)
  app.on('will-quit', () => void core?.close())
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('TiDB Cloud Support could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}
