import Store from 'electron-store'
import type { Preferences } from '../../shared/schemas/preferences'
import type { PreferencesStore } from '../core/preferences/preferences-service'

/**
 * Preferences as `preferences.json` in the app's data folder. The file holds the document itself and is
 * not trusted: core validates what it reads and falls back to defaults field by field.
 */
export class ElectronPreferencesStore implements PreferencesStore {
  // A file that is not JSON at all reads as empty rather than stopping the app from starting.
  private readonly store = new Store<Record<string, unknown>>({ name: 'preferences', clearInvalidConfig: true })

  read(): unknown {
    const stored = this.store.store
    return Object.keys(stored).length === 0 ? undefined : stored
  }

  write(preferences: Preferences): void {
    this.store.store = preferences
  }
}
