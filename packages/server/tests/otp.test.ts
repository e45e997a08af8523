import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createFakeNow,
  describeEachDatabase,
  seedCredential,
  seedUser,
  signIn,
  startSiblingServer,
  startTestServer,
  totpAt,
  wrongCode,
  type TestServer,
} from './helpers'

async function auditTypes(server: TestServer, userId: string): Promise<string[]> {
  const rows = await server.ctx.db
    .selectFrom('audit_events')
    .select('type')
    .where('user_id', '=', userId)
    .execute()
  return rows.map((r) => r.type)
}

describeEachDatabase('OTP verification', (target) => {
  const clock = createFakeNow()
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { now: clock.now })
  })
  afterAll(async () => {
    await server?.close()
  })

  async function signedInWithCredential(label: string) {
    const user = await seedUser(server.ctx, label)
    const credential = await seedCredential(server.ctx, user.id)
    const session = await signIn(server, user.email, user.password)
    const elevate = (code: string) =>
      server.request('POST', '/api/v1/auth/elevate', { token: session.accessToken, body: { code } })
    return { user, credential, session, elevate }
  }

  it('elevate accepts the current step and one step either side, and raises strength', async () => {
    for (const offset of [-1, 0, 1]) {
      const { credential, session, elevate } = await signedInWithCredential(`win${offset + 1}`)
      const response = await elevate(totpAt(credential.secret, clock.step() + offset))
      expect(response.status).toBe(200)
      expect(response.body).toEqual({ strength: 'Desktop OTP', credentialId: credential.id })
      const me = await server.request('GET', '/api/v1/me', { token: session.accessToken })
      expect(me.body.strength).toBe('Desktop OTP')
      expect(me.body.strengthCredential.id).toBe(credential.id)
    }
  })

  it('refuses codes two steps away', async () => {
    const { credential, elevate } = await signedInWithCredential('far')
    for (const offset of [-2, 2]) {
      const response = await elevate(totpAt(credential.secret, clock.step() + offset))
      expect(response.status).toBe(401)
      expect(response.body.error.code).toBe('otp-invalid')
    }
  })

  it('accepts a step once per credential: replays and older steps are refused', async () => {
    const { credential, elevate, user } = await signedInWithCredential('replay')
    const now = clock.step()
    expect((await elevate(totpAt(credential.secret, now))).status).toBe(200)
    const replay = await elevate(totpAt(credential.secret, now))
    expect(replay.status).toBe(401)
    expect(replay.body.error.code).toBe('otp-replayed')
    const older = await elevate(totpAt(credential.secret, now - 1))
    expect(older.body.error.code).toBe('otp-replayed')
    expect((await elevate(totpAt(credential.secret, now + 1))).status).toBe(200)
    expect(await auditTypes(server, user.id)).toContain('auth.elevate')
  })

  it('accepts one of many concurrent submissions of the same code', async () => {
    const { credential, elevate } = await signedInWithCredential('race')
    const code = totpAt(credential.secret, clock.step())
    const results = await Promise.all(Array.from({ length: 12 }, () => elevate(code)))
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.body.error?.code === 'otp-replayed')).toHaveLength(11)
  })

  it('locks after 10 consecutive failures; a correct code is then refused; resync unlocks', async () => {
    const { credential, elevate, user, session } = await signedInWithCredential('locker')
    const bad = wrongCode(credential.secret, clock.step())
    for (let i = 1; i <= 9; i++) {
      const response = await elevate(bad)
      expect(response.body.error.code).toBe('otp-invalid')
    }
    const tenth = await elevate(bad)
    expect(tenth.status).toBe(423)
    expect(tenth.body.error.code).toBe('credential-locked')
    const correct = await elevate(totpAt(credential.secret, clock.step()))
    expect(correct.status).toBe(423)
    expect(await auditTypes(server, user.id)).toContain('otp.locked')

    const resync = (code1: string, code2: string) =>
      server.request('POST', `/api/v1/credentials/${credential.id}/resync`, {
        token: session.accessToken,
        body: { code1, code2 },
      })
    const s = clock.step()
    const notConsecutive = await resync(
      totpAt(credential.secret, s),
      totpAt(credential.secret, s + 2),
    )
    expect(notConsecutive.status).toBe(401)
    expect(notConsecutive.body.error.code).toBe('resync-failed')
    const ok = await resync(totpAt(credential.secret, s), totpAt(credential.secret, s + 1))
    expect(ok.status).toBe(200)
    expect(ok.body).toEqual({ id: credential.id, status: 'active' })
    // The resync codes are spent: neither can elevate, but the next step can.
    expect((await elevate(totpAt(credential.secret, s + 1))).body.error.code).toBe('otp-replayed')
    clock.advance(30_000)
    expect((await elevate(totpAt(credential.secret, s + 2))).status).toBe(200)
    expect(await auditTypes(server, user.id)).toContain('otp.resync')
  })

  it('resync finds a drifted token several steps away', async () => {
    const { credential, session } = await signedInWithCredential('drift')
    const s = clock.step() + 6
    const response = await server.request('POST', `/api/v1/credentials/${credential.id}/resync`, {
      token: session.accessToken,
      body: { code1: totpAt(credential.secret, s), code2: totpAt(credential.secret, s + 1) },
    })
    expect(response.status).toBe(200)
  })

  it("refuses resync of another user's credential", async () => {
    const owner = await signedInWithCredential('owner')
    const intruder = await signedInWithCredential('intruder')
    const s = clock.step()
    const response = await server.request(
      'POST',
      `/api/v1/credentials/${owner.credential.id}/resync`,
      {
        token: intruder.session.accessToken,
        body: {
          code1: totpAt(owner.credential.secret, s),
          code2: totpAt(owner.credential.secret, s + 1),
        },
      },
    )
    expect(response.status).toBe(404)
  })

  it('an expired credential no longer verifies, on the shifted calendar', async () => {
    const { credential, session, user } = await signedInWithCredential('expiry')
    const later = await startSiblingServer(server, { offsetDays: 366 })
    try {
      const response = await later.request<{ error: { code: string } }>(
        'POST',
        '/api/v1/auth/elevate',
        {
          token: session.accessToken,
          body: { code: totpAt(credential.secret, Math.floor(Date.now() / 30_000)) },
        },
      )
      expect(response.status).toBe(403)
      expect(response.body.error.code).toBe('credential-expired')
      const signInWithOtp = await later.request<{ error: { code: string } }>(
        'POST',
        '/api/v1/auth/sign-in',
        {
          body: { identifier: user.email, password: user.password, otp: '123456' },
        },
      )
      expect(signInWithOtp.body.error.code).toBe('credential-expired')
    } finally {
      await later.close()
    }
  })
})

