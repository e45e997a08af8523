import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  describeEachDatabase,
  seedCredential,
  seedUser,
  signIn,
  startTestServer,
  totpAt,
  currentStep,
  type SeededUser,
  type TestServer,
} from './helpers'
import { unlockUser } from '../src/admin/service'

describeEachDatabase('auth', (target) => {
  let server: TestServer
  let user: SeededUser

  beforeAll(async () => {
    server = await startTestServer(target)
    user = await seedUser(server.ctx, 'alice')
  })
  afterAll(async () => {
    await server?.close()
  })

  describe('sign-in', () => {
    it('accepts email or username with the password and reports password strength', async () => {
      const byEmail = await signIn(server, user.email, user.password)
      expect(byEmail.strength).toBe('password')
      const byUsername = await signIn(server, user.username.toUpperCase(), user.password)
      expect(byUsername.userId).toBe(user.id)
      const me = await server.request('GET', '/api/v1/me', { token: byUsername.accessToken })
      expect(me.status).toBe(200)
      expect(me.body).toMatchObject({
        id: user.id,
        email: user.email,
        strength: 'password',
        strengthCredential: null,
      })
    })

    it('refuses a wrong password with a stable code and audits the failure', async () => {
      const response = await server.request('POST', '/api/v1/auth/sign-in', {
        body: { identifier: user.email, password: 'wrong-password-1' },
      })
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('invalid-credentials')
      const events = await server.ctx.db
        .selectFrom('audit_events')
        .select(['type', 'detail'])
        .where('user_id', '=', user.id)
        .where('type', '=', 'auth.sign-in-failed')
        .execute()
      expect(events.length).toBeGreaterThan(0)
      expect(events.map((e) => e.detail).join()).not.toContain('wrong-password-1')
    })

    it('signs in with an OTP in the same request at the credential type strength', async () => {
      const other = await seedUser(server.ctx, 'otpuser')
      const credential = await seedCredential(server.ctx, other.id, { type: 'OTP Hardware Token' })
      const session = await signIn(
        server,
        other.username,
        other.password,
        totpAt(credential.secret, currentStep()),
      )
      expect(session.strength).toBe('OTP Hardware Token')
    })
  })
})

describeEachDatabase('sessions and tokens', (target) => {
  let server: TestServer
  let user: SeededUser

  beforeAll(async () => {
    server = await startTestServer(target, {
      config: { signInLockThreshold: 3, signInLockMinutes: 15 },
    })
    user = await seedUser(server.ctx, 'bob')
  })
  afterAll(async () => {
    await server?.close()
  })

  it('rotates refresh tokens; reusing a rotated one revokes the whole session', async () => {
    const session = await signIn(server, user.email, user.password)
    const first = await server.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(first.status).toBe(200)
    expect(first.body.refreshToken).not.toBe(session.refreshToken)
    const me = await server.request('GET', '/api/v1/me', { token: first.body.accessToken })
    expect(me.status).toBe(200)

    const reuse = await server.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(reuse.status).toBe(401)
    expect(reuse.body.error.code).toBe('refresh-token-reused')
    // The thief's replay ended the session for the legitimate holder too.
    const after = await server.request('GET', '/api/v1/me', { token: first.body.accessToken })
    expect(after.status).toBe(401)
    const latest = await server.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: first.body.refreshToken },
    })
    expect(latest.status).toBe(401)
  })

  it('stores refresh tokens only as hashes', async () => {
    const session = await signIn(server, user.email, user.password)
    const rows = await server.ctx.db.selectFrom('sessions').select('refresh_token_hash').execute()
    const tokens = await server.ctx.db.selectFrom('refresh_tokens').select('token_hash').execute()
    const stored = JSON.stringify([rows, tokens])
    expect(stored).not.toContain(session.refreshToken)
    expect(stored).not.toContain(session.refreshToken.split('.')[2])
  })

  it('sign-out makes the access and refresh tokens useless', async () => {
    const session = await signIn(server, user.email, user.password)
    const out = await server.request('POST', '/api/v1/auth/sign-out', {
      token: session.accessToken,
    })
    expect(out.status).toBe(200)
    expect((await server.request('GET', '/api/v1/me', { token: session.accessToken })).status).toBe(
      401,
    )
    const refresh = await server.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(refresh.body.error.code).toBe('refresh-token-invalid')
  })

  it('refuses a tampered or missing access token', async () => {
    const session = await signIn(server, user.email, user.password)
    const parts = session.accessToken.split('.')
    parts[2] = String(Number(parts[2]) + 10_000_000)
    const tampered = await server.request('GET', '/api/v1/me', { token: parts.join('.') })
    expect(tampered.status).toBe(401)
    expect(tampered.body.error.code).toBe('unauthenticated')
    expect((await server.request('GET', '/api/v1/me')).status).toBe(401)
  })

  it('pauses an account after repeated wrong passwords until an admin unlocks it', async () => {
    const victim = await seedUser(server.ctx, 'carol')
    for (let i = 0; i < 3; i++) {
      const response = await server.request('POST', '/api/v1/auth/sign-in', {
        body: { identifier: victim.email, password: 'not-the-password' },
      })
      expect(response.status).toBe(401)
    }
    const locked = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: victim.email, password: victim.password },
    })
    expect(locked.status).toBe(423)
    expect(locked.body.error.code).toBe('account-locked')
    await unlockUser(server.ctx, { user: victim.username })
    const session = await signIn(server, victim.email, victim.password)
    expect(session.strength).toBe('password')
    const types = await server.ctx.db
      .selectFrom('audit_events')
      .select('type')
      .where('user_id', '=', victim.id)
      .execute()
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining([
        'auth.sign-in-failed',
        'auth.account-locked',
        'admin.unlock-user',
        'auth.sign-in',
      ]),
    )
  })
})

