import { clipboard, dialog, shell, type BrowserWindow, type MessageBoxOptions } from 'electron'
import { sessionStateSchema } from '../../shared/schemas/session'
import { decideExternalLink } from '../core/ipc/external-links'
import type { SupportCore } from '../core/support-core'

const COPY_LINK = 0
/** A page could hand over a megabyte of URL; the message shows its start, the clipboard gets all of it. */
const SHOWN_LINK_LENGTH = 300

export interface ExternalLinksOptions {
  /** The help center signed in to now, whose own pages may open; null when signed out. */
  helpCenterUrl: () => Promise<string | null>
  /** The window a refused link's message belongs to. */
  window: () => BrowserWindow | null
}

/**
 * Links the renderer follows. Allowed ones go to the system browser; any other is refused with the
 * reason, and the user may copy it to open it themselves.
 */
export class ExternalLinks {
  // A page that opens links in a loop gets one message at a time, not a stack of them.
  private asking = false

  constructor(private readonly options: ExternalLinksOptions) {}

  async open(link: string): Promise<void> {
    const decision = decideExternalLink(link, { helpCenterUrl: await this.options.helpCenterUrl() })
    if (decision.open) await shell.openExternal(decision.url)
    else await this.refuse(link, decision.reason)
  }

  private async refuse(link: string, reason: string): Promise<void> {
    if (this.asking) return
    this.asking = true
    try {
      const shown = link.length > SHOWN_LINK_LENGTH ? `${link.slice(0, SHOWN_LINK_LENGTH - 1)}…` : link
      const message: MessageBoxOptions = {
        type: 'warning',
        message: 'TiDB Cloud Support did not open this link',
        detail: `${shown}\n\nIt was not opened because ${reason}. If you trust it, copy it and open it in your browser yourself.`,
        buttons: ['Copy Link', 'Close'],
        defaultId: 1,
        cancelId: 1,
        noLink: true,
      }
      const window = this.options.window()
      const { response } = window ? await dialog.showMessageBox(window, message) : await dialog.showMessageBox(message)
      if (response === COPY_LINK) clipboard.writeText(link)
    } finally {
      this.asking = false
    }
  }
}

/** The signed-in help center's address as core reports it, or null while signed out or before core exists. */
export async function signedInHelpCenterUrl(core: Pick<SupportCore, 'dispatch'> | null): Promise<string | null> {
  if (!core) return null
  const result = await core.dispatch('session.get', {})
  if (!result.ok) return null
  const state = sessionStateSchema.safeParse(result.value)
  return state.success && state.data.status === 'signed_in' ? state.data.account.helpCenterUrl : null
}
