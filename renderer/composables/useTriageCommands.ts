import type { TriageRow } from '../../shared/schemas/triage'
import type { TriageActionKind, TriageActions } from './useTriageActions'
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { useTriageStore } from '../stores/triage'
import { TRIAGE_ACTION_KINDS } from './useTriageActions'

export interface TriageShortcut {
  /** `KeyboardEvent.key` as typed: 'j', '?', 'Enter'. */
  key: string
  /** Ctrl on Windows and Linux, ⌘ on macOS. */
  mod?: boolean
}

export type TriageCommandGroup = 'navigate' | 'act' | 'views'

export interface TriageCommand {
  id: string
  group: TriageCommandGroup
  label: string
  shortcut?: TriageShortcut
  /** Why it cannot run now; null when it can. */
  disabledReason: string | null
  run: () => void
}

export const ACTION_SHORTCUTS: Record<TriageActionKind, string> = {
  assign: 'e',
  labels: 'l',
  setStatus: 's',
  setPriority: 'p',
  setSeverity: 'v',
  note: 'n',
  reply: 'r',
}

interface ScreenControls {
  /** The screen's own: it provides them, so it cannot inject them. */
  actions: TriageActions
  openTicket: (row: TriageRow) => void
  focusSearch: () => void
  openPalette: () => void
  openShortcuts: () => void
  openSaveView: () => void
}

/**
 * Every command of the Triage screen in one list: the keyboard shortcuts, the shortcuts list and the
 * command palette are all read from it, so they cannot disagree.
 */
export function useTriageCommands({ actions, ...controls }: ScreenControls) {
  const { t } = useI18n()
  const store = useTriageStore()

  const noRow = () => (store.focusedRow ? null : t('triage.actions.noRow'))

  return computed<TriageCommand[]>(() => [
    {
      id: 'next',
      group: 'navigate',
      label: t('triage.commands.next'),
      shortcut: { key: 'j' },
      disabledReason: store.rows.length === 0 ? t('triage.actions.noRow') : null,
      run: () => store.moveFocus(1),
    },
    {
      id: 'previous',
      group: 'navigate',
      label: t('triage.commands.previous'),
      shortcut: { key: 'k' },
      disabledReason: store.rows.length === 0 ? t('triage.actions.noRow') : null,
      run: () => store.moveFocus(-1),
    },
    {
      id: 'toggleSelect',
      group: 'navigate',
      label: t('triage.commands.toggleSelect'),
      shortcut: { key: 'x' },
      disabledReason: noRow(),
      run: () => store.focusedRow && store.toggleSelected(store.focusedRow.id),
    },
    {
      id: 'selectRange',
      group: 'navigate',
      label: t('triage.commands.selectRange'),
      // Shift+X: KeyboardEvent.key is the capital.
      shortcut: { key: 'X' },
      disabledReason: noRow(),
      run: () => store.focusedRow && store.selectRange(store.focusedRow.id),
    },
    {
      id: 'open',
      group: 'navigate',
      label: t('triage.commands.open'),
      shortcut: { key: 'Enter' },
      disabledReason: noRow(),
      run: () => store.focusedRow && controls.openTicket(store.focusedRow),
    },
    {
      id: 'selectAll',
      group: 'navigate',
      label: t('triage.commands.selectAll'),
      disabledReason: store.rows.length === 0 ? t('triage.actions.noRow') : null,
      run: () => store.setSelection(store.rows.map(({ id }) => id)),
    },
    {
      id: 'clearSelection',
      group: 'navigate',
      label: t('triage.commands.clearSelection'),
      disabledReason: store.selectedIds.length === 0 ? t('triage.actions.noSelection') : null,
      run: () => store.setSelection([]),
    },
    {
      id: 'search',
      group: 'navigate',
      label: t('triage.commands.search'),
      shortcut: { key: '/' },
      disabledReason: null,
      run: controls.focusSearch,
    },
    ...TRIAGE_ACTION_KINDS.map((kind): TriageCommand => ({
      id: kind,
      group: 'act',
      label: t(`triage.actions.${kind}`),
      shortcut: { key: ACTION_SHORTCUTS[kind] },
      disabledReason: actions.unavailableReason(kind),
      run: () => actions.open(kind),
    })),
    {
      id: 'undo',
      group: 'act',
      label: t('triage.undo.toolbar'),
      shortcut: { key: 'u' },
      disabledReason: store.lastBatch ? null : t('triage.undo.nothing'),
      run: () => void actions.undo(),
    },
    {
      id: 'saveView',
      group: 'views',
      label: t('triage.views.save'),
      disabledReason: null,
      run: controls.openSaveView,
    },
    {
      id: 'clearFilters',
      group: 'views',
      label: t('triage.filters.clear'),
      disabledReason: store.filtered ? null : t('triage.filters.none'),
      run: store.resetFilters,
    },
    ...store.views.map((view): TriageCommand => ({
      id: `view:${view.id}`,
      group: 'views',
      label: t('triage.views.show', { name: view.name }),
      disabledReason: null,
      run: () => store.applyFilters(view.filters),
    })),
    {
      id: 'palette',
      group: 'navigate',
      label: t('triage.commands.palette'),
      shortcut: { key: 'k', mod: true },
      disabledReason: null,
      run: controls.openPalette,
    },
    {
      id: 'shortcuts',
      group: 'navigate',
      label: t('triage.commands.shortcuts'),
      shortcut: { key: '?' },
      disabledReason: null,
      run: controls.openShortcuts,
    },
  ])
}
