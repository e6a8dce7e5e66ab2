// Electron's security checklist (issue 8), asserted on the shell as electron/main/index.ts assembles it:
// the window's web preferences, the Content Security Policy, navigation and links, IPC senders, and
// tokens at rest. Chromium's side of the CSP is checked in tests/e2e/content-security.e2e.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { MessageBoxOptions } from 'electron'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { decideExternalLink } from '../../../electron/core/ipc/external-links'
import type { SecretStore } from '../../../electron/core/secrets/secret-store'
import { COMMAND_NAMES, ipcChannel } from '../../../shared/ipc/contract'
import type { SessionState } from '../../../shared/schemas/session'
import { everythingWritten } from '../../support/temp-dir'
import { appEvents, defaultSession, electron, FakeWebContents, FakeWindow, keychain, type fakeSupportCore } from './shell-fakes'

vi.mock('electron', async () => (await import('./shell-fakes')).electron)
// electron-store loads the real 'electron' package, which is only a launcher here.
vi.mock('../../../electron/main/electron-preferences-store', async () => ({
  ElectronPreferencesStore: (await import('../../../electron/core/preferences/preferences-service')).MemoryPreferencesStore,
}))
vi.mock('../../../electron/core/support-core', async () => {
  const { fakeSupportCore } = await import('./shell-fakes')
  return { createSupportCore: vi.fn(() => fakeSupportCore()) }
})

const { createSupportCore } = await import('../../../electron/core/support-core')
const { ElectronSecretStore } = await import('../../../electron/main/electron-secret-store')

const root = resolve(import.meta.dirname, '../../..')
const refreshToken = 'rt_9fQ2xLm7Zp4KwT1vB8nC3yD6hJ0sR5aE'
let userData = ''
const argv = process.argv

function core(): ReturnType<typeof fakeSupportCore> {
  const result = vi.mocked(createSupportCore).mock.results[0]
  if (result?.type !== 'return') throw new Error('core was not created')
  return result.value as unknown as ReturnType<typeof fakeSupportCore>
}

function mainWindow(): FakeWindow {
  const [window] = FakeWindow.created
  if (!window) throw new Error('no window')
  return window
}

/** The page index.ts loads: the bundled renderer next to the main bundle. */
function rendererPage(): string {
  const [file] = mainWindow().loadFile.mock.calls[0] ?? []
  if (!file) throw new Error('the window loaded no file')
  return pathToFileURL(file).href
}

function signedInTo(helpCenterUrl: string): SessionState {
  return {
    status: 'signed_in',
    account: { id: 'acct-1', helpCenterUrl, email: 'aiko@acme.example', embedded: false },
    profile: { user: { id: 'user-1', email: 'aiko@acme.example', name: 'Aiko Tanaka', role: 'customer' }, organizations: [] },
    profileFetchedAt: '2025-06-02T09:00:00.000Z',
    connection: 'online',
    sessionPersisted: true,
  }
}

/** Core answers `session.get` with this state, and every other command as before. */
function sessionIs(state: SessionState): void {
  core().dispatch.mockImplementation(async (command) => ({ ok: true, value: command === 'session.get' ? state : core().preferences() }))
}

/** Parses a CSP as Chromium reads it: directive names are case-insensitive, sources separated by whitespace. */
function parseCsp(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources)
  }
  return directives
}

function metaCsp(html: string): string {
  const tag = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i.exec(html)
  if (!tag?.[1]) throw new Error('index.html has no Content-Security-Policy meta tag')
  return tag[1]
}

/** The policy of the issue, directive by directive: nothing remote, nothing inline but styles, nothing evaluated. */
const EXPECTED_CSP = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
}

