import type { FastifyInstance } from 'fastify'
import { authenticate } from '../authenticate'
import type { HelpCenterContext } from '../context'
import { isSupport, supportStaff } from '../users'
import { SupportError } from '../../shared/schemas/error'
import { staffListSchema } from '../../shared/schemas/triage'

/** Who tickets can be assigned to: support's own directory, not for customers. */
export function registerStaffRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  app.get('/api/v1/staff', async (request) => {
    const user = authenticate(ctx, request)
    if (!isSupport(user)) throw new SupportError({ code: 'forbidden', message: 'Only support can list support staff' })
    return staffListSchema.parse({ staff: supportStaff(ctx.db) })
  })
}
