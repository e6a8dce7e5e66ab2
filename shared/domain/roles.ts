export const USER_ROLES = ['customer', 'tam', 'engineer', 'admin'] as const
export type UserRole = (typeof USER_ROLES)[number]

/** A customer's role inside one organization: only owners change the support plan. */
export const ORGANIZATION_ROLES = ['owner', 'member', 'tam'] as const
export type OrganizationRole = (typeof ORGANIZATION_ROLES)[number]