describeEachDatabase('OTP rate limits', (target) => {
  const clock = createFakeNow()
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, {
      now: clock.now,
      config: {
        rateLimits: {
          signInPerAccount: { limit: 100, windowSeconds: 60 },
          signInPerAddress: { limit: 100, windowSeconds: 60 },
          otpPerAccount: { limit: 3, windowSeconds: 60 },
          otpPerAddress: { limit: 5, windowSeconds: 60 },
        },
      },
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  describe('per account and per address', () => {
    it('refuses attempts past the account limit, even with a correct code, until the window passes', async () => {
      const user = await seedUser(server.ctx, 'limited')
      const credential = await seedCredential(server.ctx, user.id)
      const session = await signIn(server, user.email, user.password)
      const elevate = (code: string) =>
        server.request('POST', '/api/v1/auth/elevate', {
          token: session.accessToken,
          body: { code },
        })
      const bad = wrongCode(credential.secret, clock.step())
      for (let i = 0; i < 3; i++) expect((await elevate(bad)).status).toBe(401)
      const limited = await elevate(totpAt(credential.secret, clock.step()))
      expect(limited.status).toBe(429)
      expect(limited.body.error.code).toBe('rate-limited')
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
      clock.advance(60_000)
      expect((await elevate(totpAt(credential.secret, clock.step()))).status).toBe(200)
    })

    it('counts every account from one address against the address limit', async () => {
      clock.advance(60_000)
      const statuses: number[] = []
      for (let i = 0; i < 3; i++) {
        const user = await seedUser(server.ctx, `addr${i}`)
        const credential = await seedCredential(server.ctx, user.id)
        const session = await signIn(server, user.email, user.password)
        for (let j = 0; j < 2; j++) {
          const response = await server.request('POST', '/api/v1/auth/elevate', {
            token: session.accessToken,
            body: { code: wrongCode(credential.secret, clock.step()) },
          })
          statuses.push(response.status)
        }
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
      expect(statuses[5]).toBe(429)
    })
  })
})

describeEachDatabase('OTP lock under a concurrent burst', (target) => {
  const clock = createFakeNow()
  let server: TestServer

  beforeAll(async () => {
    // Rate limits high enough that only the lock stands between the burst and the codes.
    server = await startTestServer(target, {
      now: clock.now,
      config: {
        rateLimits: {
          signInPerAccount: { limit: 1000, windowSeconds: 60 },
          signInPerAddress: { limit: 1000, windowSeconds: 60 },
          otpPerAccount: { limit: 1000, windowSeconds: 60 },
          otpPerAddress: { limit: 1000, windowSeconds: 60 },
        },
      },
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('50 simultaneous wrong codes: exactly 10 are tried, the rest are refused as locked', async () => {
    const user = await seedUser(server.ctx, 'burst')
    const credential = await seedCredential(server.ctx, user.id)
    const session = await signIn(server, user.email, user.password)
    const elevate = (code: string) =>
      server.request('POST', '/api/v1/auth/elevate', { token: session.accessToken, body: { code } })
    const bad = wrongCode(credential.secret, clock.step())

    const results = await Promise.all(Array.from({ length: 50 }, () => elevate(bad)))
    const codes = results.map((r) => r.body.error?.code)
    // As one at a time: the first nine are invalid, the tenth locks (and says so), the rest
    // find it locked.
    expect(codes.filter((c) => c === 'otp-invalid')).toHaveLength(9)
    expect(codes.filter((c) => c === 'credential-locked')).toHaveLength(41)

    // Tried means judged: each judged wrong code is audited with its failure number.
    const failures = (
      await server.ctx.db
        .selectFrom('audit_events')
        .select('detail')
        .where('user_id', '=', user.id)
        .where('type', '=', 'otp.verify-failed')
        .execute()
    )
      .map((row) => (JSON.parse(row.detail) as { failures?: number }).failures)
      .filter((n): n is number => n !== undefined)
      .sort((a, b) => a - b)
    expect(failures).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    const row = await server.ctx.db
      .selectFrom('credentials')
      .select(['status', 'consecutive_failures'])
      .where('id', '=', credential.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('locked')
    expect(Number(row.consecutive_failures)).toBe(10)
    expect((await elevate(totpAt(credential.secret, clock.step()))).status).toBe(423)
  })

  it('attempts that never came back count as failures: the credential locks, not refuses forever', async () => {
    const user = await seedUser(server.ctx, 'leaked')
    const credential = await seedCredential(server.ctx, user.id)
    const session = await signIn(server, user.email, user.password)
    // Ten attempts taken by requests whose process died before judging their codes.
    await server.ctx.db
      .updateTable('credentials')
      .set({ consecutive_failures: 10 })
      .where('id', '=', credential.id)
      .execute()
    const response = await server.request('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: { code: totpAt(credential.secret, clock.step()) },
    })
    expect(response.status).toBe(423)
    expect(response.body.error.code).toBe('credential-locked')
    const row = await server.ctx.db
      .selectFrom('credentials')
      .select('status')
      .where('id', '=', credential.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('locked')
    expect(await auditTypes(server, user.id)).toContain('otp.locked')
  }, 15_000)

  it('a burst of correct codes is not mistaken for failures: one accepted, the rest replayed', async () => {
    const user = await seedUser(server.ctx, 'goodburst')
    const credential = await seedCredential(server.ctx, user.id)
    const session = await signIn(server, user.email, user.password)
    const code = totpAt(credential.secret, clock.step())
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        server.request('POST', '/api/v1/auth/elevate', {
          token: session.accessToken,
          body: { code },
        }),
      ),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.body.error?.code === 'otp-replayed')).toHaveLength(29)
    const row = await server.ctx.db
      .selectFrom('credentials')
      .select(['status', 'consecutive_failures'])
      .where('id', '=', credential.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ status: 'active' })
    expect(Number(row.consecutive_failures)).toBe(0)
  })
})
