import { z } from 'zod'
import { ORGANIZATION_ROLES, USER_ROLES } from '../domain/roles'
import { SUPPORT_PLAN_IDS } from '../domain/support-plan'

// A lone surrogate half is not text: encodeURIComponent throws on it, and SQLite would not store it as it came.
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((value) => !/\p{Cs}/u.test(value), { error: 'Not a valid id' })
export const isoTimeSchema = z.iso.datetime({ offset: true })

export const emailSchema = z.email({ error: 'Enter a valid email address' }).max(254)
export const passwordSchema = z.string().min(1, { error: 'Enter your password' }).max(512)

export const helpCenterUrlSchema = z
  .string()
  .trim()
  .min(1, { error: 'Enter the help center URL' })
  .max(2048)
  .refine(
    (value) => {
      try {
        const url = new URL(value)
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
      } catch {
        return false
      }
    },
    { error: 'Enter a full http(s) URL, for example https://help.example.com' },
  )

export const userSchema = z.object({
  id: idSchema,
  email: emailSchema,
  name: z.string().min(1).max(200),
  role: z.enum(USER_ROLES),
})
export type User = z.infer<typeof userSchema>

export const CLUSTER_TIERS = ['serverless', 'essential', 'dedicated'] as const
export const clusterSchema = z.object({
  id: idSchema,
  organizationId: idSchema,
  name: z.string().min(1).max(200),
  tier: z.enum(CLUSTER_TIERS),
  cloudProvider: z.enum(['aws', 'gcp', 'azure', 'alibaba']),
  region: z.string().min(1).max(64),
  tidbVersion: z.string().regex(/^v\d+\.\d+\.\d+$/, { error: 'Versions look like v8.5.1' }),
})
export type Cluster = z.infer<typeof clusterSchema>

export const organizationSchema = z.object({
  id: idSchema,
  name: z.string().min(1).max(200),
  supportPlan: z.enum(SUPPORT_PLAN_IDS),
  supportPlanSince: isoTimeSchema,
  role: z.enum(ORGANIZATION_ROLES),
  clusters: z.array(clusterSchema),
})
export type Organization = z.infer<typeof organizationSchema>

/** `GET /api/v1/me`: who the token belongs to and everything the shell needs to draw itself. */
export const profileSchema = z.object({
  user: userSchema,
  organizations: z.array(organizationSchema),
})
export type Profile = z.infer<typeof profileSchema>

export const signInRequestSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
})
export type SignInRequest = z.infer<typeof signInRequestSchema>

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(16).max(512) })
export const revokeRequestSchema = refreshRequestSchema

export const tokenGrantSchema = z.object({
  accessToken: z.string().min(16),
  accessTokenExpiresAt: isoTimeSchema,
  refreshToken: z.string().min(16),
  user: userSchema,
})
export type TokenGrant = z.infer<typeof tokenGrantSchema>
