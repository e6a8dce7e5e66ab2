import type { Ref } from 'vue'
import type { ResponseTargetState } from '../../shared/domain/first-response'
import type { Severity, SupportPlanId } from '../../shared/domain/support-plan'
import { firstResponseDue, responseTargetState } from '../../shared/domain/first-response'
import { useI18n } from 'vue-i18n'
import { usePlansStore } from '../stores/plans'
import { useNow } from './useNow'

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

export type ResponseTargetTone = 'default' | 'success' | 'warning' | 'error'

export interface ResponseTargetText {
  text: string
  tone: ResponseTargetTone
}

interface FirstResponseTimes {
  firstResponseDueAt: string | null
  firstRespondedAt: string | null
}

const toDate = (value: string | null) => (value ? new Date(value) : null)

/** First-response targets in words: countdowns on tickets and the promise before filing one. */
export function useResponseTarget(now: Ref<number> = useNow()) {
  const { t, locale } = useI18n()
  const plans = usePlansStore()

  /** "2h 10m", "1d 3h", "35m": the two largest units are enough for a countdown. */
  function formatDuration(ms: number) {
    const minutes = Math.max(1, Math.round(ms / MINUTE_MS))
    if (ms >= DAY_MS) return t('duration.daysHours', { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60) })
    if (ms >= HOUR_MS) return t('duration.hoursMinutes', { hours: Math.floor(minutes / 60), minutes: minutes % 60 })
    return t('duration.minutes', { minutes })
  }

  function describeState(state: ResponseTargetState): ResponseTargetText {
    switch (state.state) {
      case 'none':
        return { text: t('responseTarget.none'), tone: 'default' }
      case 'met':
        return { text: t('responseTarget.met'), tone: 'success' }
      case 'due':
        return { text: t('responseTarget.due', { duration: formatDuration(state.remainingMs) }), tone: state.remainingMs < HOUR_MS ? 'warning' : 'default' }
      case 'breached':
        return state.respondedAt
          ? { text: t('responseTarget.answeredLate', { duration: formatDuration(state.overdueMs) }), tone: 'error' }
          : { text: t('responseTarget.breached', { duration: formatDuration(state.overdueMs) }), tone: 'error' }
    }
  }

  /** Where the ticket stands now; re-evaluated as the clock ticks when read inside a render or computed. */
  function ticketState(ticket: FirstResponseTimes): ResponseTargetText {
    return describeState(responseTargetState(toDate(ticket.firstResponseDueAt), toDate(ticket.firstRespondedAt), new Date(now.value)))
  }

  /** Until the catalog arrives there is no promise to make: say so rather than guess one. */
  const catalogPending = () => t(plans.catalogError ? 'plan.catalog.unavailable' : 'plan.catalog.loading')

  function describePromise(plan: SupportPlanId, severity: Severity): string {
    const targets = plans.responseTargets
    if (!targets) return catalogPending()
    const target = targets[plan][severity]
    if (!target) return t('responseTarget.noTarget', { plan: t(`plans.${plan}`) })
    if (target.businessHours) return t('responseTarget.withinBusinessHours', { hours: target.hours })
    const inMinutes = target.hours < 1
    const duration = new Intl.NumberFormat(locale.value, {
      style: 'unit',
      unit: inMinutes ? 'minute' : 'hour',
      unitDisplay: 'long',
    }).format(inMinutes ? target.hours * 60 : target.hours)
    return t('responseTarget.withinHours', { duration })
  }

  /**
   * The promise that will apply to a ticket filed now and when it would fall due, in the user's
   * time zone, from the plan catalog the help center serves.
   */
  function describeTarget(plan: SupportPlanId, severity: Severity): { promise: string, dueBy: string | null } {
    const targets = plans.responseTargets
    if (!targets) return { promise: catalogPending(), dueBy: null }
    const dueAt = firstResponseDue({
      createdAt: new Date(now.value),
      plan,
      severity,
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      targets,
    })
    const dueBy = dueAt
      && t('responseTarget.dueBy', {
        time: new Intl.DateTimeFormat(locale.value, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(dueAt),
      })
    return { promise: describePromise(plan, severity), dueBy }
  }

  return { ticketState, describeTarget }
}
