// Stand-ins for the parts of Electron the shell uses, and for core: the Electron binary is not available here.
// A test file mocks 'electron' with `vi.mock('electron', async () => (await import('./shell-fakes')).electron)`.
import { EventEmitter } from 'node:events'
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  HandlerDetails,
  MenuItemConstructorOptions,
  MessageBoxOptions,
  WindowOpenHandlerResponse,
} from 'electron'
import { vi } from 'vitest'
import type { IpcResult } from '../../../shared/ipc/contract'
import { DEFAULT_PREFERENCES, type Navigation, type Preferences } from '../../../shared/schemas/preferences'
import type { SupportCore } from '../../../electron/core/support-core'
import { ShellActions, type ShellCore } from '../../../electron/main/shell-actions'
import { WindowHost } from '../../../electron/main/window-host'

type WindowOpenHandler = (details: Pick<HandlerDetails, 'url'>) => WindowOpenHandlerResponse

export class FakeWebContents extends EventEmitter {
  readonly send = vi.fn((_channel: string, _message: unknown) => undefined)
  windowOpenHandler: WindowOpenHandler | null = null

  setWindowOpenHandler(handler: WindowOpenHandler): void {
    this.windowOpenHandler = handler
  }

  /** `window.open(url)` or a target=_blank link: what the handler answered. */
  openWindow(url: string): WindowOpenHandlerResponse {
    if (!this.windowOpenHandler) throw new Error('No window open handler: new windows would open unchecked')
    return this.windowOpenHandler({ url })
  }

  /** Emits a navigation event as Electron does (the details are the event); returns whether it was prevented. */
  navigate(event: 'will-navigate' | 'will-redirect' | 'will-frame-navigate', url: string, isMainFrame = true): boolean {
    let prevented = false
    this.emit(event, { url, isMainFrame, preventDefault: () => (prevented = true) }, url)
    return prevented
  }

  /** A page asking for a <webview>; returns whether it was prevented. */
  attachWebview(): boolean {
    let prevented = false
    this.emit('will-attach-webview', { preventDefault: () => (prevented = true) }, {}, { src: 'https://evil.example/' })
    return prevented
  }
}

export class FakeWindow extends EventEmitter {
  static readonly created: FakeWindow[] = []
  readonly webContents = new FakeWebContents()
  minimized = false
  visible = true
  destroyed = false
  readonly restore = vi.fn(() => void (this.minimized = false))
  readonly show = vi.fn(() => void (this.visible = true))
  readonly hide = vi.fn(() => void (this.visible = false))
  readonly focus = vi.fn()
  readonly loadFile = vi.fn(async (_file: string) => undefined)
  readonly loadURL = vi.fn(async (_url: string) => undefined)

  constructor(readonly options: BrowserWindowConstructorOptions = {}) {
    super()
    FakeWindow.created.push(this)
    // Electron announces a window's web contents before the constructor returns, so guards attach before any load.
    appEvents.emit('web-contents-created', {}, this.webContents)
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

/** The OS keychain: absent unless a test says otherwise. Its stand-in cipher shares no bytes with the plain text. */
export const keychain = { available: false }

type PermissionRequestHandler = (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void
type PermissionCheckHandler = (webContents: unknown, permission: string) => boolean
type HeadersListener = (
  details: { url: string; responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
) => void

/** What the shell installed on the default session, for tests to call as Chromium would. */
export const defaultSession = {
  permissionRequestHandler: null as PermissionRequestHandler | null,
  permissionCheckHandler: null as PermissionCheckHandler | null,
  headersListener: null as HeadersListener | null,
  setPermissionRequestHandler: vi.fn((handler: PermissionRequestHandler) => void (defaultSession.permissionRequestHandler = handler)),
  setPermissionCheckHandler: vi.fn((handler: PermissionCheckHandler) => void (defaultSession.permissionCheckHandler = handler)),
  webRequest: {
    onHeadersReceived: vi.fn((listener: HeadersListener) => void (defaultSession.headersListener = listener)),
  },
}

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
  dialog: {
    showErrorBox: vi.fn(),
    // The user closes the message unless a test answers otherwise.
    showMessageBox: vi.fn(async (..._args: [BrowserWindow, MessageBoxOptions] | [MessageBoxOptions]) => ({ response: 1, checkboxChecked: false })),
  },
  shell: { openExternal: vi.fn(async (_url: string) => undefined) },
  clipboard: { writeText: vi.fn((_text: string) => undefined) },
  safeStorage: {
    isEncryptionAvailable: () => keychain.available,
    encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)),
    decryptString: (sealed: Buffer) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'),
  },
  session: { defaultSession },
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  BrowserWindow: FakeWindow,
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
  keychain.available = false
  for (const group of [electron.app, electron.dialog, electron.ipcMain, electron.shell, electron.clipboard]) {
    for (const member of Object.values(group)) if (vi.isMockFunction(member)) member.mockClear()
  }
}

/** Core as the shell sees it: every call recorded, preferences as the test sets them. */
export function fakeCore(preferences: Preferences = structuredClone(DEFAULT_PREFERENCES)) {
  return {
    dispatch: vi.fn(async (_command: unknown, _payload: unknown): Promise<IpcResult<unknown>> => ({ ok: true, value: preferences })),
    openDeepLink: vi.fn((_link: string) => undefined),
    navigate: vi.fn((_target: Navigation) => undefined),
    preferences: vi.fn(() => preferences),
  } satisfies ShellCore
}

/** Core as index.ts drives it: the shell's part, plus events, start and close. */
export function fakeSupportCore(preferences?: Preferences) {
  return {
    ...fakeCore(preferences),
    onEvent: vi.fn((_listener: Parameters<SupportCore['onEvent']>[0]) => () => undefined),
    start: vi.fn(async () => undefined),
    close: vi.fn(async () => undefined),
  } satisfies SupportCore
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
