import type { FastifyInstance, FastifyRequest } from 'fastify'
import { authenticate } from '../authenticate'
import type { HelpCenterContext } from '../context'
import { visibleOrganization } from '../organizations'
import {
  downgradePlan,
  organizationPlan,
  planCatalog,
  requestSalesContact,
  setPlanBySales,
  upgradePlan,
  type PlanChangeActor,
} from '../plans'
import { idSchema, type Organization, type User } from '../../shared/schemas/account'
import { parseOrThrow, SupportError } from '../../shared/schemas/error'
import {
  adminPlanChangeSchema,
  planDowngradeSchema,
  planUpgradeSchema,
  salesContactSchema,
  type OrganizationPlan,
} from '../../shared/schemas/plan'

interface OrganizationParams {
  Params: { organizationId: string }
}

/** The support plans, what each organization is on, and the ways to change it. */
export function registerPlanRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  /** 404 for hidden and missing alike, as for the other organization routes. */
  function organizationFor(user: User, organizationId: string): Organization {
    const organization = idSchema.safeParse(organizationId).success
      ? visibleOrganization(ctx.db, user, organizationId)
      : undefined
    if (!organization) throw new SupportError({ code: 'not_found', message: 'No such organization' })
    return organization
  }

  /** Members, TAMs and staff see the plan read-only; checked before the body, so they learn nothing from it. */
  function ownerOf(request: FastifyRequest, organizationId: string): PlanChangeActor {
    const user = authenticate(ctx, request)
    const organization = organizationFor(user, organizationId)
    if (organization.role !== 'owner') {
      throw new SupportError({
        code: 'forbidden',
        message: `Only an owner of ${organization.name} can change its support plan`,
      })
    }
    return { organizationId: organization.id, actorId: user.id, now: ctx.now() }
  }

  function planAsOwnerSees(organizationId: string): OrganizationPlan {
    return organizationPlan(ctx.db, organizationId, { canChangePlan: true, now: ctx.now() })
  }

  app.get('/api/v1/plans', async (request) => {
    authenticate(ctx, request)
    return planCatalog(ctx.db)
  })

  app.get<OrganizationParams>('/api/v1/organizations/:organizationId/plan', async (request) => {
    const organization = organizationFor(authenticate(ctx, request), request.params.organizationId)
    const viewer = { canChangePlan: organization.role === 'owner', now: ctx.now() }
    return organizationPlan(ctx.db, organization.id, viewer)
  })

  app.post<OrganizationParams>('/api/v1/organizations/:organizationId/plan/upgrade', async (request) => {
    const actor = ownerOf(request, request.params.organizationId)
    upgradePlan(ctx.db, actor, parseOrThrow(planUpgradeSchema, request.body, 'upgrade'))
    ctx.changes.notify()
    return planAsOwnerSees(actor.organizationId)
  })

  app.post<OrganizationParams>('/api/v1/organizations/:organizationId/plan/downgrade', async (request) => {
    const actor = ownerOf(request, request.params.organizationId)
    downgradePlan(ctx.db, actor, parseOrThrow(planDowngradeSchema, request.body, 'downgrade'))
    ctx.changes.notify()
    return planAsOwnerSees(actor.organizationId)
  })

  app.post<OrganizationParams>('/api/v1/organizations/:organizationId/sales-requests', async (request, reply) => {
    const actor = ownerOf(request, request.params.organizationId)
    requestSalesContact(ctx.db, actor, parseOrThrow(salesContactSchema, request.body, 'contact request'))
    return reply.status(201).send(planAsOwnerSees(actor.organizationId))
  })

  app.post<OrganizationParams>('/api/v1/admin/organizations/:organizationId/plan', async (request) => {
    const user = authenticate(ctx, request)
    if (user.role !== 'admin') {
      throw new SupportError({ code: 'forbidden', message: 'Only help center admins can set a plan directly' })
    }
    const organization = organizationFor(user, request.params.organizationId)
    const { plan } = parseOrThrow(adminPlanChangeSchema, request.body, 'plan change')
    const actor = { organizationId: organization.id, actorId: user.id, now: ctx.now() }
    if (setPlanBySales(ctx.db, actor, plan)) ctx.changes.notify()
    return organizationPlan(ctx.db, organization.id, { canChangePlan: false, now: ctx.now() })
  })
}
