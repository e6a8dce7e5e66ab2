import type { BrowserWindow } from 'electron'

export interface WindowHostOptions {
  create: () => BrowserWindow
  /** Asked at every close, since Settings can change it while the app runs. */
  closeToTray: () => boolean
}

/** The one main window: brought back from the tray or re-created, and hidden instead of closed when the user chose the tray. */
export class WindowHost {
  private window: BrowserWindow | null = null
  private loaded = false
  private afterLoad: Array<() => void> = []
  private quitting = false

  constructor(private readonly options: WindowHostOptions) {}

  current(): BrowserWindow | null {
    return this.window
  }

  /**
   * Brings the window to the front, creating it if it was closed. `then` runs once the page has loaded:
   * events sent to a page that is still loading are lost.
   */
  show(then?: () => void): void {
    const window = this.window
    if (window) {
      if (window.isMinimized()) window.restore()
      window.show()
      window.focus()
    } else {
      this.open()
    }
    if (!then) return
    if (this.loaded) then()
    else this.afterLoad.push(then)
  }

  /** The app is quitting (tray Quit, Cmd+Q, the app menu): closing the window really closes it now. */
  quit(): void {
    this.quitting = true
  }

  private open(): void {
    const window = this.options.create()
    this.window = window
    this.loaded = false
    window.webContents.once('did-finish-load', () => {
      this.loaded = true
      for (const action of this.afterLoad.splice(0)) action()
    })
    window.on('close', (event) => {
      if (this.quitting || !this.options.closeToTray()) return
      event.preventDefault()
      window.hide()
    })
    // Hiding would hold up a Windows shutdown or log-off.
    window.on('session-end', () => this.quit())
    window.on('closed', () => {
      this.window = null
      this.afterLoad = []
    })
  }
}
