import type { App } from 'vue'
import { createI18n } from 'vue-i18n'
import en from '../locales/en.json'
import ja from '../locales/ja.json'
import { SUPPORT_LANGUAGES, type SupportLanguage } from '../../shared/schemas/preferences'

export const SUPPORT_LOCALES = SUPPORT_LANGUAGES
export type SupportLocale = SupportLanguage

/** Each language is named in itself, so it can be found whatever the current language is. */
export const LOCALE_NAMES: Record<SupportLocale, string> = { en: 'English', ja: '日本語' }

const LOCALE_KEY = 'support:locale'

export function isSupportLocale(value: unknown): value is SupportLocale {
  return SUPPORT_LOCALES.includes(value as SupportLocale)
}

/** The language the user chose in Settings, else the system's when we speak it. */
export function preferredLocale(): SupportLocale {
  const saved = localStorage.getItem(LOCALE_KEY)
  if (isSupportLocale(saved)) return saved
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en'
}

export function saveLocale(locale: SupportLocale) {
  localStorage.setItem(LOCALE_KEY, locale)
}

const dateFormat = {
  long: { year: 'numeric', month: 'long', day: 'numeric' },
  dateTime: { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
} as const

export function createSupportI18n(locale: SupportLocale = preferredLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en, ja },
    datetimeFormats: { en: dateFormat, ja: dateFormat },
  })
}

export function install(app: App) {
  app.use(createSupportI18n())
}