describe('the Electron security checklist', () => {
  beforeAll(async () => {
    userData = mkdtempSync(join(tmpdir(), 'support-checklist-'))
    electron.app.getPath.mockReturnValue(userData)
    // A desktop with a keychain, as the app mostly runs.
    keychain.available = true
    process.argv = [process.execPath, 'out/main/index.js']
    expect(process.env.ELECTRON_RENDERER_URL).toBeUndefined()
    await import('../../../electron/main/index')
    await vi.waitFor(() => expect(FakeWindow.created).toHaveLength(1))
  })

  afterAll(() => {
    process.argv = argv
    keychain.available = false
    rmSync(userData, { recursive: true, force: true })
  })

  beforeEach(() => {
    electron.shell.openExternal.mockClear()
    electron.clipboard.writeText.mockClear()
    electron.dialog.showMessageBox.mockClear()
    core().dispatch.mockClear()
    sessionIs({ status: 'signed_out', demoAvailable: true })
  })

  describe('the window', () => {
    it('isolates the page from Node and Electron, sandboxed, with web security on and no webviews', () => {
      expect(mainWindow().options.webPreferences).toEqual({
        preload: expect.stringMatching(/[\\/]preload[\\/]index\.cjs$/),
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
      })
    })

    it('loads the bundled page from disk, never a URL', () => {
      expect(mainWindow().loadFile).toHaveBeenCalledOnce()
      expect(mainWindow().loadFile.mock.calls[0]![0]).toMatch(/[\\/]renderer[\\/]index\.html$/)
      expect(mainWindow().loadURL).not.toHaveBeenCalled()
    })
  })

  describe('the Content Security Policy', () => {
    const sourcePolicy = parseCsp(metaCsp(readFileSync(join(root, 'renderer/index.html'), 'utf8')))

    it('is in index.html, directive by directive as the issue asks', () => {
      expect(Object.fromEntries(sourcePolicy)).toEqual(EXPECTED_CSP)
    })

    it('allows no remote origin, wildcard, eval or inline script anywhere', () => {
      for (const [directive, sources] of sourcePolicy) {
        for (const source of sources) {
          expect(source, directive).toMatch(/^('self'|'none'|'unsafe-inline'|data:)$/)
        }
      }
      expect(sourcePolicy.get('script-src')).not.toContain("'unsafe-inline'")
    })

    it('is sent as a header on every response too, with frame-ancestors that only a header can carry', () => {
      expect(defaultSession.webRequest.onHeadersReceived).toHaveBeenCalledOnce()
      const answer = vi.fn()
      defaultSession.headersListener!(
        { url: 'http://localhost:5173/', responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src *"] } },
        answer,
      )
      const headers = answer.mock.calls[0]![0].responseHeaders as Record<string, string[]>
      expect(headers['Content-Type']).toEqual(['text/html'])
      // Both policies are enforced when a server sends its own, so the app's can only tighten.
      const sent = headers['Content-Security-Policy']!
      expect(sent).toHaveLength(1)
      expect(Object.fromEntries(parseCsp(sent[0]!))).toEqual({ ...EXPECTED_CSP, 'frame-ancestors': ["'none'"] })
    })

    it('grants pages no permission: camera, notifications, clipboard and the rest', () => {
      for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
        const granted = vi.fn()
        defaultSession.permissionRequestHandler!({}, permission, granted)
        expect(granted, permission).toHaveBeenCalledExactlyOnceWith(false)
        expect(defaultSession.permissionCheckHandler!({}, permission), permission).toBe(false)
      }
    })
  })

  describe('navigation and links', () => {
    it('keeps the window on the app page: a link opens in the browser instead, if it is allowed', async () => {
      const contents = mainWindow().webContents
      expect(contents.navigate('will-navigate', `${rendererPage()}#/tickets`)).toBe(false)

      expect(contents.navigate('will-navigate', 'https://docs.pingcap.com/tidbcloud/')).toBe(true)
      await vi.waitFor(() => expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://docs.pingcap.com/tidbcloud/'))

      expect(contents.navigate('will-navigate', 'file:///etc/passwd')).toBe(true)
      expect(contents.navigate('will-navigate', 'http://docs.pingcap.com/')).toBe(true)
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled())
      expect(electron.shell.openExternal).toHaveBeenCalledOnce()
    })

    it('denies redirects away from the app, navigations in sub-frames and webviews', () => {
      const contents = mainWindow().webContents
      expect(contents.navigate('will-redirect', 'https://evil.example/')).toBe(true)
      expect(contents.navigate('will-redirect', rendererPage())).toBe(false)
      expect(contents.navigate('will-frame-navigate', 'https://docs.pingcap.com/', false)).toBe(true)
      expect(contents.navigate('will-frame-navigate', rendererPage(), false)).toBe(true)
      expect(contents.attachWebview()).toBe(true)
    })

    it('never opens a window: an allowed link goes to the browser, and nothing else is opened', async () => {
      const contents = mainWindow().webContents
      for (const url of ['https://tidb.ai/', 'javascript:alert(1)', 'https://evil.example/', 'tidbcloud-support://ticket/SUP-1']) {
        expect(contents.openWindow(url), url).toEqual({ action: 'deny' })
      }
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalled())
      expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://tidb.ai/')
    })

    it('tells the user why a link was refused, and copies it only when asked', async () => {
      const link = 'https://evil.example/phish?ticket=SUP-1042'
      electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 1, checkboxChecked: false })
      mainWindow().webContents.openWindow(link)
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce())
      const [parent, message] = electron.dialog.showMessageBox.mock.calls[0]! as [unknown, MessageBoxOptions]
      expect(parent).toBe(mainWindow())
      expect(message.detail).toContain(link)
      expect(message.detail).toContain('evil.example is not a TiDB, PingCAP or help-center site')
      expect(message.buttons).toEqual(['Copy Link', 'Close'])
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(electron.clipboard.writeText).not.toHaveBeenCalled()

      electron.dialog.showMessageBox.mockResolvedValueOnce({ response: 0, checkboxChecked: false })
      mainWindow().webContents.openWindow(link)
      await vi.waitFor(() => expect(electron.clipboard.writeText).toHaveBeenCalledExactlyOnceWith(link))
      expect(electron.shell.openExternal).not.toHaveBeenCalled()
    })

    it('shows one refusal at a time to a page that opens links in a loop', async () => {
      let close: (answer: { response: number; checkboxChecked: boolean }) => void = () => undefined
      electron.dialog.showMessageBox.mockReturnValueOnce(new Promise((resolve) => (close = resolve)))
      for (let index = 0; index < 20; index++) mainWindow().webContents.openWindow(`https://evil.example/${index}`)
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce())
      await new Promise((resolve) => setTimeout(resolve, 0))
      expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce()
      close({ response: 1, checkboxChecked: false })
      await new Promise((resolve) => setTimeout(resolve, 0))
      mainWindow().webContents.openWindow('https://evil.example/after')
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2))
    })

    it("opens the signed-in help center's own https pages, and no other help center's", async () => {
      const contents = mainWindow().webContents
      contents.openWindow('https://help.example.com/tickets/SUP-1042')
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce())
      expect(electron.shell.openExternal).not.toHaveBeenCalled()

      sessionIs(signedInTo('https://help.example.com'))
      contents.openWindow('https://help.example.com/tickets/SUP-1042')
      await vi.waitFor(() => expect(electron.shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://help.example.com/tickets/SUP-1042'))
      contents.openWindow('https://help.other.example/tickets/SUP-1042')
      await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledTimes(2))
      expect(electron.shell.openExternal).toHaveBeenCalledOnce()
    })

    it('guards web contents created later as well', () => {
      const later = new FakeWebContents()
      appEvents.emit('web-contents-created', {}, later)
      expect(later.openWindow('https://docs.pingcap.com/')).toEqual({ action: 'deny' })
      expect(later.navigate('will-navigate', 'https://evil.example/')).toBe(true)
    })

    it.each([
      ['https://docs.pingcap.com/tidbcloud/tidb-cloud-faq/', true],
      ['https://tidb.support.pingcap.com/servicedesk/customer/portals', true],
      ['https://ask.pingcap.com/t/region-unavailable/1234', true],
      ['https://tidbcloud.com/console/clusters', true],
      ['https://slack.tidb.io/invite?team=tidb-community&channel=everyone&ref=pingcap', true],
      ['https://discord.com/invite/KVRZBR2DrG', true],
      ['https://discord.gg/KVRZBR2DrG', true],
      ['https://tidb.ai/', true],
      ['https://github.com/pingcap/tidb/issues/1', true],
      ['https://app.slack.com/client/T0/C0', true],
      ['https://tidb-community.slack.com/archives/C0/p1', true],
      ['mailto:tam@support.example', true],
      ['mailto:tam@support.example?subject=SUP-1042', true],
      ['mailto:tam@support.example?attach=/etc/passwd', false],
      ['mailto:a@example.com,b@example.com', false],
      ['http://docs.pingcap.com/', false],
      ['https://docs.pingcap.com:8443/', false],
      ['https://docs.pingcap.com.evil.example/', false],
      ['https://evilpingcap.com/', false],
      ['https://docs.pingcap.com@evil.example/', false],
      ['https://user:pass@docs.pingcap.com/', false],
      ['https://discord.com/channels/1/2', false],
      ['https://github.com/evil/pingcap', false],
      ['https://github.com/pingcap-evil/tidb', false],
      ['file:///etc/passwd', false],
      ['javascript:alert(1)', false],
      ['data:text/html,<script>alert(1)</script>', false],
      ['smb://evil.example/share', false],
      ['not a link', false],
    ])('decides %s: %s', (link, open) => {
      expect(decideExternalLink(link).open).toBe(open)
    })

    it('never opens an http help center, even the signed-in one', () => {
      expect(decideExternalLink('http://127.0.0.1:4010/tickets', { helpCenterUrl: 'http://127.0.0.1:4010' }).open).toBe(false)
      expect(decideExternalLink('https://help.example.com:8443/t/1', { helpCenterUrl: 'https://help.example.com:8443/' }).open).toBe(true)
    })
  })

  describe('IPC senders', () => {
    const command = 'tickets.list'
    function handler() {
      const bound = electron.ipcMain.handle.mock.calls.find(([channel]) => channel === ipcChannel.command(command))
      if (!bound) throw new Error(`${command} is not bound`)
      return bound[1] as (event: unknown, payload: unknown) => Promise<unknown>
    }

    it('binds every command of the contract', () => {
      expect(electron.ipcMain.handle.mock.calls.map(([channel]) => channel).sort()).toEqual(COMMAND_NAMES.map(ipcChannel.command).sort())
    })

    it('refuses other pages, sub-frames of the app page and gone frames, and calls nothing', async () => {
      for (const event of [
        { senderFrame: { url: 'https://evil.example/', parent: null } },
        { senderFrame: { url: 'file:///tmp/downloaded.html', parent: null } },
        { senderFrame: { url: rendererPage(), parent: { url: rendererPage(), parent: null } } },
        { senderFrame: null },
      ]) {
        expect(await handler()(event, {}), JSON.stringify(event)).toEqual({
          ok: false,
          error: { code: 'forbidden', message: 'This page may not talk to TiDB Cloud Support.' },
        })
      }
      expect(core().dispatch).not.toHaveBeenCalled()
    })

    it('answers the app page itself', async () => {
      await handler()({ senderFrame: { url: `${rendererPage()}#/tickets`, parent: null } }, { limit: 10 })
      expect(core().dispatch).toHaveBeenCalledExactlyOnceWith(command, { limit: 10 })
    })
  })

  describe('tokens at rest', () => {
    function secrets(): SecretStore {
      return vi.mocked(createSupportCore).mock.calls[0]![0].secrets
    }

    it('writes the refresh token only encrypted, into the user data folder', async () => {
      await secrets().write('refresh-token:acct-1', refreshToken)
      const file = readFileSync(join(userData, 'secrets.json'))
      const onDisk = everythingWritten(userData)
      for (const form of [refreshToken, Buffer.from(refreshToken).toString('base64'), Buffer.from(refreshToken).toString('hex')]) {
        expect(file.includes(form)).toBe(false)
        expect(onDisk.includes(form)).toBe(false)
      }
      expect(await new ElectronSecretStore(join(userData, 'secrets.json')).read('refresh-token:acct-1')).toBe(refreshToken)
    })

    it('writes nothing at all without a keychain', async () => {
      keychain.available = false
      try {
        const before = everythingWritten(userData)
        const store = new ElectronSecretStore(join(userData, 'secrets-without-keychain.json'))
        await store.write('refresh-token:acct-2', refreshToken)
        expect(store.persistent).toBe(false)
        expect(everythingWritten(userData)).toBe(before)
        expect(await store.read('refresh-token:acct-2')).toBe(refreshToken)
      } finally {
        keychain.available = true
      }
    })
  })
})
