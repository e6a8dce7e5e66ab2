import { defineStore } from 'pinia'
import { ref } from 'vue'

export const THEME_PREFERENCES = ['system', 'light', 'dark'] as const
export type ThemePreference = (typeof THEME_PREFERENCES)[number]

const THEME_KEY = 'support:theme'

function savedTheme(): ThemePreference {
  const saved = localStorage.getItem(THEME_KEY)
  return THEME_PREFERENCES.find((theme) => theme === saved) ?? 'system'
}

/** Appearance choices kept on this computer, whoever is signed in. */
export const usePreferencesStore = defineStore('preferences', () => {
  const theme = ref<ThemePreference>(savedTheme())

  function setTheme(next: ThemePreference) {
    theme.value = next
    localStorage.setItem(THEME_KEY, next)
  }

  return { theme, setTheme }
})
