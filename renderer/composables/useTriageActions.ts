import type { InjectionKey } from 'vue'
import type { NotAppliedChange, TriageAction, TriageRow } from '../../shared/schemas/triage'
import { NButton, useMessage } from 'naive-ui'
import { h, inject, provide, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { BULK_ACTION_KINDS } from '../../shared/schemas/triage'
import { useSessionStore } from '../stores/session'
import { useTriageStore } from '../stores/triage'

export type TriageActionKind = TriageAction['kind']

/** In the order the toolbar, the palette and the shortcuts list show them. */
export const TRIAGE_ACTION_KINDS = [
  'assign',
  'labels',
  'setStatus',
  'setPriority',
  'setSeverity',
  'note',
  'reply',
] as const satisfies readonly TriageActionKind[]

const isBulkAction = (kind: TriageActionKind) => (BULK_ACTION_KINDS as readonly string[]).includes(kind)

/** Long enough to notice the mistake; the toolbar's Undo stays after the message goes. */
const UNDO_MESSAGE_MS = 8_000

interface OpenActionDialog {
  kind: TriageActionKind
  /** Taken when the dialog opens, so moving the focus behind it changes nothing. */
  targets: TriageRow[]
}

const messageOf = (caught: unknown) => (caught instanceof Error ? caught.message : String(caught))

function createTriageActions() {
  const store = useTriageStore()
  const session = useSessionStore()
  const message = useMessage()
  const { t } = useI18n()

  const dialog = ref<OpenActionDialog | null>(null)
  /** The latest outcome in words, for a live region: Naive UI's messages are not announced. */
  const announcement = ref('')

  /** "SUP-1042" for one ticket, "3 tickets" for several. */
  function describeTargets(targets: readonly TriageRow[]) {
    if (targets.length === 1) return targets[0]!.key ?? targets[0]!.summary
    return t('triage.targets.tickets', targets.length)
  }

  /** Why `kind` cannot run on what is focused or selected now, or null when it can. */
  function unavailableReason(kind: TriageActionKind): string | null {
    const count = store.actionTargets.length
    if (count === 0) return t('triage.actions.noTarget')
    if (count > 1 && !isBulkAction(kind)) return t('triage.actions.singleOnly', { action: t(`triage.actions.${kind}`) })
    return null
  }

  function tell(text: string, type: 'info' | 'error' = 'info') {
    announcement.value = text
    if (type === 'error') message.error(text, { closable: true })
    else message.info(text)
  }

  function open(kind: TriageActionKind) {
    const reason = unavailableReason(kind)
    if (reason) return tell(reason)
    dialog.value = { kind, targets: [...store.actionTargets] }
  }

  function close() {
    dialog.value = null
  }

  async function undo(batchId?: string) {
    try {
      const result = await store.undo(batchId)
      if (result) tell(t('triage.undo.done', result.applied))
    } catch (caught) {
      tell(t('triage.undo.failed', { error: messageOf(caught) }), 'error')
    }
  }

  /** Says what was queued, with an Undo for this batch for a few seconds. */
  function confirm(text: string, batchId: string) {
    const full = session.connection === 'offline' ? `${text} ${t('triage.done.offline')}` : text
    announcement.value = full
    const shown = message.success(() => h('span', { class: 'triage-undo-message' }, [
      full,
      ' ',
      h(NButton, {
        'text': true,
        'type': 'primary',
        'size': 'small',
        'data-testid': 'triage-undo-message',
        'onClick': () => {
          shown.destroy()
          void undo(batchId)
        },
      }, () => t('triage.undo.action')),
    ]), { duration: UNDO_MESSAGE_MS, closable: true })
  }

  function describeDone(action: TriageAction, targets: readonly TriageRow[]) {
    const target = describeTargets(targets)
    switch (action.kind) {
      case 'setSeverity':
        return t('triage.done.setSeverity', { target, severity: action.severity })
      case 'setPriority':
        return action.priority
          ? t('triage.done.setPriority', { target, priority: t(`triage.priorities.${action.priority}`) })
          : t('triage.done.clearPriority', { target })
      case 'assign': {
        const assignee = store.staff.find(({ id }) => id === action.assigneeId)?.name ?? action.assigneeId
        return assignee ? t('triage.done.assign', { target, assignee }) : t('triage.done.unassign', { target })
      }
      case 'setStatus':
        return t('triage.done.setStatus', { target, status: t(`triage.statuses.${action.status}`) })
      case 'labels':
        return t('triage.done.labels', { target })
      case 'note':
        return t('triage.done.note', { target })
      case 'reply':
        return t('triage.done.reply', { target })
    }
  }

  /** Queues `action` on `targets`; rejects (with the core's error) when it was not queued. */
  async function apply(action: TriageAction, targets: readonly TriageRow[]) {
    const result = await store.apply(targets.map(({ id }) => id), action)
    confirm(describeDone(action, targets), result.batchId)
    return result
  }

  async function reapply(change: NotAppliedChange) {
    try {
      const result = await store.reapply(change.mutationId)
      confirm(t('triage.notApplied.reapplied'), result.batchId)
    } catch (caught) {
      tell(t('triage.notApplied.reapplyFailed', { error: messageOf(caught) }), 'error')
    }
  }

  async function dismiss(change: NotAppliedChange) {
    try {
      await store.dismiss(change.mutationId)
      announcement.value = t('triage.notApplied.dismissed')
    } catch (caught) {
      tell(messageOf(caught), 'error')
    }
  }

  return { dialog, announcement, describeTargets, unavailableReason, tell, open, close, apply, undo, reapply, dismiss }
}

export type TriageActions = ReturnType<typeof createTriageActions>

const triageActionsKey: InjectionKey<TriageActions> = Symbol('triage-actions')

/** Created once by the Triage screen: its toolbar, queue, dialogs and palette share one dialog and one undo. */
export function provideTriageActions() {
  const actions = createTriageActions()
  provide(triageActionsKey, actions)
  return actions
}

export function useTriageActions(): TriageActions {
  const actions = inject(triageActionsKey)
  if (!actions) throw new Error('useTriageActions() needs provideTriageActions() in the Triage screen')
  return actions
}
