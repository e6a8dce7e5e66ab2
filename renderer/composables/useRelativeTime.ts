import type { MaybeRefOrGetter, Ref } from 'vue'
import { computed, toValue } from 'vue'
import { useI18n } from 'vue-i18n'
import { useNow } from './useNow'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/**
 * A formatter for "5 minutes ago" in the current language; it follows the clock (`now`, shared by a
 * caller that formats many rows) while the caller lives.
 */
export function useRelativeTimeFormat(now: Ref<number> = useNow()) {
  const { t, locale } = useI18n()
  // Building an Intl formatter costs far more than formatting: one per language, not one per row.
  const format = computed(() => new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' }))

  return (value: string | null | undefined) => {
    if (!value) return ''
    const seconds = (Date.parse(value) - now.value) / 1000
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size) return format.value.format(Math.round(seconds / size), unit)
    }
    return t('time.justNow')
  }
}

/** "5 minutes ago" in the current language, kept current while the caller lives. */
export function useRelativeTime(time: MaybeRefOrGetter<string | null | undefined>) {
  const format = useRelativeTimeFormat()
  return computed(() => format(toValue(time)))
}
