import { onScopeDispose } from 'vue'

/** `fn` called once `delayMs` after the last of a burst of calls; `flush` runs a waiting call now. */
export function useDebouncedFn<A extends unknown[]>(fn: (...args: A) => void, delayMs: number) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let waiting: A | undefined

  function cancel() {
    clearTimeout(timer)
    timer = undefined
    waiting = undefined
  }

  function flush() {
    const args = waiting
    cancel()
    if (args) fn(...args)
  }

  function call(...args: A) {
    clearTimeout(timer)
    waiting = args
    timer = setTimeout(flush, delayMs)
  }

  onScopeDispose(cancel)
  return Object.assign(call, { cancel, flush })
}
