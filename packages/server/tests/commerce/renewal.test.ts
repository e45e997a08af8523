import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { markInvoicePaid } from '../../src/commerce/fulfilment'
import { addOneYear } from '../../src/commerce/eligibility'
import { loadHardwareTokens } from '../../src/admin/service'
import {
  currentStep,
  describeEachDatabase,
  randomBase32Secret,
  seedCredential,
  totpAt,
  totpNow,
} from '../helpers'
import {
  buy,
  buyAndActivateDesktopOtp,
  cartWith,
  checkoutCart,
  credentialOf,
  newShopper,
  startCommerceServer,
  type CommerceTestServer,
} from './helpers'

const dayMs = 86_400_000

describeEachDatabase('commerce: renewal', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target)
  })
  afterEach(() => {
    server.calendar.setTo(new Date())
  })
  afterAll(async () => {
    await server?.close()
  })

  it('shows the expiry from 30 days left and renews from the old expiry, keeping the secret', async () => {
    const shopper = await newShopper(server, 'renew')
    const { credentialId, secret } = await buyAndActivateDesktopOtp(server, shopper)
    const before = await credentialOf(server, shopper, credentialId)
    const expiresAt = new Date(before.expiresAt)

    server.calendar.setTo(new Date(expiresAt.getTime() - 40 * dayMs))
    const at40 = await credentialOf(server, shopper, credentialId)
    expect(at40).toMatchObject({ daysLeft: 40, expiryShown: false, renewOffered: true })

    server.calendar.setTo(new Date(expiresAt.getTime() - 20 * dayMs))
    const at20 = await credentialOf(server, shopper, credentialId)
    expect(at20).toMatchObject({ daysLeft: 20, expiryShown: true, renewOffered: true })

    const order = await buy(server, shopper, 'desktop-otp-renewal', credentialId)
    expect(order.licenseKeys).toEqual([])
    expect(order.renewals).toEqual([
      {
        credentialId,
        previousExpiresAt: before.expiresAt,
        newExpiresAt: addOneYear(expiresAt).toISOString(),
      },
    ])
    const after = await credentialOf(server, shopper, credentialId)
    expect(after).toMatchObject({
      id: credentialId,
      status: 'active',
      purchasedAt: before.purchasedAt,
      expiresAt: addOneYear(expiresAt).toISOString(),
      daysLeft:
        20 + 365 + (addOneYear(expiresAt).getTime() - expiresAt.getTime() - 365 * dayMs) / dayMs,
      expiryShown: false,
    })

    // Same credential, same secret: a code from the authenticator still elevates.
    const elevated = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpNow(secret, 1), credentialId },
    })
    expect(elevated.status, JSON.stringify(elevated.body)).toBe(200)
    expect(elevated.body.strength).toBe('Desktop OTP')

    const renewalEvents = await server.ctx.db
      .selectFrom('audit_events')
      .select('detail')
      .where('user_id', '=', shopper.user.id)
      .where('type', '=', 'commerce.renewal')
      .execute()
    expect(renewalEvents).toHaveLength(1)
    expect(JSON.parse(renewalEvents[0]!.detail)).toMatchObject({ credentialId })
  })

  it('after expiry: no Renew, renewal refused with 409 whatever is sent, no OTP strength, new purchase allowed', async () => {
    const shopper = await newShopper(server, 'expired')
    const { credentialId, secret } = await buyAndActivateDesktopOtp(server, shopper)
    const expiresAt = new Date((await credentialOf(server, shopper, credentialId)).expiresAt)

    // A renewal put in the cart while still eligible...
    server.calendar.setTo(new Date(expiresAt.getTime() - dayMs))
    const cartId = await cartWith(server, shopper, 'desktop-otp-renewal', credentialId)

    server.calendar.setTo(new Date(expiresAt.getTime() + dayMs))
    const view = await credentialOf(server, shopper, credentialId)
    expect(view).toMatchObject({
      daysLeft: 0,
      expired: true,
      expiryShown: true,
      renewOffered: false,
      renewProductId: null,
    })

    // ...is refused at checkout, and nothing is charged.
    const charges = server.gateway.charges.length
    const atCheckout = await checkoutCart(server, shopper, cartId)
    expect(atCheckout.status).toBe(409)
    expect(atCheckout.body.error.code).toBe('renewal-not-eligible')
    expect(atCheckout.body.error.message).toMatch(/expired/)
    expect(server.gateway.charges.length).toBe(charges)

    // Adding it now is refused too.
    const cart = await server.request('POST', '/api/v1/carts', { token: shopper.token })
    const atAdd = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'desktop-otp-renewal', credentialId },
    })
    expect(atAdd.status).toBe(409)
    expect(atAdd.body.error).toMatchObject({
      code: 'renewal-not-eligible',
      details: { reason: 'expired', credentialId },
    })
    const unchanged = await credentialOf(server, shopper, credentialId)
    expect(unchanged.expiresAt).toBe(expiresAt.toISOString())

    // The expired credential no longer gives OTP strength.
    const elevate = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpNow(secret), credentialId },
    })
    expect(elevate.status).toBe(403)
    expect(elevate.body.error.code).toBe('credential-expired')
    const me = await server.request('GET', '/api/v1/me', { token: shopper.token })
    expect(me.body.strength).toBe('password')

    // Buying a brand-new credential is the way back, and is not pointed to a renewal.
    const fresh = await buy(server, shopper, 'desktop-otp')
    expect(fresh.licenseKeys).toHaveLength(1)
    expect(fresh.licenseKeys[0].purchasedAt).toBe(fresh.paidAt)
  })

  it('renews a hardware token by invoice, keeping its serial and secret', async () => {
    const shopper = await newShopper(server, 'hwrenew')
    const secret = randomBase32Secret()
    const serial = `HWR-${Math.random().toString(36).slice(2, 10).toUpperCase()}`
    await loadHardwareTokens(server.ctx, [{ serial, secretBase32: secret }])
    const order = await buy(server, shopper, 'otp-hardware-token')
    const step = currentStep()
    const bound = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: {
        licenseKey: order.licenseKeys[0].licenseKey,
        serial,
        codes: [totpAt(secret, step - 1), totpAt(secret, step)],
      },
    })
    expect(bound.status).toBe(201)
    const credentialId = bound.body.credential.id
    const expiresAt = new Date(bound.body.credential.expiresAt)

    server.calendar.setTo(new Date(expiresAt.getTime() - 3 * dayMs))
    const refused = await server.request('POST', '/api/v1/carts', { token: shopper.token })
    const buyAgain = await server.request('POST', `/api/v1/carts/${refused.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'otp-hardware-token' },
    })
    expect(buyAgain.body.error).toMatchObject({
      code: 'renewal-available',
      details: { credentialId, renewProductId: 'otp-hardware-token-renewal' },
    })
    const cartId = await cartWith(server, shopper, 'otp-hardware-token-renewal', credentialId)
    const invoiced = await checkoutCart(server, shopper, cartId, { method: 'invoice' })
    expect(invoiced.body.status).toBe('awaiting-payment')
    expect((await credentialOf(server, shopper, credentialId)).expiresAt).toBe(
      expiresAt.toISOString(),
    )
    await markInvoicePaid(server.ctx, invoiced.body.invoice.id)
    const renewed = await credentialOf(server, shopper, credentialId)
    expect(renewed).toMatchObject({
      id: credentialId,
      serial,
      expiresAt: addOneYear(expiresAt).toISOString(),
    })
    const elevated = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpAt(secret, currentStep() + 1), credentialId },
    })
    expect(elevated.status, JSON.stringify(elevated.body)).toBe(200)
  })

  it("refuses renewing a pending credential, someone else's, or with the wrong product", async () => {
    const shopper = await newShopper(server, 'ineligible')
    const other = await newShopper(server, 'other')
    const pending = await seedCredential(server.ctx, shopper.user.id, { status: 'pending' })
    const foreign = await seedCredential(server.ctx, other.user.id)
    const own = await seedCredential(server.ctx, shopper.user.id, { type: 'OTP Hardware Token' })
    const cart = await server.request('POST', '/api/v1/carts', { token: shopper.token })
    const attempts = [
      { productId: 'desktop-otp-renewal', credentialId: pending.id, reason: 'not-bound' },
      { productId: 'desktop-otp-renewal', credentialId: foreign.id, reason: 'not-found' },
      { productId: 'desktop-otp-renewal', credentialId: own.id, reason: 'wrong-product' },
      { productId: 'desktop-otp-renewal', reason: undefined },
    ]
    for (const { reason, ...body } of attempts) {
      const response = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
        token: shopper.token,
        body,
      })
      expect(response.status, JSON.stringify(body)).toBe(409)
      expect(response.body.error.code).toBe('renewal-not-eligible')
      if (reason !== undefined) expect(response.body.error.details.reason).toBe(reason)
    }
    const after = await server.request('GET', `/api/v1/carts/${cart.body.id}`, {
      token: shopper.token,
    })
    expect(after.body.items).toEqual([])
  })

  it('an invoiced renewal is refused when the credential expired before the invoice was paid', async () => {
    const shopper = await newShopper(server, 'lateinvoice')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const expiresAt = new Date((await credentialOf(server, shopper, credentialId)).expiresAt)
    server.calendar.setTo(new Date(expiresAt.getTime() - 5 * dayMs))
    const cartId = await cartWith(server, shopper, 'desktop-otp-renewal', credentialId)
    const order = await checkoutCart(server, shopper, cartId, { method: 'invoice' })
    expect(order.body.status).toBe('awaiting-payment')

    server.calendar.setTo(new Date(expiresAt.getTime() + 5 * dayMs))
    // A domain error: a contract code, no HTTP status (the admin command is not HTTP).
    await expect(markInvoicePaid(server.ctx, order.body.invoice.id)).rejects.toMatchObject({
      name: 'MagDomainError',
      code: 'renewal-not-eligible',
    })
    const after = await server.request('GET', `/api/v1/orders/${order.body.id}`, {
      token: shopper.token,
    })
    expect(after.body).toMatchObject({ status: 'awaiting-payment', renewals: [] })
    expect((await credentialOf(server, shopper, credentialId)).expiresAt).toBe(
      expiresAt.toISOString(),
    )
  })
})

describeEachDatabase('commerce: renewal grace setting', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target, { graceDays: 7 })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('accepts a renewal inside the grace period, extending from the old expiry', async () => {
    const shopper = await newShopper(server, 'grace')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const expiresAt = new Date((await credentialOf(server, shopper, credentialId)).expiresAt)

    server.calendar.setTo(new Date(expiresAt.getTime() + 3 * dayMs))
    expect(await credentialOf(server, shopper, credentialId)).toMatchObject({
      expired: false,
      renewOffered: true,
      daysLeft: 0,
    })
    await buy(server, shopper, 'desktop-otp-renewal', credentialId)
    expect((await credentialOf(server, shopper, credentialId)).expiresAt).toBe(
      addOneYear(expiresAt).toISOString(),
    )
  })

  it('refuses once the grace period is over', async () => {
    const shopper = await newShopper(server, 'pastgrace')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const expiresAt = new Date((await credentialOf(server, shopper, credentialId)).expiresAt)
    server.calendar.setTo(new Date(expiresAt.getTime() + 8 * dayMs))
    const cart = await server.request('POST', '/api/v1/carts', { token: shopper.token })
    const response = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'desktop-otp-renewal', credentialId },
    })
    expect(response.status).toBe(409)
    expect(response.body.error.code).toBe('renewal-not-eligible')
  })
})
