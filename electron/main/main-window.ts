import { BrowserWindow } from 'electron'

export interface MainWindowOptions {
  preloadFile: string
  rendererFile: string
  devServerUrl?: string
}

/** The app's window. Where it may navigate and what it may open is guarded for every web contents in index.ts. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'TiDB Cloud Support',
    // The page is untrusted input: no Node, its own isolated world, Chromium's sandbox, and no way around web security.
    webPreferences: {
      preload: options.preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
    },
  })
  window.once('ready-to-show', () => window.show())
  if (options.devServerUrl) void window.loadURL(options.devServerUrl)
  else void window.loadFile(options.rendererFile)
  return window
}
