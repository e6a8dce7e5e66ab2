import { appendChange, seesInternalNotes, ticketChangeScope, ticketScopeSql } from './change-log'
import type { HelpCenterDatabase } from './database'
import type { User } from '../shared/schemas/account'
import {
  ATTACHMENT_MAX_BYTES,
  type Attachment,
  type AttachmentWithContent,
} from '../shared/schemas/attachment'
import type { Comment, Ticket } from '../shared/schemas/ticket'

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
}

// Metadata only: the bytes are read where they are served, never for the change feed.
const ATTACHMENT_SELECT = `SELECT a.id, a.ticket_id, a.comment_id, a.file_name, a.content_type, a.size, a.uploader_id,
  a.created_at, u.name AS uploader_name FROM attachments a JOIN users u ON u.id = a.uploader_id`

function toAttachment(row: AttachmentRow): Attachment {
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
  }
}

/** Room for `files` uploads at the size limit, as base64 (4/3 of it), and the JSON around them. */
export function uploadBodyLimit(files: number): number {
  return files * Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 2 * 1024 * 1024
}

/** A decoded file with its id, ready to store. */
export interface AttachmentFile {
  id: string
  fileName: string
  contentType: string
  content: Buffer
}

export interface NewAttachment extends AttachmentFile {
  /** The reply it comes with, whose visibility it takes; null when it is filed with the ticket (public). */
  comment: Pick<Comment, 'id' | 'visibility'> | null
  uploaderId: string
  now: Date
}

/** Stores the file and logs it with the ticket's scope; returns the change's seq. */
export function insertAttachment(db: HelpCenterDatabase, ticket: Ticket, attachment: NewAttachment): number {
  const visibility = attachment.comment?.visibility ?? 'public'
  const seq = appendChange(db, 'attachment', attachment.id, ticketChangeScope(ticket, visibility))
  db.prepare(
    `INSERT INTO attachments (id, ticket_id, comment_id, file_name, content_type, size, content, uploader_id,
       created_at, seq)
     VALUES (@id, @ticketId, @commentId, @fileName, @contentType, @size, @content, @uploaderId, @createdAt, @seq)`,
  ).run({
    id: attachment.id,
    ticketId: ticket.id,
    commentId: attachment.comment?.id ?? null,
    fileName: attachment.fileName,
    contentType: attachment.contentType,
    size: attachment.content.length,
    content: attachment.content,
    uploaderId: attachment.uploaderId,
    createdAt: attachment.now.toISOString(),
    seq,
  })
  return seq
}

/** Any attachment's metadata, whoever asks: for the change feed (already scoped) and for id checks. */
export function findAttachment(db: HelpCenterDatabase, attachmentId: string): Attachment | undefined {
  const row = db.prepare(`${ATTACHMENT_SELECT} WHERE a.id = ?`).get(attachmentId) as AttachmentRow | undefined
  return row && toAttachment(row)
}

/**
 * The file with its bytes if this user may see it: its ticket must be visible to them, and a file that came with
 * an internal note is support's alone. Undefined both when it is hidden and when it does not exist.
 */
export function visibleAttachment(
  db: HelpCenterDatabase,
  user: User,
  attachmentId: string,
): AttachmentWithContent | undefined {
  const internal = seesInternalNotes(user) ? '' : ` AND (c.visibility IS NULL OR c.visibility = 'public')`
  const row = db
    .prepare(
      `SELECT a.*, u.name AS uploader_name FROM attachments a JOIN users u ON u.id = a.uploader_id
       JOIN tickets t ON t.id = a.ticket_id LEFT JOIN comments c ON c.id = a.comment_id
       WHERE a.id = @attachmentId AND ${ticketScopeSql(user, 't')}${internal}`,
    )
    .get({ userId: user.id, attachmentId }) as (AttachmentRow & { content: Buffer }) | undefined
  return row && { ...toAttachment(row), contentBase64: row.content.toString('base64') }
}
