import { describe, expect, it } from 'vitest'
import { demoHelpCenter, getAs, signIn } from './help-center'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../server/seed/demo'
import { LOST_RENEWAL_GRACE_MS } from '../../../server/sessions'
import { signAccessToken } from '../../../server/tokens'
import { profileSchema } from '../../../shared/schemas/account'
import { supportErrorSchema } from '../../../shared/schemas/error'

const MINUTE = 60_000

function signInRequest(email: string, password: string, remoteAddress = '10.0.0.1') {
  return { method: 'POST' as const, url: '/api/v1/auth/token', payload: { email, password }, remoteAddress }
}

describe('signing in', () => {
  it('returns tokens that open the profile', async () => {
    const { app } = await demoHelpCenter()
    const grant = await signIn(app, DEMO_ACCOUNTS.customer)
    expect(grant.user).toEqual({
      id: 'usr-aiko',
      email: 'aiko@sakura-fintech.example',
      name: 'Aiko Sato',
      role: 'customer',
    })
    expect(Date.parse(grant.accessTokenExpiresAt) - Date.parse('2026-03-02T09:00:00.000Z')).toBe(15 * MINUTE)

    const me = await getAs(app, grant.accessToken, '/api/v1/me')
    expect(me.statusCode).toBe(200)
    const profile = profileSchema.parse(me.json())
    expect(profile.user.id).toBe('usr-aiko')
    expect(profile.organizations.map((organization) => organization.name)).toEqual(['Pebble Labs', 'Sakura Fintech'])
  })

  it('matches the email case-insensitively', async () => {
    const { app } = await demoHelpCenter()
    const response = await app.inject(signInRequest('Aiko@Sakura-Fintech.EXAMPLE', DEMO_PASSWORD))
    expect(response.statusCode).toBe(200)
    expect(response.json().user.id).toBe('usr-aiko')
  })

  it('refuses a wrong password and an unknown email with the same 401 and no token', async () => {
    const { app } = await demoHelpCenter()
    const wrongPassword = await app.inject(signInRequest(DEMO_ACCOUNTS.customer.email, 'tidb-demo!'))
    const unknownEmail = await app.inject(signInRequest('nobody@sakura-fintech.example', DEMO_PASSWORD))
    for (const response of [wrongPassword, unknownEmail]) {
      expect(response.statusCode).toBe(401)
      expect(response.json()).toEqual({ code: 'unauthorized', message: 'Email or password is incorrect' })
      expect(response.body).not.toContain('Token')
    }
  })

  it('answers an invalid body with 400 and the offending fields', async () => {
    const { app } = await demoHelpCenter()
    const response = await app.inject(signInRequest('not-an-email', ''))
    expect(response.statusCode).toBe(400)
    const body = supportErrorSchema.parse(response.json())
    expect(body.code).toBe('invalid_input')
    expect(body.message).toBe('Invalid sign-in request: check email, password')
    expect(body.fields?.email).toBe('Enter a valid email address')
    expect(body.fields?.password).toBe('Enter your password')
  })

  it('answers malformed JSON with 400 invalid_input and an unknown route with 404 not_found', async () => {
    const { app } = await demoHelpCenter()
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json().code).toBe('invalid_input')

    const unknown = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' })
    expect(unknown.statusCode).toBe(404)
    expect(supportErrorSchema.parse(unknown.json()).code).toBe('not_found')
  })
})

describe('errors', () => {
  it('answers a non-JSON body with 400 invalid_input', async () => {
    const { app } = await demoHelpCenter()
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/token',
      headers: { 'content-type': 'text/xml' },
      payload: '<email/>',
    })
    expect(response.statusCode).toBe(400)
    expect(response.json()).toEqual({
      code: 'invalid_input',
      message: 'Invalid request: send JSON with Content-Type: application/json',
    })
  })

  it('answers an unexpected failure with a generic 500 and no internals', async () => {
    const { app, db } = await demoHelpCenter()
    const grant = await signIn(app, DEMO_ACCOUNTS.customer)
    db.close()
    const response = await getAs(app, grant.accessToken, '/api/v1/me')
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({
      code: 'internal',
      message: 'The help center hit an unexpected error. Try again later.',
    })
  })
})

