import type { Severity } from '../../shared/domain/support-plan'
import type { NotificationPreferences, PreferencesPatch } from '../../shared/schemas/preferences'
import { computed, reactive, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { SEVERITIES } from '../../shared/domain/support-plan'
import { notificationPreferencesSchema } from '../../shared/schemas/preferences'
import { useNotificationPreferencesStore } from '../stores/notification-preferences'
import { useNow } from './useNow'

type NotificationSwitch = 'enabled' | 'replies' | 'statusChanges' | 'targetBreaches' | 'sound'
type NotificationPatch = NonNullable<PreferencesPatch['notifications']>
export type QuietHoursEdge = 'start' | 'end'

const QUIET_HOURS_EDGES: QuietHoursEdge[] = ['start', 'end']
const quietHoursSchema = notificationPreferencesSchema.shape.quietHours

/** The Notifications section of Settings: each control writes its own change as soon as it is made. */
export function useNotificationSettings() {
  const store = useNotificationPreferencesStore()
  const { t, te, locale } = useI18n()
  const now = useNow()

  const notifications = computed<NotificationPreferences | null>(() => store.preferences?.notifications ?? null)
  const updateNotifications = (patch: NotificationPatch) => store.update({ notifications: patch })

  function notificationSwitch(key: NotificationSwitch) {
    return computed({
      get: () => notifications.value?.[key] ?? false,
      set: (value: boolean) => {
        const patch: NotificationPatch = {}
        patch[key] = value
        void updateNotifications(patch)
      },
    })
  }

  const closeToTray = computed({
    get: () => store.preferences?.closeToTray ?? false,
    set: (value: boolean) => void store.update({ closeToTray: value }),
  })

  const breachSeverities = computed({
    get: () => notifications.value?.breachSeverities ?? [],
    // Kept in severity order whatever order they were ticked in.
    set: (values: readonly (string | number)[]) =>
      void updateNotifications({ breachSeverities: SEVERITIES.filter((severity) => values.includes(severity)) }),
  })

  const minimumSeverity = computed({
    get: () => notifications.value?.minimumSeverity ?? null,
    set: (value: Severity | null) => {
      if (value) void updateNotifications({ minimumSeverity: value })
    },
  })

  // Quiet hours are typed; a time is checked with the shared schema when the field is left, and
  // only a valid one is sent.
  const quietHours = reactive<Record<QuietHoursEdge, string>>({ start: '', end: '' })
  const quietHoursErrors = reactive<Partial<Record<QuietHoursEdge, string>>>({})

  for (const edge of QUIET_HOURS_EDGES) {
    watch(() => notifications.value?.quietHours[edge], (saved) => {
      if (saved === undefined) return
      quietHours[edge] = saved
      delete quietHoursErrors[edge]
    }, { immediate: true })
  }

  function editQuietHours(edge: QuietHoursEdge, value: string) {
    quietHours[edge] = value
    delete quietHoursErrors[edge]
  }

  /** English comes from the shared schema itself; other languages translate it by issue. */
  function commitQuietHours(edge: QuietHoursEdge) {
    const saved = notifications.value?.quietHours[edge]
    const result = quietHoursSchema.shape[edge].safeParse(quietHours[edge])
    if (!result.success) {
      const issue = result.error.issues[0]
      const key = `validation.quietHours.${issue?.code}`
      quietHoursErrors[edge] = te(key) ? t(key) : (issue?.message ?? '')
      return
    }
    if (result.data === saved) return
    void updateNotifications({ quietHours: edge === 'start' ? { start: result.data } : { end: result.data } })
  }

  const pausedUntil = computed(() => {
    const until = notifications.value?.pausedUntil
    return until && Date.parse(until) > now.value ? new Date(until) : null
  })

  /** "15:30" today; with the weekday when the pause runs into another day. */
  const pausedUntilText = computed(() => {
    const until = pausedUntil.value
    if (!until) return null
    const sameDay = until.toDateString() === new Date(now.value).toDateString()
    return new Intl.DateTimeFormat(locale.value, {
      ...(sameDay ? {} : { weekday: 'short' }),
      hour: 'numeric',
      minute: '2-digit',
    }).format(until)
  })

  return {
    notifications,
    loading: computed(() => store.loading),
    loadError: computed(() => store.loadError),
    updateError: computed(() => store.updateError),
    pausing: computed(() => store.pausing),
    enabled: notificationSwitch('enabled'),
    replies: notificationSwitch('replies'),
    statusChanges: notificationSwitch('statusChanges'),
    targetBreaches: notificationSwitch('targetBreaches'),
    sound: notificationSwitch('sound'),
    quietHoursEnabled: computed({
      get: () => notifications.value?.quietHours.enabled ?? false,
      set: (value: boolean) => void updateNotifications({ quietHours: { enabled: value } }),
    }),
    breachSeverities,
    minimumSeverity,
    closeToTray,
    quietHours,
    quietHoursErrors,
    editQuietHours,
    commitQuietHours,
    pausedUntilText,
    pause: store.pause,
    reload: store.load,
  }
}
