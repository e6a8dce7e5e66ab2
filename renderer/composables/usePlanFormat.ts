import type { ResponseTarget } from '../../shared/domain/response-targets'
import type { SupportPlanId } from '../../shared/domain/support-plan'
import type { PaymentMethod, Plan, PlanFeature } from '../../shared/schemas/plan'
import { useI18n } from 'vue-i18n'

/** How the Plan screens put catalog data into words: targets, coverage, features and cards. */
export function usePlanFormat() {
  const { t, locale } = useI18n()

  const planName = (plan: SupportPlanId) => t(`plans.${plan}`)
  const featureName = (feature: PlanFeature) => t(`plan.features.${feature}`)
  const coverageName = (coverage: Plan['coverage']) => t(`plan.coverage.${coverage}`)

  /** "1 hour", "30 minutes", "4 business hours", or "—" where the plan promises nothing. */
  function formatTarget(target: ResponseTarget | null): string {
    if (!target) return t('plan.targets.none')
    const count = new Intl.NumberFormat(locale.value)
    if (target.businessHours) return t('plan.targets.businessHours', { hours: count.format(target.hours) }, target.hours)
    const inMinutes = target.hours < 1
    return new Intl.NumberFormat(locale.value, {
      style: 'unit',
      unit: inMinutes ? 'minute' : 'hour',
      unitDisplay: 'long',
    }).format(inMinutes ? target.hours * 60 : target.hours)
  }

  /** "Visa ···· 4242, expires 12/2028": all the app ever learns of a card. */
  function formatPaymentMethod(method: PaymentMethod): string {
    return t('plan.paymentMethod.summary', {
      brand: t(`plan.paymentMethod.brands.${method.brand}`),
      last4: method.last4,
      expiry: `${String(method.expMonth).padStart(2, '0')}/${method.expYear}`,
    })
  }

  return { planName, featureName, coverageName, formatTarget, formatPaymentMethod }
}
