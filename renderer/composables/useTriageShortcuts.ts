import type { Ref } from 'vue'
import type { TriageCommand, TriageShortcut } from './useTriageCommands'
import { onBeforeUnmount, onMounted } from 'vue'

/** Where a key is text, not a command; Naive UI's selects take keys for their menus. */
const TYPING = 'input, textarea, select, [contenteditable=""], [contenteditable="true"], .n-base-selection'
/** Where Enter and Space already mean "press this". */
const PRESSABLE = 'button, a[href], [role="button"], [role="checkbox"], [role="option"], [role="menuitem"], label'

/** The modifier of Ctrl/⌘ shortcuts as this computer's keyboard labels it. */
export const modKey = () => (/mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent) ? '⌘' : 'Ctrl')

/** "⌘ K", "Ctrl K", "j" as keys to show. */
export function shortcutKeys(shortcut: TriageShortcut): string[] {
  return shortcut.mod ? [modKey(), shortcut.key.toUpperCase()] : [shortcut.key]
}

function matches(shortcut: TriageShortcut, event: KeyboardEvent) {
  const mod = event.ctrlKey || event.metaKey
  if (Boolean(shortcut.mod) !== mod || event.altKey) return false
  return shortcut.mod ? event.key.toLowerCase() === shortcut.key : event.key === shortcut.key
}

interface ShortcutOptions {
  /** A dialog or the palette is open: it has the keyboard. */
  blocked: () => boolean
  /** Tells the user why a command cannot run now. */
  refuse: (reason: string) => void
}

/** Binds each command's shortcut on the window while the screen lives. */
export function useTriageShortcuts(commands: Ref<TriageCommand[]>, { blocked, refuse }: ShortcutOptions) {
  function onKeydown(event: KeyboardEvent) {
    // An IME composing Japanese sends keydowns too: they belong to the text being composed.
    if (event.defaultPrevented || event.isComposing || blocked()) return
    const command = commands.value.find(({ shortcut }) => shortcut && matches(shortcut, event))
    if (!command) return
    const target = event.target instanceof Element ? event.target : null
    // Ctrl/⌘+K opens the palette from a text field as well; plain keys there are typing.
    if (!command.shortcut?.mod && target?.closest(TYPING)) return
    if (event.key === 'Enter' && target?.closest(PRESSABLE)) return
    event.preventDefault()
    if (command.disabledReason) refuse(command.disabledReason)
    else command.run()
  }

  onMounted(() => window.addEventListener('keydown', onKeydown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown))
}
