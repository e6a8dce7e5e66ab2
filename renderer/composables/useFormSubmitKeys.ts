/**
 * Keys that send a triage form: Ctrl+Enter (⌘+Enter) from anywhere in it, and Enter on a radio
 * button or checkbox, where browsers do not submit on their own.
 */
export function isSubmitKey(event: KeyboardEvent) {
  if (event.key !== 'Enter' || event.isComposing) return false
  if (event.ctrlKey || event.metaKey) return true
  const target = event.target instanceof HTMLInputElement ? event.target : null
  return !event.shiftKey && (target?.type === 'radio' || target?.type === 'checkbox')
}

/** A form's keydown handler: on a submit key it calls `submit` instead of the browser's default. */
export function submitOnKey(submit: () => void) {
  return (event: KeyboardEvent) => {
    if (!isSubmitKey(event)) return
    event.preventDefault()
    submit()
  }
}
