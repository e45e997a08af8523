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
