import type { CARD_BRANDS, OrganizationPlan } from '../../shared/schemas/plan'
import type { SelfServiceUpgrade } from '../stores/plans'
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { SupportError } from '../../shared/schemas/error'
import { cardSchema } from '../../shared/schemas/plan'
import { usePlansStore } from '../stores/plans'

const CARD_FIELDS = ['holderName', 'number', 'expMonth', 'expYear', 'cvc'] as const
export type CardField = (typeof CARD_FIELDS)[number]

const isCardField = (value: unknown): value is CardField => CARD_FIELDS.includes(value as CardField)

const MAX_DIGITS = 19

export type CardBrand = (typeof CARD_BRANDS)[number]

/** The brand the first digits announce: to group the digits as the card prints them, and to name it. */
export function cardBrand(digits: string): CardBrand {
  if (/^4/.test(digits)) return 'visa'
  if (/^(5[1-5]|2[2-7])/.test(digits)) return 'mastercard'
  if (/^3[47]/.test(digits)) return 'amex'
  if (/^35/.test(digits)) return 'jcb'
  if (/^(6011|65)/.test(digits)) return 'discover'
  return 'unknown'
}

/** "4242 4242 4242 4242", or American Express's "3782 822463 10005". */
export function groupCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '').slice(0, MAX_DIGITS)
  const groups = cardBrand(digits) === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3]
  const parts: string[] = []
  let start = 0
  for (const size of groups) {
    if (start >= digits.length) break
    parts.push(digits.slice(start, start + size))
    start += size
  }
  return parts.join(' ')
}

const blankCard = (): Record<CardField, string> => ({ holderName: '', number: '', expMonth: '', expYear: '', cvc: '' })

/**
 * The upgrade dialog's card form. The number and security code live only in this form's local state:
 * they go to the core once, on submit, and `reset` (called when the dialog closes) wipes them.
 */
export function useCardForm() {
  const plans = usePlansStore()
  const { t, te } = useI18n()

  const card = reactive(blankCard())
  const fieldErrors = reactive<Partial<Record<CardField, string>>>({})
  const failure = ref<string | null>(null)
  const submitting = ref(false)

  for (const field of CARD_FIELDS) {
    watch(() => card[field], () => {
      delete fieldErrors[field]
    })
  }

  function setNumber(value: string) {
    card.number = groupCardNumber(value)
  }

  function clearErrors() {
    failure.value = null
    for (const field of CARD_FIELDS) delete fieldErrors[field]
  }

  function reset() {
    Object.assign(card, blankCard())
    clearErrors()
  }

  /** English messages come from the shared schema itself; other locales translate them by field and issue. */
  function validate() {
    const result = cardSchema.safeParse({
      ...card,
      // Blank means "not entered", which the schema words differently from "out of range".
      expMonth: card.expMonth.trim() || undefined,
      expYear: card.expYear.trim() || undefined,
    })
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const field = issue.path[0]
      if (!isCardField(field) || fieldErrors[field]) continue
      const key = `plan.upgrade.validation.${field}.${issue.code}`
      fieldErrors[field] = te(key) ? t(key) : issue.message
    }
    return null
  }

  function showFailure(error: unknown) {
    if (error instanceof SupportError && error.code === 'invalid_input' && error.fields) {
      // The core names card fields as "card.number"; anything else is the form's problem as a whole.
      const entries = Object.entries(error.fields)
        .map(([path, message]) => [path.replace(/^card\./, ''), message] as const)
        .filter(([field]) => isCardField(field))
      for (const [field, message] of entries) fieldErrors[field as CardField] = message
      if (entries.length > 0) return
    }
    if (error instanceof SupportError && error.code === 'unreachable') failure.value = t('plan.blocked.offline')
    else failure.value = error instanceof Error ? error.message : String(error)
  }

  /** Charges the card for `plan`; resolves with the new plan state, or null when nothing changed. */
  async function submit(organizationId: string, plan: SelfServiceUpgrade): Promise<OrganizationPlan | null> {
    if (submitting.value) return null
    clearErrors()
    const valid = validate()
    if (!valid) return null
    submitting.value = true
    try {
      return await plans.upgrade(organizationId, plan, valid)
    } catch (error) {
      showFailure(error)
      return null
    } finally {
      submitting.value = false
    }
  }

  return { card, fieldErrors, failure, submitting, setNumber, reset, submit }
}
