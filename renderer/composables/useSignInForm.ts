import type { SignInInput } from '../../shared/schemas/session'
import { computed, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { SupportError } from '../../shared/schemas/error'
import { signInInputSchema } from '../../shared/schemas/session'
import { useSessionStore } from '../stores/session'

export type SignInField = keyof SignInInput
const SIGN_IN_FIELDS: SignInField[] = ['helpCenterUrl', 'email', 'password']

const isSignInField = (value: unknown): value is SignInField => SIGN_IN_FIELDS.includes(value as SignInField)

export interface SignInAlert {
  type: 'error' | 'warning'
  message: string
}

/** The sign-in form: checked here with the shared schema first, then by the help center. */
export function useSignInForm() {
  const session = useSessionStore()
  const { t, te, locale } = useI18n()

  const form = reactive<SignInInput>({
    helpCenterUrl: session.signedOut?.lastHelpCenterUrl ?? '',
    email: session.signedOut?.lastEmail ?? '',
    password: '',
  })
  const fieldErrors = reactive<Partial<Record<SignInField, string>>>({})
  const failure = ref<string | null>(null)

  const alert = computed<SignInAlert | null>(() => {
    if (failure.value) return { type: 'error', message: failure.value }
    const notice = session.signedOut?.notice
    return notice ? { type: 'warning', message: notice } : null
  })

  // Editing a field withdraws the complaint about it.
  for (const field of SIGN_IN_FIELDS) {
    watch(() => form[field], () => {
      delete fieldErrors[field]
    })
  }

  function clearErrors() {
    failure.value = null
    for (const field of SIGN_IN_FIELDS) delete fieldErrors[field]
  }

  /** English messages come from the shared schema itself; other locales translate them by field and issue. */
  function validate(): SignInInput | null {
    const result = signInInputSchema.safeParse(form)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const field = issue.path[0]
      if (!isSignInField(field) || fieldErrors[field]) continue
      const key = `validation.${field}.${issue.code}`
      fieldErrors[field] = te(key) ? t(key) : issue.message
    }
    return null
  }

  function formatWait(seconds: number) {
    const inMinutes = seconds >= 60
    return new Intl.NumberFormat(locale.value, {
      style: 'unit',
      unit: inMinutes ? 'minute' : 'second',
      unitDisplay: 'long',
    }).format(inMinutes ? Math.ceil(seconds / 60) : seconds)
  }

  function showFailure(error: unknown, helpCenterUrl?: string) {
    if (!(error instanceof SupportError)) {
      failure.value = error instanceof Error ? error.message : String(error)
      return
    }
    if (error.code === 'invalid_input' && error.fields) {
      const entries = Object.entries(error.fields).filter(([field]) => isSignInField(field))
      for (const [field, message] of entries) fieldErrors[field as SignInField] = message
      if (entries.length > 0) return
    }
    if (error.code === 'unauthorized') failure.value = t('signIn.errors.unauthorized')
    else if (error.code === 'unreachable' && helpCenterUrl) failure.value = t('signIn.errors.unreachable', { url: helpCenterUrl })
    else if (error.code === 'rate_limited' && error.retryAfterSeconds !== undefined)
      failure.value = t('signIn.errors.rateLimited', { wait: formatWait(error.retryAfterSeconds) })
    else failure.value = error.message
  }

  async function submit() {
    clearErrors()
    const input = validate()
    if (!input) return
    try {
      await session.signIn(input)
    } catch (error) {
      showFailure(error, input.helpCenterUrl)
    }
  }

  async function startDemo() {
    clearErrors()
    try {
      await session.useDemoHelpCenter()
    } catch (error) {
      showFailure(error)
    }
  }

  return { form, fieldErrors, alert, submit, startDemo }
}
