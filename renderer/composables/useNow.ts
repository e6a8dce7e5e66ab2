import { onScopeDispose, ref } from 'vue'

/** The current time in milliseconds, advanced every `intervalMs` while the caller lives. */
export function useNow(intervalMs = 30_000) {
  const now = ref(Date.now())
  const timer = setInterval(() => {
    now.value = Date.now()
  }, intervalMs)
  onScopeDispose(() => clearInterval(timer))
  return now
}