describe('sign-in rate limiting', () => {
  it('after 5 failures for an email refuses even the right password until the window has passed', async () => {
    const { app, clock } = await demoHelpCenter()
    const email = DEMO_ACCOUNTS.customer.email
    for (let attempt = 0; attempt < 5; attempt++) {
      // Spread over addresses and spellings: the limit is per email, whatever the case.
      const spelling = attempt % 2 ? email.toUpperCase() : email
      const response = await app.inject(signInRequest(spelling, 'guess', `10.0.1.${attempt}`))
      expect(response.statusCode).toBe(401)
      clock.advance(MINUTE)
    }

    const refused = await app.inject(signInRequest(email, DEMO_PASSWORD, '10.0.2.1'))
    expect(refused.statusCode).toBe(429)
    // The first failure, 5 minutes ago, leaves the 15-minute window 10 minutes from now.
    expect(refused.headers['retry-after']).toBe(String(10 * 60))
    expect(refused.json()).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 10 * 60 })
    expect(refused.body).not.toContain('accessToken')

    clock.advance(10 * MINUTE - 1000)
    const stillRefused = await app.inject(signInRequest(email, DEMO_PASSWORD))
    expect(stillRefused.statusCode).toBe(429)
    expect(stillRefused.headers['retry-after']).toBe('1')

    // Other accounts are unaffected meanwhile.
    expect((await app.inject(signInRequest(DEMO_ACCOUNTS.member.email, DEMO_PASSWORD))).statusCode).toBe(200)

    clock.advance(1000)
    expect((await app.inject(signInRequest(email, DEMO_PASSWORD))).statusCode).toBe(200)
  })

  it('counts parallel guesses too', async () => {
    const { app } = await demoHelpCenter()
    const guesses = await Promise.all(
      Array.from({ length: 8 }, (_, index) => app.inject(signInRequest(DEMO_ACCOUNTS.member.email, `guess-${index}`))),
    )
    const statuses = guesses.map((response) => response.statusCode).sort()
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429])
  })

  // 20 real scrypt checks: slow on a small machine, hence the budget (nothing waits on the clock).
  it('after 20 failures from one address refuses it, whichever email it tries', { timeout: 30_000 }, async () => {
    const { app, clock } = await demoHelpCenter()
    const address = '203.0.113.9'
    const guess = (index: number) => app.inject(signInRequest(`visitor${index}@example.com`, 'guess', address))
    const failures = await Promise.all(Array.from({ length: 20 }, (_, index) => guess(index)))
    expect(failures.map((response) => response.statusCode)).toEqual(Array(20).fill(401))
    const aiko = (from: string) => signInRequest(DEMO_ACCOUNTS.customer.email, DEMO_PASSWORD, from)
    const refused = await app.inject(aiko(address))
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe(String(15 * 60))

    expect((await app.inject(aiko('203.0.113.10'))).statusCode).toBe(200)
    clock.advance(15 * MINUTE)
    expect((await app.inject(aiko(address))).statusCode).toBe(200)
  })

  it('forgets an email’s failures after a successful sign-in', async () => {
    const { app } = await demoHelpCenter()
    const email = DEMO_ACCOUNTS.customer.email
    const fourGuesses = () => Promise.all([1, 2, 3, 4].map(() => app.inject(signInRequest(email, 'guess'))))
    expect((await fourGuesses()).map((response) => response.statusCode)).toEqual([401, 401, 401, 401])
    expect((await app.inject(signInRequest(email, DEMO_PASSWORD))).statusCode).toBe(200)
    // Without the reset, the second of these would already be the sixth failure.
    expect((await fourGuesses()).map((response) => response.statusCode)).toEqual([401, 401, 401, 401])
  })
})

