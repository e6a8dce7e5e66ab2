import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { authenticate } from '../authenticate'
import type { HelpCenterContext } from '../context'
import { organizationsOf, visibleOrganization } from '../organizations'
import {
  clusterSchema,
  idSchema,
  organizationSchema,
  profileSchema,
  type Organization,
} from '../../shared/schemas/account'
import { SupportError } from '../../shared/schemas/error'

const clusterListSchema = z.object({ clusters: z.array(clusterSchema) })

interface OrganizationParams {
  Params: { organizationId: string }
}

export function registerOrganizationRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  /** 404 for hidden and missing alike: a customer must not learn that another customer's organization exists. */
  function organizationFor(request: FastifyRequest, organizationId: string): Organization {
    const user = authenticate(ctx, request)
    const organization = idSchema.safeParse(organizationId).success
      ? visibleOrganization(ctx.db, user, organizationId)
      : undefined
    if (!organization) throw new SupportError({ code: 'not_found', message: 'No such organization' })
    return organization
  }

  app.get('/api/v1/me', async (request) => {
    const user = authenticate(ctx, request)
    return profileSchema.parse({ user, organizations: organizationsOf(ctx.db, user) })
  })

  app.get<OrganizationParams>('/api/v1/organizations/:organizationId', async (request) =>
    organizationSchema.parse(organizationFor(request, request.params.organizationId)),
  )

  app.get<OrganizationParams>('/api/v1/organizations/:organizationId/clusters', async (request) =>
    clusterListSchema.parse({ clusters: organizationFor(request, request.params.organizationId).clusters }),
  )
}
