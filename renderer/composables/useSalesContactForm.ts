import type { OrganizationPlan } from '../../shared/schemas/plan'
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { SupportError } from '../../shared/schemas/error'
import { salesContactSchema } from '../../shared/schemas/plan'
import { usePlansStore } from '../stores/plans'
import { useSessionStore } from '../stores/session'

const SALES_CONTACT_FIELDS = ['name', 'email', 'company', 'phone', 'message'] as const
export type SalesContactField = (typeof SALES_CONTACT_FIELDS)[number]

const isSalesContactField = (value: unknown): value is SalesContactField => SALES_CONTACT_FIELDS.includes(value as SalesContactField)

/** The contact-sales form for Premium, prefilled with who is asking and for which organization. */
export function useSalesContactForm() {
  const plans = usePlansStore()
  const session = useSessionStore()
  const { t, te } = useI18n()

  const form = reactive<Record<SalesContactField, string>>({ name: '', email: '', company: '', phone: '', message: '' })
  const fieldErrors = reactive<Partial<Record<SalesContactField, string>>>({})
  const failure = ref<string | null>(null)
  const submitting = ref(false)

  for (const field of SALES_CONTACT_FIELDS) {
    watch(() => form[field], () => {
      delete fieldErrors[field]
    })
  }

  function clearErrors() {
    failure.value = null
    for (const field of SALES_CONTACT_FIELDS) delete fieldErrors[field]
  }

  function reset(organizationName: string) {
    const user = session.profile?.user
    Object.assign(form, { name: user?.name ?? '', email: user?.email ?? '', company: organizationName, phone: '', message: '' })
    clearErrors()
  }

  function validate() {
    const result = salesContactSchema.safeParse({ ...form, phone: form.phone.trim() || undefined })
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const field = issue.path[0]
      if (!isSalesContactField(field) || fieldErrors[field]) continue
      const key = `plan.sales.validation.${field}.${issue.code}`
      fieldErrors[field] = te(key) ? t(key) : issue.message
    }
    return null
  }

  /** Sends the request to sales; resolves with the organization's plan state, or null when it was not sent. */
  async function submit(organizationId: string): Promise<OrganizationPlan | null> {
    if (submitting.value) return null
    clearErrors()
    const contact = validate()
    if (!contact) return null
    submitting.value = true
    try {
      return await plans.contactSales(organizationId, contact)
    } catch (error) {
      if (error instanceof SupportError && error.code === 'invalid_input' && error.fields) {
        const entries = Object.entries(error.fields).filter(([field]) => isSalesContactField(field))
        for (const [field, message] of entries) fieldErrors[field as SalesContactField] = message
        if (entries.length > 0) return null
      }
      failure.value = error instanceof SupportError && error.code === 'unreachable'
        ? t('plan.blocked.offline')
        : error instanceof Error ? error.message : String(error)
      return null
    } finally {
      submitting.value = false
    }
  }

  return { form, fieldErrors, failure, submitting, reset, submit }
}