describe('refresh and revoke', () => {
  function refresh(app: Awaited<ReturnType<typeof demoHelpCenter>>['app'], refreshToken: string) {
    return app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } })
  }
  function revoke(app: Awaited<ReturnType<typeof demoHelpCenter>>['app'], refreshToken: string) {
    return app.inject({ method: 'POST', url: '/api/v1/auth/revoke', payload: { refreshToken } })
  }

  it('rotates the refresh token, and a reused one revokes the whole session', async () => {
    const { app, clock } = await demoHelpCenter()
    const first = await signIn(app, DEMO_ACCOUNTS.customer)
    clock.advance(MINUTE)

    const refreshed = await refresh(app, first.refreshToken)
    expect(refreshed.statusCode).toBe(200)
    const second = refreshed.json()
    expect(second.refreshToken).not.toBe(first.refreshToken)
    expect(second.accessToken).not.toBe(first.accessToken)
    expect(second.user.id).toBe('usr-aiko')
    expect((await getAs(app, second.accessToken, '/api/v1/me')).statusCode).toBe(200)
    const third = (await refresh(app, second.refreshToken)).json()

    // The old token again, after its replacement was used: someone holds a copy. Everything of this session stops working.
    const reused = await refresh(app, first.refreshToken)
    expect(reused.statusCode).toBe(401)
    expect((await refresh(app, third.refreshToken)).statusCode).toBe(401)
    expect((await getAs(app, third.accessToken, '/api/v1/me')).statusCode).toBe(401)
    expect((await getAs(app, first.accessToken, '/api/v1/me')).statusCode).toBe(401)

    // Other sessions of the same user live on.
    const other = await signIn(app, DEMO_ACCOUNTS.customer)
    expect((await getAs(app, other.accessToken, '/api/v1/me')).statusCode).toBe(200)
  })

  it('lets a renewal whose answer was lost be repeated, and then refuses the replacement that never arrived', async () => {
    const { app, clock } = await demoHelpCenter()
    const first = await signIn(app, DEMO_ACCOUNTS.customer)
    clock.advance(MINUTE)

    const lost = (await refresh(app, first.refreshToken)).json()
    clock.advance(MINUTE)
    const repeated = await refresh(app, first.refreshToken)
    expect(repeated.statusCode).toBe(200)
    const current = repeated.json()
    expect(current.refreshToken).not.toBe(lost.refreshToken)
    expect((await getAs(app, current.accessToken, '/api/v1/me')).statusCode).toBe(200)
    expect((await refresh(app, current.refreshToken)).statusCode).toBe(200)

    // Whoever shows the replacement that was set aside did receive it after all: a copy is out there.
    expect((await refresh(app, lost.refreshToken)).statusCode).toBe(401)
    expect((await getAs(app, current.accessToken, '/api/v1/me')).statusCode).toBe(401)
  })

  it('repeats a renewal only for a few minutes: later, the old token ends the session', async () => {
    const { app, clock } = await demoHelpCenter()
    const first = await signIn(app, DEMO_ACCOUNTS.customer)
    const second = (await refresh(app, first.refreshToken)).json()
    clock.advance(LOST_RENEWAL_GRACE_MS + MINUTE)

    expect((await refresh(app, first.refreshToken)).statusCode).toBe(401)
    expect((await refresh(app, second.refreshToken)).statusCode).toBe(401)
  })

  it('refuses unknown and expired refresh tokens', async () => {
    const { app, clock } = await demoHelpCenter()
    expect((await refresh(app, 'A'.repeat(43))).statusCode).toBe(401)
    const invalid = await refresh(app, 'short')
    expect(invalid.statusCode).toBe(400)
    expect(invalid.json().fields).toHaveProperty('refreshToken')

    const grant = await signIn(app, DEMO_ACCOUNTS.member)
    clock.advance(30 * 24 * 60 * MINUTE)
    const expired = await refresh(app, grant.refreshToken)
    expect(expired.statusCode).toBe(401)
    expect(expired.json().code).toBe('unauthorized')
  })

  it('revoking ends the refresh token and the session’s access tokens; it is idempotent', async () => {
    const { app } = await demoHelpCenter()
    const grant = await signIn(app, DEMO_ACCOUNTS.customer)
    const other = await signIn(app, DEMO_ACCOUNTS.customer)

    expect((await revoke(app, grant.refreshToken)).statusCode).toBe(204)
    expect((await refresh(app, grant.refreshToken)).statusCode).toBe(401)
    const me = await getAs(app, grant.accessToken, '/api/v1/me')
    expect(me.statusCode).toBe(401)
    expect(me.headers['www-authenticate']).toBe('Bearer')

    expect((await revoke(app, grant.refreshToken)).statusCode).toBe(204)
    expect((await revoke(app, 'B'.repeat(43))).statusCode).toBe(204)
    expect((await getAs(app, other.accessToken, '/api/v1/me')).statusCode).toBe(200)
  })
})

describe('bearer tokens', () => {
  it('refuses a missing, malformed, forged, foreign or expired token with 401 and WWW-Authenticate', async () => {
    const { app, clock, tokenSecret } = await demoHelpCenter()
    const grant = await signIn(app, DEMO_ACCOUNTS.customer)
    const [body, signature] = grant.accessToken.split('.') as [string, string]
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString())
    const asChen = Buffer.from(JSON.stringify({ ...payload, sub: 'usr-chen' })).toString('base64url')
    const later = Buffer.from(JSON.stringify({ ...payload, exp: payload.exp + 60 * MINUTE })).toString('base64url')
    const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1)

    const refused: Record<string, string | undefined> = {
      missing: undefined,
      'not bearer': `Basic ${Buffer.from(`${DEMO_ACCOUNTS.customer.email}:${DEMO_PASSWORD}`).toString('base64')}`,
      'not a token': 'Bearer not-a-token',
      'other user, same signature': `Bearer ${asChen}.${signature}`,
      'longer expiry, same signature': `Bearer ${later}.${signature}`,
      'altered signature': `Bearer ${body}.${flipped}`,
      'signed with another key': `Bearer ${signAccessToken(Buffer.alloc(32, 8), payload)}`,
      'our key, no such session': `Bearer ${signAccessToken(tokenSecret, { ...payload, sid: 'ses-forged' })}`,
    }
    for (const [what, authorization] of Object.entries(refused)) {
      const headers = authorization ? { authorization } : {}
      const response = await app.inject({ method: 'GET', url: '/api/v1/me', headers })
      expect(response.statusCode, what).toBe(401)
      expect(response.headers['www-authenticate'], what).toBe('Bearer')
      expect(response.json().code, what).toBe('unauthorized')
    }

    expect((await getAs(app, grant.accessToken, '/api/v1/me')).statusCode).toBe(200)
    clock.advance(15 * MINUTE - 1)
    expect((await getAs(app, grant.accessToken, '/api/v1/me')).statusCode).toBe(200)
    clock.advance(1)
    expect((await getAs(app, grant.accessToken, '/api/v1/me')).statusCode).toBe(401)
  })
})
