import { z } from 'zod'
import { SEVERITIES } from '../domain/support-plan'
import { idSchema, isoTimeSchema } from './account'

const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Use a 24-hour time such as 22:00' })

export const notificationPreferencesSchema = z.object({
  enabled: z.boolean(),
  /** Public replies from support on the user's own tickets. */
  replies: z.boolean(),
  statusChanges: z.boolean(),
  /** One of the user's open tickets passed its first-response target without an answer. */
  targetBreaches: z.boolean(),
  breachSeverities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length),
  /** Tickets of this severity or a more urgent one notify; S4 means every ticket. */
  minimumSeverity: z.enum(SEVERITIES),
  quietHours: z.object({ enabled: z.boolean(), start: clockTimeSchema, end: clockTimeSchema }),
  sound: z.boolean(),
  /** "Pause for 1 hour" / "until tomorrow" from the tray; null when not paused. */
  pausedUntil: isoTimeSchema.nullable(),
})
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>

/** The languages the app speaks. */
export const SUPPORT_LANGUAGES = ['en', 'ja'] as const
export type SupportLanguage = (typeof SUPPORT_LANGUAGES)[number]

/** What the user sets in Settings; the shell keeps it in electron-store. */
export const preferencesSchema = z.object({
  notifications: notificationPreferencesSchema,
  /** The app's language, chosen in Settings: the main process writes native notifications in it. */
  language: z.enum(SUPPORT_LANGUAGES),
  /** Closing the window keeps the app running in the tray, so replies still notify. */
  closeToTray: z.boolean(),
})
export type Preferences = z.infer<typeof preferencesSchema>

export const DEFAULT_PREFERENCES: Preferences = {
  notifications: {
    enabled: true,
    replies: true,
    statusChanges: true,
    targetBreaches: true,
    breachSeverities: ['S1', 'S2'],
    minimumSeverity: 'S4',
    quietHours: { enabled: false, start: '22:00', end: '07:00' },
    sound: true,
    pausedUntil: null,
  },
  language: 'en',
  // Off until the user chooses it: some Linux desktops have no tray to come back from.
  closeToTray: false,
}

/** A change from Settings: any subset of the fields; unknown keys are refused. */
export const preferencesPatchSchema = z
  .object({
    notifications: notificationPreferencesSchema
      .omit({ quietHours: true })
      .partial()
      .extend({ quietHours: notificationPreferencesSchema.shape.quietHours.partial().optional() })
      .strict()
      .optional(),
    closeToTray: z.boolean().optional(),
    language: z.enum(SUPPORT_LANGUAGES).optional(),
  })
  .strict()
export type PreferencesPatch = z.infer<typeof preferencesPatchSchema>

export const PAUSE_CHOICES = ['1h', 'tomorrow', 'resume'] as const
export const pauseNotificationsInputSchema = z.object({ pause: z.enum(PAUSE_CHOICES) })

/** Where the app should go: from a notification click, the tray menu, or a deep link. */
export const navigationSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('tickets'), search: z.string().max(200).optional() }),
  z.object({ to: z.literal('ticket'), ticketId: z.uuid() }),
  z.object({
    to: z.literal('new-ticket'),
    kind: z.enum(['account_billing', 'technical']).optional(),
    organizationId: idSchema.optional(),
    clusterId: idSchema.optional(),
  }),
])
export type Navigation = z.infer<typeof navigationSchema>

export const appNoticeSchema = z.object({ level: z.enum(['info', 'error']), message: z.string() })
export type AppNotice = z.infer<typeof appNoticeSchema>
