import { afterAll, beforeAll, expect, it } from 'vitest'
import { encodeBase32, parseOtpauthUri } from '@mag/otp'
import { describeEachDatabase, totpNow, wrongCode } from '../helpers'
import {
  buy,
  buyAndActivateDesktopOtp,
  newShopper,
  startCommerceServer,
  type CommerceTestServer,
} from './helpers'

describeEachDatabase('commerce: the Desktop OTP seed link and its confirmation', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target)
  })
  afterAll(async () => {
    await server?.close()
  })

  async function storedSecret(credentialId: string): Promise<string> {
    const row = await server.ctx.db
      .selectFrom('credentials')
      .select('secret_encrypted')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    return server.ctx.secrets.decrypt(row.secret_encrypted!)
  }

  async function failuresOf(credentialId: string): Promise<{ failures: number; status: string }> {
    const row = await server.ctx.db
      .selectFrom('credentials')
      .select(['consecutive_failures', 'status'])
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    return { failures: Number(row.consecutive_failures), status: row.status }
  }

  it("issues a link that @mag/otp's parser reads back to the stored secret, MAG and the email", async () => {
    const shopper = await newShopper(server, 'seedlink')
    const order = await buy(server, shopper, 'desktop-otp')
    const activation = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey: order.licenseKeys[0].licenseKey },
    })
    expect(activation.status).toBe(201)
    const entry = parseOtpauthUri(activation.body.otpauthUri)
    expect(entry).toMatchObject({
      type: 'totp',
      issuer: 'MAG',
      label: shopper.user.email,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    })
    expect(entry.secret).toHaveLength(20)
    expect(encodeBase32(entry.secret)).toBe(await storedSecret(activation.body.credential.id))
  })

  it('keeps an email with characters links must escape intact in the label', async () => {
    const shopper = await newShopper(server, 'seedescape')
    // Sign-up rules aside, an address may hold '+', '&' and '%', which a link must escape.
    const email = `o'neil+mag&co%${Math.random().toString(36).slice(2, 8)}@example.test`
    await server.ctx.db
      .updateTable('users')
      .set({ email })
      .where('id', '=', shopper.user.id)
      .execute()
    const order = await buy(server, shopper, 'desktop-otp')
    const activation = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey: order.licenseKeys[0].licenseKey },
    })
    expect(activation.status).toBe(201)
    expect(parseOtpauthUri(activation.body.otpauthUri).label).toBe(email)
  })

  it('answers a wrong code on an already active credential as on a pending one, and counts it', async () => {
    const shopper = await newShopper(server, 'confirmtwice')
    const { credentialId, secret } = await buyAndActivateDesktopOtp(server, shopper)
    const before = await failuresOf(credentialId)

    const wrong = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
      token: shopper.token,
      body: { code: wrongCode(secret) },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.code).toBe('code-invalid')
    expect(await failuresOf(credentialId)).toEqual({
      failures: before.failures + 1,
      status: 'active',
    })

    // A fresh right code is still a yes, and clears the count.
    const right = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
      token: shopper.token,
      body: { code: totpNow(secret, 1) },
    })
    expect(right.status, JSON.stringify(right.body)).toBe(200)
    expect(right.body.status).toBe('active')
    expect((await failuresOf(credentialId)).failures).toBe(0)
  })

  it('locks an active credential after ten wrong confirms, as it would a pending one', async () => {
    const shopper = await newShopper(server, 'confirmlock')
    const { credentialId, secret } = await buyAndActivateDesktopOtp(server, shopper)
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) {
      const answer = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
        token: shopper.token,
        body: { code: wrongCode(secret) },
      })
      statuses.push(answer.status)
    }
    expect(statuses.slice(0, 9)).toEqual(Array(9).fill(400))
    expect(statuses[9]).toBe(423)
    expect((await failuresOf(credentialId)).status).toBe('locked')
  })
})
