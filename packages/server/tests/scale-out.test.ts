import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createFakeNow,
  describeEachDatabase,
  seedApp,
  seedCredential,
  seedUser,
  signIn,
  startSiblingServer,
  startTestServer,
  totpAt,
  type TestServer,
} from './helpers'

// Two instances on one database share nothing in memory: whatever one records, the other
// enforces.
describeEachDatabase('two instances behind a load balancer', (target) => {
  let a: TestServer
  let b: Awaited<ReturnType<typeof startSiblingServer>>

  beforeAll(async () => {
    a = await startTestServer(target)
    b = await startSiblingServer(a)
  })
  afterAll(async () => {
    await b?.close()
    await a?.close()
  })

  it('a session, its elevation and its refresh rotation are seen by both', async () => {
    const user = await seedUser(a.ctx, 'twin')
    const credential = await seedCredential(a.ctx, user.id)
    const session = await signIn(a, user.email, user.password)
    const step = Math.floor(Date.now() / 30_000)
    const elevated = await b.request('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: { code: totpAt(credential.secret, step) },
    })
    expect(elevated.status).toBe(200)
    const replay = await a.request<{ error: { code: string } }>('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: { code: totpAt(credential.secret, step) },
    })
    expect(replay.body.error.code).toBe('otp-replayed')
    const me = await a.request<{ strength: string }>('GET', '/api/v1/me', {
      token: session.accessToken,
    })
    expect(me.body.strength).toBe('Desktop OTP')

    const rotated = await a.request<{ refreshToken: string }>('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(rotated.status).toBe(200)
    const reuse = await b.request<{ error: { code: string } }>('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(reuse.body.error.code).toBe('refresh-token-reused')
  })

  it('a ticket launched on one instance is redeemed once across both', async () => {
    const user = await seedUser(a.ctx, 'twinapp')
    await seedApp(a.ctx, a, 'twin-app', 'password', user.email)
    const session = await signIn(b, user.email, user.password)
    const launched = await b.request<{ url: string }>('POST', '/api/v1/apps/twin-app/launch', {
      token: session.accessToken,
    })
    const ticket = new URL(launched.body.url).searchParams.get('ticket')!
    const results = await Promise.all([
      a.request('POST', '/api/v1/apps/twin-app/tickets/redeem', { body: { ticket } }),
      b.request('POST', '/api/v1/apps/twin-app/tickets/redeem', { body: { ticket } }),
      a.request('POST', '/api/v1/apps/twin-app/tickets/redeem', { body: { ticket } }),
      b.request('POST', '/api/v1/apps/twin-app/tickets/redeem', { body: { ticket } }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 403, 403, 403])
  })
})

describeEachDatabase('token lifetimes and refusals', (target) => {
  const clock = createFakeNow()
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { now: clock.now })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('an access token expires after 15 minutes; the refresh token still works', async () => {
    const user = await seedUser(server.ctx, 'ttl')
    const session = await signIn(server, user.email, user.password)
    clock.advance(14 * 60_000)
    expect((await server.request('GET', '/api/v1/me', { token: session.accessToken })).status).toBe(
      200,
    )
    clock.advance(2 * 60_000)
    const expired = await server.request('GET', '/api/v1/me', { token: session.accessToken })
    expect(expired.status).toBe(401)
    const refreshed = await server.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: session.refreshToken },
    })
    expect(refreshed.status).toBe(200)
    expect(
      (await server.request('GET', '/api/v1/me', { token: refreshed.body.accessToken })).status,
    ).toBe(200)
  })

  it("a wrong OTP at sign-in creates no session; another user's credential is not found", async () => {
    const user = await seedUser(server.ctx, 'wrongotp')
    const credential = await seedCredential(server.ctx, user.id)
    const stranger = await seedUser(server.ctx, 'stranger')
    const strangerCredential = await seedCredential(server.ctx, stranger.id)
    const before = await server.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute()
    const wrong = await server.request('POST', '/api/v1/auth/sign-in', {
      body: {
        identifier: user.email,
        password: user.password,
        otp: totpAt(credential.secret, clock.step() + 5),
      },
    })
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('otp-invalid')
    const after = await server.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .execute()
    expect(after.length).toBe(before.length)

    const session = await signIn(server, user.email, user.password)
    const foreign = await server.request('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: {
        code: totpAt(strangerCredential.secret, clock.step()),
        credentialId: strangerCredential.id,
      },
    })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('credential-not-found')
  })

  it('a user without any credential is told to buy one when elevating', async () => {
    const user = await seedUser(server.ctx, 'nocred')
    const session = await signIn(server, user.email, user.password)
    const response = await server.request('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: { code: '123456' },
    })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('no-otp-credential')
  })
})
