import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadHardwareTokens, unlockCredential, unlockUser } from '../../src/admin/service'
import { listOpenInvoices, markInvoicePaid } from '../../src/commerce/fulfilment'
import { MagDomainError } from '../../src/errors'
import {
  currentStep,
  describeEachDatabase,
  randomBase32Secret,
  totpAt,
  totpNow,
  wrongCode,
} from '../helpers'
import {
  buy,
  buyAndActivateDesktopOtp,
  cartWith,
  checkoutCart,
  declinedCard,
  goodCard,
  newIdempotencyKey,
  newShopper,
  secretOf,
  startCommerceServer,
  type CommerceTestServer,
} from './helpers'

const yearMs = 365 * 86_400_000

describeEachDatabase('commerce: purchase, payment, activation', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target)
  })
  afterAll(async () => {
    await server?.close()
  })

  const auditTypes = async (userId: string) =>
    (
      await server.ctx.db
        .selectFrom('audit_events')
        .select('type')
        .where('user_id', '=', userId)
        .execute()
    ).map((e) => e.type)

  it('lists the catalogue without signing in', async () => {
    const response = await server.request('GET', '/api/v1/catalogue')
    expect(response.status).toBe(200)
    const ids = response.body.products.map((p: { id: string }) => p.id)
    expect(ids).toEqual([
      'desktop-otp',
      'otp-hardware-token',
      'desktop-otp-renewal',
      'otp-hardware-token-renewal',
    ])
    expect(response.body.products[0]).toMatchObject({ priceCents: 2400, currency: 'EUR' })
  })

  it('documents the commerce routes in the OpenAPI document', async () => {
    const response = await server.request('GET', '/api/v1/openapi.json')
    expect(response.status).toBe(200)
    const paths = Object.keys(response.body.paths)
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/catalogue',
        '/api/v1/carts/{cartId}/checkout',
        '/api/v1/activations',
        '/api/v1/credentials',
      ]),
    )
  })

  it('refuses the cart to someone not signed in', async () => {
    const response = await server.request('POST', '/api/v1/carts')
    expect(response.status).toBe(401)
  })

  it('buys a Desktop OTP by card, activates it once and elevates with it', async () => {
    const shopper = await newShopper(server, 'desk')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const cart = await server.request('GET', `/api/v1/carts/${cartId}`, { token: shopper.token })
    expect(cart.body).toMatchObject({ totalCents: 2400, status: 'open' })

    const checkout = await checkoutCart(server, shopper, cartId)
    expect(checkout.status).toBe(200)
    const order = checkout.body
    expect(order).toMatchObject({
      status: 'paid',
      paymentMethod: 'card',
      totalCents: 2400,
      payment: { status: 'succeeded', cardBrand: 'visa', cardLast4: '4242' },
    })
    expect(order.licenseKeys).toHaveLength(1)
    const licenseKey = order.licenseKeys[0].licenseKey as string
    expect(licenseKey).toMatch(/^MAG(-[0-9A-Z]{5}){4}$/)
    // One year from the purchase date.
    expect(Date.parse(order.licenseKeys[0].expiresAt) - Date.parse(order.paidAt)).toBe(yearMs)

    const activation = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey: licenseKey.toLowerCase().replace(/-/g, ' ') },
    })
    expect(activation.status).toBe(201)
    const uri = new URL(activation.body.otpauthUri)
    expect(uri.protocol).toBe('otpauth:')
    expect(decodeURIComponent(uri.pathname)).toBe(`//totp/MAG:${shopper.user.email}`.slice(6))
    expect(uri.searchParams.get('issuer')).toBe('MAG')
    const secret = secretOf(activation.body.otpauthUri)
    const credentialId = activation.body.credential.id
    expect(activation.body.credential).toMatchObject({
      status: 'pending',
      type: 'Desktop OTP',
      purchasedAt: order.paidAt,
      renewOffered: false,
    })

    // Pending: not yet OTP strength.
    const early = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpNow(secret), credentialId },
    })
    expect(early.status).not.toBe(200)

    const wrong = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
      token: shopper.token,
      body: { code: totpAt(secret, currentStep() + 5) },
    })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.code).toBe('code-invalid')

    const confirmed = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
      token: shopper.token,
      body: { code: totpNow(secret, -1) },
    })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toMatchObject({
      status: 'active',
      purchasedAt: order.paidAt,
      expiresAt: order.licenseKeys[0].expiresAt,
      expiryShown: false,
      renewOffered: true,
      renewProductId: 'desktop-otp-renewal',
    })
    expect(confirmed.body.daysLeft).toBeGreaterThanOrEqual(365)

    const elevated = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpNow(secret, 0), credentialId },
    })
    expect(elevated.status, JSON.stringify(elevated.body)).toBe(200)
    expect(elevated.body.strength).toBe('Desktop OTP')

    const again = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('license-key-used')

    // The seed is never shown again.
    const list = await server.request('GET', '/api/v1/credentials', { token: shopper.token })
    const keys = await server.request('GET', '/api/v1/license-keys', { token: shopper.token })
    expect(JSON.stringify(list.body) + JSON.stringify(keys.body)).not.toContain(secret)
    expect(keys.body.licenseKeys[0]).toMatchObject({ redeemed: true, credentialId })

    const types = await auditTypes(shopper.user.id)
    expect(types).toEqual(
      expect.arrayContaining([
        'commerce.purchase',
        'commerce.payment',
        'commerce.license-issued',
        'commerce.activation',
        'commerce.activation-confirmed',
      ]),
    )
  })

  it('issues a new seed when a pending activation is repeated, and only the new one confirms', async () => {
    const shopper = await newShopper(server, 'lost')
    const order = await buy(server, shopper, 'desktop-otp')
    const licenseKey = order.licenseKeys[0].licenseKey
    const first = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey },
    })
    const second = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey },
    })
    expect(second.status).toBe(201)
    expect(second.body.credential.id).toBe(first.body.credential.id)
    const oldSecret = secretOf(first.body.otpauthUri)
    const newSecret = secretOf(second.body.otpauthUri)
    expect(newSecret).not.toBe(oldSecret)
    const stale = await server.request(
      'POST',
      `/api/v1/credentials/${first.body.credential.id}/confirm`,
      { token: shopper.token, body: { code: totpNow(oldSecret) } },
    )
    expect(stale.status).toBe(400)
    const fresh = await server.request(
      'POST',
      `/api/v1/credentials/${first.body.credential.id}/confirm`,
      { token: shopper.token, body: { code: totpNow(newSecret) } },
    )
    expect(fresh.status).toBe(200)
  })

  async function lockPendingDesktopOtp(shopper: Awaited<ReturnType<typeof newShopper>>) {
    const order = await buy(server, shopper, 'desktop-otp')
    const licenseKey: string = order.licenseKeys[0].licenseKey
    const activation = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey },
    })
    expect(activation.status).toBe(201)
    const credentialId: string = activation.body.credential.id
    const secret = secretOf(activation.body.otpauthUri)
    let last
    for (let i = 0; i < 10; i++) {
      last = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
        token: shopper.token,
        body: { code: wrongCode(secret) },
      })
    }
    expect(last?.status).toBe(423)
    return { licenseKey, credentialId, secret }
  }

  it('a Desktop OTP locked by wrong codes before it was ever confirmed can be activated again', async () => {
    const shopper = await newShopper(server, 'lockedpending')
    const { licenseKey, credentialId, secret } = await lockPendingDesktopOtp(shopper)
    const again = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey },
    })
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    expect(again.body.credential).toMatchObject({ id: credentialId, status: 'pending' })
    const newSecret = secretOf(again.body.otpauthUri)
    expect(newSecret).not.toBe(secret)
    const confirmed = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
      token: shopper.token,
      body: { code: totpNow(newSecret) },
    })
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
    expect(confirmed.body.status).toBe('active')
  })

  it('resyncing a never-confirmed locked credential proves its seed: activated, and the key is spent', async () => {
    const shopper = await newShopper(server, 'resyncpending')
    const { licenseKey, credentialId, secret } = await lockPendingDesktopOtp(shopper)
    const resync = await server.request('POST', `/api/v1/credentials/${credentialId}/resync`, {
      token: shopper.token,
      body: { code1: totpNow(secret, -1), code2: totpNow(secret) },
    })
    expect(resync.status, JSON.stringify(resync.body)).toBe(200)
    const view = await server.request('GET', `/api/v1/credentials/${credentialId}`, {
      token: shopper.token,
    })
    expect(view.body.status).toBe('active')
    expect(view.body.activatedAt).not.toBeNull()
    const again = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('license-key-used')
  })

  it('an administrator unlocking a never-confirmed credential leaves it pending, without OTP strength', async () => {
    const shopper = await newShopper(server, 'unlockpending')
    const { credentialId, secret } = await lockPendingDesktopOtp(shopper)
    await unlockCredential(server.ctx, { credentialId })
    const view = await server.request('GET', `/api/v1/credentials/${credentialId}`, {
      token: shopper.token,
    })
    expect(view.body.status).toBe('pending')
    const elevate = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpNow(secret), credentialId },
    })
    expect(elevate.status).not.toBe(200)
    await unlockUser(server.ctx, { user: shopper.user.email })
    const stillPending = await server.request('GET', `/api/v1/credentials/${credentialId}`, {
      token: shopper.token,
    })
    expect(stillPending.body.status).toBe('pending')
  })

  it('refuses a mistyped, unknown or foreign license key, naming the field', async () => {
    const owner = await newShopper(server, 'owner')
    const thief = await newShopper(server, 'thief')
    const order = await buy(server, owner, 'desktop-otp')
    const key: string = order.licenseKeys[0].licenseKey
    const typo = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0')
    const mistyped = await server.request('POST', '/api/v1/activations', {
      token: owner.token,
      body: { licenseKey: typo },
    })
    expect(mistyped.status).toBe(400)
    expect(mistyped.body.error).toMatchObject({ code: 'license-key-invalid' })
    expect(mistyped.body.error.message).toContain('licenseKey')
    const foreign = await server.request('POST', '/api/v1/activations', {
      token: thief.token,
      body: { licenseKey: key },
    })
    expect(foreign.status).toBe(404)
    expect(foreign.body.error.code).toBe('license-key-not-found')
    const keys = await server.request('GET', '/api/v1/license-keys', { token: owner.token })
    expect(keys.body.licenseKeys[0].redeemed).toBe(false)
  })

  it('binds a hardware token by serial and two consecutive codes', async () => {
    const shopper = await newShopper(server, 'hw')
    const secret = randomBase32Secret()
    const serial = `HW-${Math.random().toString(36).slice(2, 10).toUpperCase()}`
    await loadHardwareTokens(server.ctx, [{ serial, secretBase32: secret }])
    const order = await buy(server, shopper, 'otp-hardware-token')
    const licenseKey = order.licenseKeys[0].licenseKey
    const step = currentStep()

    const notConsecutive = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey, serial, codes: [totpAt(secret, step - 1), totpAt(secret, step + 1)] },
    })
    expect(notConsecutive.status).toBe(400)
    expect(notConsecutive.body.error.code).toBe('codes-invalid')

    const unknownSerial = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: {
        licenseKey,
        serial: 'NO-SUCH-TOKEN',
        codes: [totpAt(secret, step - 1), totpAt(secret, step)],
      },
    })
    expect(unknownSerial.status).toBe(404)
    expect(unknownSerial.body.error.code).toBe('hardware-token-not-found')

    const bound = await server.request('POST', '/api/v1/activations', {
      token: shopper.token,
      body: { licenseKey, serial, codes: [totpAt(secret, step - 1), totpAt(secret, step)] },
    })
    expect(bound.status, JSON.stringify(bound.body)).toBe(201)
    expect(bound.body.otpauthUri).toBeNull()
    expect(bound.body.credential).toMatchObject({
      type: 'OTP Hardware Token',
      status: 'active',
      serial,
      purchasedAt: order.paidAt,
    })
    const token = await server.ctx.db
      .selectFrom('hardware_tokens')
      .select('credential_id')
      .where('serial', '=', serial)
      .executeTakeFirstOrThrow()
    expect(token.credential_id).toBe(bound.body.credential.id)

    // The codes used to bind cannot be replayed; the next one elevates.
    const replay = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpAt(secret, step), credentialId: bound.body.credential.id },
    })
    expect(replay.status).not.toBe(200)
    const elevated = await server.request('POST', '/api/v1/auth/elevate', {
      token: shopper.token,
      body: { code: totpAt(secret, step + 1), credentialId: bound.body.credential.id },
    })
    expect(elevated.status, JSON.stringify(elevated.body)).toBe(200)
    expect(elevated.body.strength).toBe('OTP Hardware Token')

    // A second purchase cannot take the same token.
    const other = await newShopper(server, 'hw2')
    const otherOrder = await buy(server, other, 'otp-hardware-token')
    const taken = await server.request('POST', '/api/v1/activations', {
      token: other.token,
      body: {
        licenseKey: otherOrder.licenseKeys[0].licenseKey,
        serial,
        codes: [totpAt(secret, step + 1), totpAt(secret, step + 2)],
      },
    })
    expect(taken.status).toBe(409)
    expect(taken.body.error.code).toBe('hardware-token-bound')
  })

  it('a declined card pays nothing, issues no key, reopens the cart; a new key may retry', async () => {
    const shopper = await newShopper(server, 'decl')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    const declined = await checkoutCart(
      server,
      shopper,
      cartId,
      { method: 'card', card: declinedCard },
      key,
    )
    expect(declined.status).toBe(402)
    expect(declined.body.error).toMatchObject({
      code: 'payment-declined',
      details: { declineCode: 'card_declined' },
    })
    const orderId = declined.body.error.details.orderId
    const order = await server.request('GET', `/api/v1/orders/${orderId}`, { token: shopper.token })
    expect(order.body).toMatchObject({ status: 'declined', paidAt: null, licenseKeys: [] })
    expect(order.body.payment).toMatchObject({ status: 'declined', cardLast4: '0002' })

    // Same key: the same answer, and no second charge.
    const charges = server.gateway.charges.length
    const repeated = await checkoutCart(
      server,
      shopper,
      cartId,
      { method: 'card', card: goodCard },
      key,
    )
    expect(repeated.status).toBe(402)
    expect(server.gateway.charges.length).toBe(charges)

    const cart = await server.request('GET', `/api/v1/carts/${cartId}`, { token: shopper.token })
    expect(cart.body.status).toBe('open')
    const retried = await checkoutCart(server, shopper, cartId)
    expect(retried.status).toBe(200)
    expect(retried.body.status).toBe('paid')
    expect(retried.body.licenseKeys).toHaveLength(1)
  })

  it('refuses an invalid card before anything is created, naming the field', async () => {
    const shopper = await newShopper(server, 'badcard')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const response = await checkoutCart(server, shopper, cartId, {
      method: 'card',
      card: { ...goodCard, number: '4242424242424241' },
    })
    expect(response.status).toBe(400)
    expect(response.body.error.code).toBe('card-invalid')
    expect(response.body.error.message).toContain('body.card.number')
    const orders = await server.request('GET', '/api/v1/orders', { token: shopper.token })
    expect(orders.body.orders).toEqual([])
  })

  it('never stores or logs the card number', async () => {
    const shopper = await newShopper(server, 'pan')
    await buy(server, shopper, 'desktop-otp')
    const payments = await server.ctx.db.selectFrom('payments').selectAll().execute()
    const audit = await server.ctx.db.selectFrom('audit_events').select('detail').execute()
    const dump = JSON.stringify(payments) + JSON.stringify(audit)
    expect(dump).not.toContain('4242424242424242')
    expect(dump).not.toContain('4242 4242 4242 4242')
    expect(dump).toContain('4242')
  })

  it('checkout requires an Idempotency-Key and refuses one reused for another cart', async () => {
    const shopper = await newShopper(server, 'idem')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const missing = await server.request('POST', `/api/v1/carts/${cartId}/checkout`, {
      token: shopper.token,
      body: { method: 'card', card: goodCard },
    })
    expect(missing.status).toBe(400)
    expect(missing.body.error).toMatchObject({
      code: 'validation-failed',
      message:
        'headers.idempotency-key: checkout needs an Idempotency-Key header (8-200 characters)',
      details: { issues: [{ field: 'headers.idempotency-key' }] },
    })
    const malformed = await checkoutCart(server, shopper, cartId, { method: 'invoice' }, 'short')
    expect(malformed.status).toBe(400)
    expect(malformed.body.error.message).toMatch(/^headers\.idempotency-key: use 8 to 200/)
    const untouched = await server.request('GET', `/api/v1/carts/${cartId}`, {
      token: shopper.token,
    })
    expect(untouched.body.status).toBe('open')
    const key = newIdempotencyKey()
    const first = await checkoutCart(server, shopper, cartId, { method: 'invoice' }, key)
    expect(first.status).toBe(200)
    const replay = await checkoutCart(server, shopper, cartId, { method: 'invoice' }, key)
    expect(replay.status).toBe(200)
    expect(replay.body.id).toBe(first.body.id)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')

    const otherCart = await cartWith(server, shopper, 'otp-hardware-token')
    const reused = await checkoutCart(server, shopper, otherCart, { method: 'invoice' }, key)
    expect(reused.status).toBe(422)
    expect(reused.body.error.code).toBe('idempotency-key-reused')
  })

  it('an invoice order waits until an administrator marks it paid', async () => {
    const shopper = await newShopper(server, 'inv')
    const cartId = await cartWith(server, shopper, 'otp-hardware-token')
    const response = await checkoutCart(server, shopper, cartId, { method: 'invoice' })
    expect(response.status).toBe(200)
    expect(response.body).toMatchObject({
      status: 'awaiting-payment',
      paidAt: null,
      licenseKeys: [],
      invoice: { status: 'open', amountCents: 4900 },
    })
    const cart = await server.request('POST', `/api/v1/carts/${cartId}/items`, {
      token: shopper.token,
      body: { productId: 'desktop-otp' },
    })
    expect(cart.status).toBe(409)
    expect(cart.body.error.code).toBe('cart-checked-out')

    const invoiceId = response.body.invoice.id
    const open = await listOpenInvoices(server.ctx)
    expect(open.find((i) => i.invoiceId === invoiceId)).toMatchObject({
      orderId: response.body.id,
      email: shopper.user.email,
      amountCents: 4900,
    })
    server.calendar.moveDays(10)
    try {
      const marked = await markInvoicePaid(server.ctx, invoiceId)
      expect(marked).toMatchObject({ changed: true, orderId: response.body.id })
      const again = await markInvoicePaid(server.ctx, invoiceId)
      expect(again.changed).toBe(false)
    } finally {
      server.calendar.moveDays(-10)
    }
    const order = await server.request('GET', `/api/v1/orders/${response.body.id}`, {
      token: shopper.token,
    })
    expect(order.body).toMatchObject({ status: 'paid', invoice: { status: 'paid' } })
    const stillOpen = await listOpenInvoices(server.ctx)
    expect(stillOpen.map((i) => i.invoiceId)).not.toContain(invoiceId)
    expect(order.body.licenseKeys).toHaveLength(1)
    // The subscription year starts when the invoice is paid (the purchase), not when ordered.
    expect(order.body.paidAt).toBe(order.body.licenseKeys[0].purchasedAt)
    expect(Date.parse(order.body.paidAt) - Date.parse(order.body.createdAt)).toBeGreaterThan(
      9 * 86_400_000,
    )
    await expect(markInvoicePaid(server.ctx, crypto.randomUUID())).rejects.toBeInstanceOf(
      MagDomainError,
    )
  })

  it('points to the renewal instead of selling a second credential of the same type', async () => {
    const shopper = await newShopper(server, 'twice')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const cart = await server.request('POST', '/api/v1/carts', { token: shopper.token })
    const refused = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'desktop-otp' },
    })
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({
      code: 'renewal-available',
      details: { credentialId, renewProductId: 'desktop-otp-renewal' },
    })
    expect(refused.body.error.message).toMatch(/renew/i)
    // Another type is a different purchase.
    const hardware = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'otp-hardware-token' },
    })
    expect(hardware.status).toBe(200)
  })

  it('validates cart input and names the field', async () => {
    const shopper = await newShopper(server, 'valid')
    const cart = await server.request('POST', '/api/v1/carts', { token: shopper.token })
    const unknown = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'gold-plated-token' },
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.error.code).toBe('unknown-product')
    const tooMany = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'desktop-otp', quantity: 11 },
    })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body.error.message).toContain('quantity')
    const added = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
      token: shopper.token,
      body: { productId: 'desktop-otp', quantity: 2 },
    })
    expect(added.body).toMatchObject({ totalCents: 4800 })
    const removed = await server.request(
      'DELETE',
      `/api/v1/carts/${cart.body.id}/items/${added.body.items[0].id}`,
      { token: shopper.token },
    )
    expect(removed.body).toMatchObject({ items: [], totalCents: 0 })
    const empty = await checkoutCart(server, shopper, cart.body.id)
    expect(empty.status).toBe(409)
    expect(empty.body.error.code).toBe('cart-empty')
    const stranger = await newShopper(server, 'stranger')
    const foreign = await server.request('GET', `/api/v1/carts/${cart.body.id}`, {
      token: stranger.token,
    })
    expect(foreign.status).toBe(404)
  })
})

describe('commerce helpers', () => {
  it('reads the secret from an otpauth link', () => {
    expect(secretOf('otpauth://totp/MAG:a%40b?secret=ABC234&issuer=MAG')).toBe('ABC234')
  })
})
