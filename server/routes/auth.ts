import type { FastifyInstance } from 'fastify'
import { sessionEnded } from '../authenticate'
import type { HelpCenterContext } from '../context'
import { decoyPasswordHash, verifyPassword } from '../passwords'
import { rotateRefreshToken, revokeSessionOfRefreshToken, startSession, type IssuedSession } from '../sessions'
import { beginSignInAttempt, clearSignInFailures } from '../sign-in-limiter'
import { ACCESS_TOKEN_TTL_MS, signAccessToken } from '../tokens'
import { findUserByEmail, findUserById, toUser } from '../users'
import {
  refreshRequestSchema,
  revokeRequestSchema,
  signInRequestSchema,
  tokenGrantSchema,
  type TokenGrant,
  type User,
} from '../../shared/schemas/account'
import { SupportError, parseOrThrow } from '../../shared/schemas/error'

function tokenGrant(ctx: HelpCenterContext, session: IssuedSession, user: User): TokenGrant {
  const expiresAt = new Date(ctx.now().getTime() + ACCESS_TOKEN_TTL_MS)
  const payload = { sid: session.sessionId, sub: user.id, exp: expiresAt.getTime() }
  return tokenGrantSchema.parse({
    accessToken: signAccessToken(ctx.tokenSecret, payload),
    accessTokenExpiresAt: expiresAt.toISOString(),
    refreshToken: session.refreshToken,
    user: toUser(user),
  })
}

export function registerAuthRoutes(app: FastifyInstance, ctx: HelpCenterContext): void {
  app.post('/api/v1/auth/token', async (request) => {
    const { email, password } = parseOrThrow(signInRequestSchema, request.body, 'sign-in request')
    beginSignInAttempt(ctx.db, email, request.ip, ctx.now())
    const user = findUserByEmail(ctx.db, email)
    // An unknown email still costs a full hash check, so timing does not tell which emails exist.
    const matches = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()))
    if (!user || !matches) throw new SupportError({ code: 'unauthorized', message: 'Email or password is incorrect' })
    clearSignInFailures(ctx.db, email)
    return tokenGrant(ctx, startSession(ctx.db, user.id, ctx.now()), user)
  })

  app.post('/api/v1/auth/refresh', async (request) => {
    const { refreshToken } = parseOrThrow(refreshRequestSchema, request.body, 'refresh request')
    const outcome = rotateRefreshToken(ctx.db, refreshToken, ctx.now())
    if (!outcome.ok) {
      // A reused token means a copy is out there: worth an operator's attention, unlike plain expiry.
      request.log[outcome.reason === 'reused' ? 'warn' : 'info']({ reason: outcome.reason }, 'refresh refused')
      throw sessionEnded()
    }
    const user = findUserById(ctx.db, outcome.session.userId)
    if (!user) throw sessionEnded()
    return tokenGrant(ctx, outcome.session, user)
  })

  app.post('/api/v1/auth/revoke', async (request, reply) => {
    const { refreshToken } = parseOrThrow(revokeRequestSchema, request.body, 'sign-out request')
    revokeSessionOfRefreshToken(ctx.db, refreshToken, ctx.now())
    return reply.status(204).send()
  })
}
