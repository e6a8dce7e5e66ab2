import type { FastifyInstance } from 'fastify'
import { visibleAttachment } from '../attachments'
import { authenticate } from '../authenticate'
import type { HelpCenterContext } from '../context'
import { attachmentWithContentSchema } from '../../shared/schemas/attachment'
import { SupportError } from '../../shared/schemas/error'
import { clientIdSchema } from '../../shared/schemas/ticket'

interface AttachmentParams {
  Params: { attachmentId: string }
}

export function registerAttachmentRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  /** The file with its bytes; 404 for hidden and missing alike, so ids reveal nothing. */
  app.get<AttachmentParams>('/api/v1/attachments/:attachmentId', async (request) => {
    const user = authenticate(ctx, request)
    const { attachmentId } = request.params
    const attachment = clientIdSchema.safeParse(attachmentId).success
      ? visibleAttachment(ctx.db, user, attachmentId)
      : undefined
    if (!attachment) throw new SupportError({ code: 'not_found', message: 'No such attachment' })
    return attachmentWithContentSchema.parse(attachment)
  })
}
