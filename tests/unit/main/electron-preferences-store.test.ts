import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { PreferencesService } from '../../../electron/core/preferences/preferences-service'
import { DEFAULT_PREFERENCES } from '../../../shared/schemas/preferences'
import { useTempDir } from '../../support/temp-dir'

// electron-store is conf with its folder taken from Electron's app.getPath('userData'). It is loaded outside
// vitest's module graph, where 'electron' cannot be mocked, so the same conf runs here with the test's folder.
const userData = vi.hoisted(() => ({ dir: '' }))
vi.mock('electron-store', async () => {
  const { default: Conf } = await import('conf')
  type StoreOptions = ConstructorParameters<typeof Conf<Record<string, unknown>>>[0] & { name?: string }
  class ElectronStore extends Conf<Record<string, unknown>> {
    constructor({ name, ...options }: StoreOptions = {}) {
      super({ ...options, configName: name ?? 'config', cwd: userData.dir })
    }
  }
  return { default: ElectronStore }
})

const { ElectronPreferencesStore } = await import('../../../electron/main/electron-preferences-store')

describe('ElectronPreferencesStore', () => {
  const tempDir = useTempDir()

  beforeEach(() => {
    userData.dir = tempDir()
  })

  it('has nothing to read before the first save', () => {
    expect(new ElectronPreferencesStore().read()).toBeUndefined()
  })

  it('keeps preferences across restarts, as preferences.json in the data folder', () => {
    const changed = {
      ...DEFAULT_PREFERENCES,
      notifications: { ...DEFAULT_PREFERENCES.notifications, minimumSeverity: 'S2' as const, sound: false },
      closeToTray: false,
    }
    new ElectronPreferencesStore().write(changed)
    expect(new ElectronPreferencesStore().read()).toEqual(changed)
    expect(JSON.parse(readFileSync(join(userData.dir, 'preferences.json'), 'utf8'))).toEqual(changed)
  })

  it('replaces the whole document, so a field removed from it does not linger', () => {
    const store = new ElectronPreferencesStore()
    writeFileSync(join(userData.dir, 'preferences.json'), JSON.stringify({ closeToTray: true, retired: 1 }))
    store.write(DEFAULT_PREFERENCES)
    expect(store.read()).toEqual(DEFAULT_PREFERENCES)
  })

  it('starts from the defaults when the file is damaged, and saves over it', () => {
    writeFileSync(join(userData.dir, 'preferences.json'), '{"closeToTray": tru')
    const service = new PreferencesService({ store: new ElectronPreferencesStore(), onChange: () => undefined })
    expect(service.get()).toEqual(DEFAULT_PREFERENCES)
    service.update({ closeToTray: false })
    expect(new ElectronPreferencesStore().read()).toMatchObject({ closeToTray: false })
  })
})