describeEachDatabase('sign-in rate limits', (target) => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, {
      config: {
        rateLimits: {
          signInPerAccount: { limit: 2, windowSeconds: 60 },
          signInPerAddress: { limit: 4, windowSeconds: 60 },
          otpPerAccount: { limit: 20, windowSeconds: 60 },
          otpPerAddress: { limit: 200, windowSeconds: 60 },
        },
      },
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('limits attempts per account, then per address across accounts', async () => {
    const a = await seedUser(server.ctx, 'rl-a')
    const attempt = (identifier: string, password: string) =>
      server.request('POST', '/api/v1/auth/sign-in', { body: { identifier, password } })
    expect((await attempt(a.email, 'wrong-wrong-1')).status).toBe(401)
    expect((await attempt(a.email, a.password)).status).toBe(200)
    const third = await attempt(a.email, a.password)
    expect(third.status).toBe(429)
    expect(third.body.error.code).toBe('rate-limited')
    // Same address, other accounts: the address limit (4) is reached on the next one.
    expect((await attempt('someone-else', 'x')).status).toBe(401)
    expect((await attempt('yet-another', 'x')).status).toBe(429)
  })
})

describeEachDatabase(
  'sign-in rate limit per account, whatever name the account is given by',
  (target) => {
    let server: TestServer

    beforeAll(async () => {
      server = await startTestServer(target, {
        config: {
          rateLimits: {
            signInPerAccount: { limit: 2, windowSeconds: 60 },
            signInPerAddress: { limit: 1000, windowSeconds: 60 },
            otpPerAccount: { limit: 20, windowSeconds: 60 },
            otpPerAddress: { limit: 200, windowSeconds: 60 },
          },
        },
      })
    })
    afterAll(async () => {
      await server?.close()
    })

    it('counts email and username attempts against the same account', async () => {
      const victim = await seedUser(server.ctx, 'rl-both')
      const attempt = (identifier: string, password: string) =>
        server.request('POST', '/api/v1/auth/sign-in', { body: { identifier, password } })
      expect((await attempt(victim.email, 'wrong-wrong-1')).status).toBe(401)
      expect((await attempt(victim.username, 'wrong-wrong-2')).status).toBe(401)
      const third = await attempt(` ${victim.username.toUpperCase()} `, 'wrong-wrong-3')
      expect(third.status).toBe(429)
      expect(third.body.error.code).toBe('rate-limited')
    })
  },
)

describeEachDatabase('password lock under a concurrent burst', (target) => {
  let server: TestServer

  beforeAll(async () => {
    // Rate limits high enough that only the lock (10 wrong passwords) stands in the way.
    server = await startTestServer(target, {
      config: {
        signInLockThreshold: 10,
        rateLimits: {
          signInPerAccount: { limit: 1000, windowSeconds: 60 },
          signInPerAddress: { limit: 1000, windowSeconds: 60 },
          otpPerAccount: { limit: 20, windowSeconds: 60 },
          otpPerAddress: { limit: 200, windowSeconds: 60 },
        },
      },
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('50 simultaneous wrong passwords: exactly 10 are tried, the rest find the account paused', async () => {
    const victim = await seedUser(server.ctx, 'pwburst')
    const attempt = (password: string) =>
      server.request('POST', '/api/v1/auth/sign-in', {
        body: { identifier: victim.email, password },
      })
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => attempt(`wrong-password-${i}`)),
    )
    const codes = results.map((r) => r.body.error?.code)
    expect(codes.filter((c) => c === 'invalid-credentials')).toHaveLength(10)
    expect(codes.filter((c) => c === 'account-locked')).toHaveLength(40)

    const failures = await server.ctx.db
      .selectFrom('audit_events')
      .select('detail')
      .where('user_id', '=', victim.id)
      .where('type', '=', 'auth.sign-in-failed')
      .execute()
    const wrongPasswords = failures
      .map((row) => JSON.parse(row.detail) as { reason: string; failures?: number })
      .filter((d) => d.reason === 'wrong-password')
    expect(wrongPasswords.map((d) => d.failures).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ])
    const row = await server.ctx.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', victim.id)
      .executeTakeFirstOrThrow()
    expect(row.locked_until).not.toBeNull()
    const right = await attempt(victim.password)
    expect(right.status).toBe(423)
    expect(right.body.error.code).toBe('account-locked')
  })

  it('attempts that never came back count as failures: the account is paused, not stuck', async () => {
    const user = await seedUser(server.ctx, 'pwleak')
    // Ten attempts taken by requests whose process died before verifying their passwords.
    await server.ctx.db
      .updateTable('users')
      .set({ failed_sign_ins: 10 })
      .where('id', '=', user.id)
      .execute()
    const response = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: user.email, password: user.password },
    })
    expect(response.status).toBe(423)
    expect(response.body.error.code).toBe('account-locked')
    expect(typeof response.body.error.details.lockedUntil).toBe('string')
    const row = await server.ctx.db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(row.locked_until).toBe(response.body.error.details.lockedUntil)
  }, 15_000)

  it('a burst of right passwords all sign in and leave no failure counted', async () => {
    const user = await seedUser(server.ctx, 'pwgood')
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request('POST', '/api/v1/auth/sign-in', {
          body: { identifier: user.email, password: user.password },
        }),
      ),
    )
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200))
    const row = await server.ctx.db
      .selectFrom('users')
      .select(['failed_sign_ins', 'locked_until'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(Number(row.failed_sign_ins)).toBe(0)
    expect(row.locked_until).toBeNull()
  })
})
