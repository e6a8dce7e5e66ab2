import { watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { isSupportLocale } from '../modules/i18n'
import { useNotificationPreferencesStore } from '../stores/notification-preferences'

/**
 * Native notifications are written by the main process, which cannot see the language chosen here: it is
 * told, once the preferences are loaded and whenever the language changes.
 */
export function useNotificationLanguage() {
  const { locale } = useI18n()
  const preferences = useNotificationPreferencesStore()
  // A refused change is not asked for again and again.
  let asked: string | null = null

  watch([locale, () => preferences.preferences?.language], ([current, told]) => {
    if (told === undefined || told === current || current === asked || !isSupportLocale(current)) return
    asked = current
    void preferences.update({ language: current })
  }, { immediate: true })
}
