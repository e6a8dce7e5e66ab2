import { BrowserWindow, shell } from 'electron'

export interface MainWindowOptions {
  preloadFile: string
  rendererFile: string
  devServerUrl?: string
}

/** Links the renderer may open in the system browser; everything else is refused. */
export function isAllowedExternalUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:'
  } catch {
    return false
  }
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'TiDB Cloud Support',
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  // The renderer is one page: any navigation away from it is either a link or an attack.
  window.webContents.on('will-navigate', (event, url) => {
    event.preventDefault()
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  if (options.devServerUrl) void window.loadURL(options.devServerUrl)
  else void window.loadFile(options.rendererFile)
  return window
}
