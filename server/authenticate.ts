import type { FastifyRequest } from 'fastify'
import type { HelpCenterContext } from './context'
import { activeSessionUserId } from './sessions'
import { verifyAccessToken } from './tokens'
import { findUserById, toUser } from './users'
import { SupportError } from '../shared/schemas/error'
import type { User } from '../shared/schemas/account'

export function sessionEnded(): SupportError {
  return new SupportError({ code: 'unauthorized', message: 'Your session has ended. Sign in again.' })
}

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+) *$/i

/**
 * The signed-in user. A valid signature is not enough: the session must still exist and be unrevoked, so
 * signing out or a detected refresh-token theft ends its access tokens at once, not 15 minutes later.
 */
export function authenticate(ctx: HelpCenterContext, request: FastifyRequest): User {
  const header = request.headers.authorization
  if (!header) throw new SupportError({ code: 'unauthorized', message: 'Sign in to continue' })
  const token = BEARER.exec(header)?.[1]
  const payload = token === undefined ? null : verifyAccessToken(ctx.tokenSecret, token, ctx.now())
  const sessionIsLive = payload !== null && activeSessionUserId(ctx.db, payload.sid) === payload.sub
  const user = sessionIsLive ? findUserById(ctx.db, payload.sub) : undefined
  if (!user) throw sessionEnded()
  return toUser(user)
}
