import { z } from 'zod'
import { emailSchema, helpCenterUrlSchema, idSchema, isoTimeSchema, passwordSchema, profileSchema } from './account'

export const accountSchema = z.object({
  id: idSchema,
  helpCenterUrl: z.string(),
  email: emailSchema,
  /** Signed in to the demo help center that the app runs itself. */
  embedded: z.boolean(),
})
export type Account = z.infer<typeof accountSchema>

export const CONNECTION_STATES = ['online', 'offline'] as const
export type ConnectionState = (typeof CONNECTION_STATES)[number]

export const signedOutStateSchema = z.object({
  status: z.literal('signed_out'),
  demoAvailable: z.boolean(),
  lastHelpCenterUrl: z.string().optional(),
  lastEmail: z.string().optional(),
  /** Why the user is here again, e.g. an expired session; shown once on the sign-in screen. */
  notice: z.string().optional(),
})

export const signedInStateSchema = z.object({
  status: z.literal('signed_in'),
  account: accountSchema,
  profile: profileSchema,
  profileFetchedAt: isoTimeSchema,
  connection: z.enum(CONNECTION_STATES),
  offlineReason: z.string().optional(),
  /** False where the OS offers no keychain: the session then lasts until the app quits. */
  sessionPersisted: z.boolean(),
  /** The offline cache was found damaged and rebuilt during this session: what happened and what was kept. */
  cacheRebuiltNotice: z.string().optional(),
})

export const sessionStateSchema = z.discriminatedUnion('status', [signedOutStateSchema, signedInStateSchema])
export type SessionState = z.infer<typeof sessionStateSchema>
export type SignedInState = z.infer<typeof signedInStateSchema>

export const signInInputSchema = z.object({
  helpCenterUrl: helpCenterUrlSchema,
  email: emailSchema,
  password: passwordSchema,
})
export type SignInInput = z.infer<typeof signInInputSchema>
