import { z } from 'zod'
import { idSchema, isoTimeSchema } from './account'

/** Per file. Logs larger than this belong in a support-bundle link in the description. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
/** Per ticket or reply. */
export const ATTACHMENTS_PER_MESSAGE_MAX = 5

/** Base64 length of the largest allowed file, so an oversized upload is refused before it is decoded. */
const MAX_BASE64_LENGTH = Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4

export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

export const attachmentFileNameSchema = z
  .string()
  .trim()
  .min(1, { error: 'The file needs a name' })
  .max(255, { error: 'File names can be at most 255 characters' })
  // Names come from the user's disk and end up in download dialogs: no paths, no control characters.
  .refine((name) => ![...name].some((char) => char === '/' || char === '\\' || char.charCodeAt(0) < 0x20) && name !== '.' && name !== '..', {
    error: 'File names cannot contain slashes or control characters',
  })

export const attachmentContentTypeSchema = z
  .string()
  .max(127)
  .regex(/^[\w.+-]+\/[\w.+-]+$/, { error: 'Unknown file type' })

export const attachmentContentSchema = z
  .string()
  .max(MAX_BASE64_LENGTH, { error: `Attachments can be at most ${formatMegabytes(ATTACHMENT_MAX_BYTES)}` })
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'The file content must be base64' })
  .refine((content) => content.length % 4 === 0, { error: 'The file content must be base64' })
  .refine((content) => base64ByteLength(content) <= ATTACHMENT_MAX_BYTES, {
    error: `Attachments can be at most ${formatMegabytes(ATTACHMENT_MAX_BYTES)}`,
  })

/** Decoded size of a base64 string, without decoding it. */
export function base64ByteLength(content: string): number {
  const padding = content.endsWith('==') ? 2 : content.endsWith('=') ? 1 : 0
  return (content.length / 4) * 3 - padding
}

/** A file the user attaches: the same schema checks the renderer's picker, the IPC payload and the server. */
export const attachmentUploadSchema = z.object({
  fileName: attachmentFileNameSchema,
  contentType: attachmentContentTypeSchema,
  contentBase64: attachmentContentSchema.refine((content) => base64ByteLength(content) > 0, {
    error: 'The file is empty',
  }),
})
export type AttachmentUpload = z.infer<typeof attachmentUploadSchema>

export const attachmentUploadsSchema = z
  .array(attachmentUploadSchema)
  .max(ATTACHMENTS_PER_MESSAGE_MAX, { error: `Attach at most ${ATTACHMENTS_PER_MESSAGE_MAX} files at a time` })

/** What the change feed and the cache know of a file; the bytes are fetched on demand. */
export const attachmentSchema = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  /** The reply it came with; null when it was filed with the ticket. */
  commentId: z.uuid().nullable(),
  fileName: attachmentFileNameSchema,
  contentType: attachmentContentTypeSchema,
  size: z.number().int().positive().max(ATTACHMENT_MAX_BYTES),
  uploaderId: idSchema,
  uploaderName: z.string(),
  createdAt: isoTimeSchema,
})
export type Attachment = z.infer<typeof attachmentSchema>

/** `GET /api/v1/attachments/:id`: the file itself, for those who may see its ticket. */
export const attachmentWithContentSchema = attachmentSchema.extend({ contentBase64: attachmentContentSchema })
export type AttachmentWithContent = z.infer<typeof attachmentWithContentSchema>
