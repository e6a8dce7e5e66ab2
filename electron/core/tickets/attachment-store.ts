import type { Attachment } from '../../../shared/schemas/attachment'
import type { LocalAttachment, SyncState } from '../../../shared/schemas/local-ticket'
import type { AccountDatabase } from '../database/account-database'

interface AttachmentRow {
  id: string
  ticket_id: string
  comment_id: string | null
  file_name: string
  content_type: string
  size: number
  uploader_id: string
  uploader_name: string
  created_at: string
  sync_state: SyncState
  sync_error: string | null
  cached: number
}

const ATTACHMENT_COLUMNS = `id, ticket_id, comment_id, file_name, content_type, size, uploader_id, uploader_name, created_at,
  sync_state, sync_error, content IS NOT NULL AS cached`

function attachmentFromRow(row: AttachmentRow): LocalAttachment {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    commentId: row.comment_id,
    fileName: row.file_name,
    contentType: row.content_type,
    size: row.size,
    uploaderId: row.uploader_id,
    uploaderName: row.uploader_name,
    createdAt: row.created_at,
    syncState: row.sync_state,
    ...(row.sync_error ? { syncError: row.sync_error } : {}),
    cached: row.cached === 1,
  }
}

/** Files of cached tickets: metadata for all, bytes for the user's own uploads and the files they opened. */
export class AttachmentStore {
  constructor(private readonly db: AccountDatabase) {}

  /** Metadata from the server; bytes already cached (the user's own upload, an opened file) are kept. */
  upsertServer(attachment: Attachment): void {
    this.db
      .prepare(
        `INSERT INTO attachments (id, ticket_id, comment_id, file_name, content_type, size, uploader_id, uploader_name,
           created_at, sync_state)
         VALUES (@id, @ticketId, @commentId, @fileName, @contentType, @size, @uploaderId, @uploaderName, @createdAt, 'synced')
         ON CONFLICT (id) DO UPDATE SET file_name = excluded.file_name, content_type = excluded.content_type,
           size = excluded.size, uploader_name = excluded.uploader_name, created_at = excluded.created_at,
           sync_state = 'synced', sync_error = NULL`,
      )
      .run(attachment)
  }

  insertPending(attachment: Attachment, content: Buffer): void {
    this.db
      .prepare(
        `INSERT INTO attachments (id, ticket_id, comment_id, file_name, content_type, size, uploader_id, uploader_name,
           created_at, sync_state, content)
         VALUES (@id, @ticketId, @commentId, @fileName, @contentType, @size, @uploaderId, @uploaderName, @createdAt,
           'pending', @content)`,
      )
      .run({ ...attachment, content })
  }

  cacheContent(attachmentId: string, content: Buffer): void {
    this.db.prepare('UPDATE attachments SET content = ? WHERE id = ?').run(content, attachmentId)
  }

  get(attachmentId: string): LocalAttachment | null {
    const row = this.db.prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE id = ?`).get(attachmentId) as
      | AttachmentRow
      | undefined
    return row ? attachmentFromRow(row) : null
  }

  content(attachmentId: string): Buffer | null {
    const row = this.db.prepare('SELECT content FROM attachments WHERE id = ?').get(attachmentId) as
      | { content: Buffer | null }
      | undefined
    return row?.content ?? null
  }

  ofTicket(ticketId: string): LocalAttachment[] {
    const rows = this.db
      .prepare(`SELECT ${ATTACHMENT_COLUMNS} FROM attachments WHERE ticket_id = ? ORDER BY created_at, rowid`)
      .all(ticketId) as AttachmentRow[]
    return rows.map(attachmentFromRow)
  }

  markFailed(attachmentId: string, error: string): void {
    this.db.prepare("UPDATE attachments SET sync_state = 'failed', sync_error = ? WHERE id = ?").run(error, attachmentId)
  }

  markPending(attachmentId: string): void {
    this.db.prepare("UPDATE attachments SET sync_state = 'pending', sync_error = NULL WHERE id = ?").run(attachmentId)
  }

  /** Drops a never-uploaded file (its ticket or reply was discarded, or the upload itself). */
  removeLocal(attachmentId: string): void {
    this.db.prepare("DELETE FROM attachments WHERE id = ? AND sync_state <> 'synced'").run(attachmentId)
  }

  removeLocalOf(owner: { ticketId: string } | { commentId: string }): void {
    if ('ticketId' in owner) {
      this.db.prepare("DELETE FROM attachments WHERE ticket_id = ? AND sync_state <> 'synced'").run(owner.ticketId)
    } else {
      this.db.prepare("DELETE FROM attachments WHERE comment_id = ? AND sync_state <> 'synced'").run(owner.commentId)
    }
  }
}
