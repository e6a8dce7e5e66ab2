import type { webApi } from '@slack/bolt'
import type { HelpCenterDatabase } from '../database'
import { findUserByEmail, toUser } from '../users'
import type { User } from '../../shared/schemas/account'
import { isValidTimeZone } from '../../shared/domain/business-hours'

export type LinkedAccount =
  | { found: true; user: User; timeZone: string }
  | { found: false; reason: string }

/**
 * The help-center account a Slack user acts as: the one with their Slack profile's email address (users.info needs
 * the users:read and users:read.email scopes). Looked up on every use, so a changed address takes effect at once.
 */
export async function linkedAccount(db: HelpCenterDatabase, client: webApi.WebClient, slackUserId: string): Promise<LinkedAccount> {
  const { user } = await client.users.info({ user: slackUserId })
  const email = user?.profile?.email
  if (!email) {
    return {
      found: false,
      reason: 'Your Slack profile does not show an email address to the support bot, so it cannot tell which TiDB Cloud help-center account is yours.',
    }
  }
  const account = findUserByEmail(db, email)
  if (!account) {
    return {
      found: false,
      reason: `No TiDB Cloud help-center account uses ${email}, the email address of your Slack profile. Sign up with it, or ask your organization's owner to invite it.`,
    }
  }
  // Business-hours targets count in the requester's time zone, as the desktop app sends it.
  const timeZone = user.tz && isValidTimeZone(user.tz) ? user.tz : 'UTC'
  return { found: true, user: toUser(account), timeZone }
}
