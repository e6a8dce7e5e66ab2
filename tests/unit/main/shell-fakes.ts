// Stand-ins for the parts of Electron the shell uses, and for core: the Electron binary is not available here.
// A test file mocks 'electron' with `vi.mock('electron', async () => (await import('./shell-fakes')).electron)`.
import { EventEmitter } from 'node:events'
import type { BrowserWindow, MenuItemConstructorOptions } from 'electron'
import { vi } from 'vitest'
import { DEFAULT_PREFERENCES, type Navigation, type Preferences } from '../../../shared/schemas/preferences'
import { ShellActions, type ShellCore } from '../../../electron/main/shell-actions'
import { WindowHost } from '../../../electron/main/window-host'

export class FakeWindow extends EventEmitter {
  static readonly created: FakeWindow[] = []
  readonly webContents = Object.assign(new EventEmitter(), { send: vi.fn((_channel: string, _message: unknown) => undefined) })
  minimized = false
  visible = true
  destroyed = false
  readonly restore = vi.fn(() => void (this.minimized = false))
  readonly show = vi.fn(() => void (this.visible = true))
  readonly hide = vi.fn(() => void (this.visible = false))
  readonly focus = vi.fn()

  constructor() {
    super()
    FakeWindow.created.push(this)
  }

  isMinimized(): boolean {
    return this.minimized
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  /** Every event and payload sent to the page. */
  sentEvents(): unknown[] {
    return this.webContents.send.mock.calls.map(([, message]) => message)
  }

  /** The close button: 'close', then 'closed' unless a listener prevented it. Returns whether it closed. */
  close(): boolean {
    let prevented = false
    this.emit('close', { preventDefault: () => (prevented = true) })
    if (prevented) return false
    this.destroyed = true
    this.emit('closed')
    return true
  }

  finishLoading(): void {
    this.webContents.emit('did-finish-load')
  }

  asBrowserWindow(): BrowserWindow {
    return this as unknown as BrowserWindow
  }
}

export interface NotificationOptions {
  title: string
  body: string
  silent: boolean
}

export class FakeNotification extends EventEmitter {
  static supported = true
  static readonly created: FakeNotification[] = []
  shown = false

  static isSupported(): boolean {
    return FakeNotification.supported
  }

  constructor(readonly options: NotificationOptions) {
    super()
    FakeNotification.created.push(this)
  }

  show(): void {
    this.shown = true
  }
}

export class FakeTray extends EventEmitter {
  static readonly created: FakeTray[] = []
  tooltip = ''
  menu: MenuItemConstructorOptions[] = []

  constructor(readonly image: string) {
    super()
    FakeTray.created.push(this)
  }

  setToolTip(tooltip: string): void {
    this.tooltip = tooltip
  }

  setContextMenu(menu: MenuItemConstructorOptions[]): void {
    this.menu = menu
  }

  isDestroyed(): boolean {
    return false
  }

  labels(): string[] {
    return this.menu.filter((item) => item.type !== 'separator').map((item) => item.label ?? '')
  }

  item(label: string): MenuItemConstructorOptions {
    const found = this.menu.find((item) => item.label === label)
    if (!found) throw new Error(`No menu item "${label}" in ${JSON.stringify(this.labels())}`)
    return found
  }

  /** Chooses a menu item; Electron's arguments are of no interest to the shell's handlers. */
  choose(label: string): void {
    const click = this.item(label).click as (() => void) | undefined
    if (!click) throw new Error(`Menu item "${label}" does nothing`)
    click()
  }
}

/** `app`'s events, emitted by the tests as the OS would. */
export const appEvents = new EventEmitter()

export const electron = {
  app: {
    on: (...args: Parameters<EventEmitter['on']>) => appEvents.on(...args),
    quit: vi.fn(),
    exit: vi.fn(),
    setBadgeCount: vi.fn(() => true),
    setAsDefaultProtocolClient: vi.fn(() => true),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(() => Promise.resolve()),
    getPath: vi.fn(() => '/tmp/support-user-data'),
    getAppPath: vi.fn(() => '/app'),
  },
  dialog: { showErrorBox: vi.fn() },
  // No keychain: secrets stay in memory.
  safeStorage: { isEncryptionAvailable: () => false },
  session: { defaultSession: { setPermissionRequestHandler: vi.fn() } },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  Notification: FakeNotification,
  Tray: FakeTray,
  // The fake menu is its template, so tests can read labels and choose items.
  Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => template },
}

export function resetFakeElectron(): void {
  appEvents.removeAllListeners()
  FakeNotification.supported = true
  FakeWindow.created.length = 0
  FakeNotification.created.length = 0
  FakeTray.created.length = 0
  for (const group of [electron.app, electron.dialog, electron.ipcMain]) {
    for (const member of Object.values(group)) if (vi.isMockFunction(member)) member.mockClear()
  }
}

/** Core as the shell sees it: every call recorded, preferences as the test sets them. */
export function fakeCore(preferences: Preferences = structuredClone(DEFAULT_PREFERENCES)) {
  return {
    dispatch: vi.fn(async (_command: unknown, _payload: unknown) => ({ ok: true as const, value: preferences })),
    openDeepLink: vi.fn((_link: string) => undefined),
    navigate: vi.fn((_target: Navigation) => undefined),
    preferences: vi.fn(() => preferences),
  } satisfies ShellCore
}

/** The window host over fake windows and the actions around it, as index.ts wires them. */
export function fakeShell(closeToTray: () => boolean = () => true) {
  const windows: FakeWindow[] = []
  const windowHost = new WindowHost({
    create: () => {
      const window = new FakeWindow()
      windows.push(window)
      return window.asBrowserWindow()
    },
    closeToTray,
  })
  return { windows, windowHost, actions: new ShellActions(windowHost) }
}

/** The shell after start-up: the window has loaded and core is attached. */
export function startedShell() {
  const shell = fakeShell()
  const core = fakeCore()
  shell.windowHost.show()
  shell.windows[0]!.finishLoading()
  shell.actions.attach(core)
  return { ...shell, core }
}
