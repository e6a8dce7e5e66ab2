import type { MaybeRefOrGetter } from 'vue'
import { computed, onScopeDispose, ref, toValue } from 'vue'
import { useI18n } from 'vue-i18n'

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
]

/** "5 minutes ago" in the current language, kept current while the caller lives. */
export function useRelativeTime(time: MaybeRefOrGetter<string | null | undefined>) {
  const { t, locale } = useI18n()
  const now = ref(Date.now())
  const timer = setInterval(() => {
    now.value = Date.now()
  }, 30_000)
  onScopeDispose(() => clearInterval(timer))

  return computed(() => {
    const value = toValue(time)
    if (!value) return ''
    const seconds = (Date.parse(value) - now.value) / 1000
    const format = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto' })
    for (const [unit, size] of UNITS) {
      if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit)
    }
    return t('time.justNow')
  })
}
