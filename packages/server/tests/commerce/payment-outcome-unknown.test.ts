import { afterAll, beforeAll, expect, it } from 'vitest'
import type {
  ChargeRequest,
  ChargeResult,
  PaymentGateway,
  TestModeGateway,
} from '../../src/commerce/payment-gateway'
import { describeEachDatabase } from '../helpers'
import {
  buyAndActivateDesktopOtp,
  cartWith,
  checkoutCart,
  declinedCard,
  goodCard,
  newIdempotencyKey,
  newShopper,
  startCommerceServer,
  type CommerceTestServer,
  type Shopper,
} from './helpers'

/**
 * The fault: the gateway call throws (a timeout, a dropped connection), so nobody knows
 * whether the card was charged. It cannot be produced for real in a test, so the test-mode
 * gateway is wrapped to throw on the calls a test plans: 'after' charges and then loses the
 * answer (the case that could charge twice), 'before' never reaches the gateway.
 */
type Fault = 'after' | 'before'

class LosesAnswers implements PaymentGateway {
  readonly name = 'test-mode'
  readonly planned: Fault[] = []
  constructor(private readonly inner: TestModeGateway) {}
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const fault = this.planned.shift()
    if (fault === 'before') throw new Error('connect ETIMEDOUT')
    const result = await this.inner.charge(request)
    if (fault === 'after') throw new Error('socket hang up')
    return result
  }
}

describeEachDatabase('commerce: a gateway error leaves the outcome unknown', (target) => {
  let server: CommerceTestServer
  let gateway: LosesAnswers

  beforeAll(async () => {
    server = await startCommerceServer(target, {
      wrapGateway: (inner) => (gateway = new LosesAnswers(inner)),
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  function chargesOf(orderId: string): number {
    return server.gateway.charges.filter((c) => c.idempotencyKey === `order:${orderId}`).length
  }

  async function cartStatus(shopper: Shopper, cartId: string): Promise<string> {
    const cart = await server.request('GET', `/api/v1/carts/${cartId}`, { token: shopper.token })
    expect(cart.status).toBe(200)
    return cart.body.status as string
  }

  it('answers 502 payment-outcome-unknown, keeps the cart bound, and a retry with the same key charges once', async () => {
    const shopper = await newShopper(server, 'unknown')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    const chargesBefore = server.gateway.charges.length
    gateway.planned.push('after')

    const first = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(first.status, JSON.stringify(first.body)).toBe(502)
    expect(first.body.error.code).toBe('payment-outcome-unknown')
    expect(first.body.error.message).toContain('same Idempotency-Key')
    expect(first.body.error.message).not.toContain('nothing was charged')
    const orderId = first.body.error.details.orderId as string
    // The card was in fact charged; the service must not pretend otherwise.
    expect(chargesOf(orderId)).toBe(1)
    expect(await cartStatus(shopper, cartId)).toBe('checked-out')
    const pending = await server.request('GET', `/api/v1/orders/${orderId}`, {
      token: shopper.token,
    })
    expect(pending.body).toMatchObject({
      status: 'processing',
      failure: { code: 'payment-outcome-unknown' },
      licenseKeys: [],
    })

    // Another key on that cart would be a second charge: refused, pointing to the first key.
    const other = await checkoutCart(server, shopper, cartId, undefined, newIdempotencyKey())
    expect(other.status).toBe(409)
    expect(other.body.error.code).toBe('checkout-unresolved')
    expect(other.body.error.details).toMatchObject({ orderId, idempotencyKey: key })

    const retry = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(retry.status, JSON.stringify(retry.body)).toBe(200)
    expect(retry.body).toMatchObject({
      id: orderId,
      status: 'paid',
      failure: null,
      payment: { status: 'succeeded' },
    })
    expect(retry.body.licenseKeys).toHaveLength(1)
    expect(chargesOf(orderId)).toBe(1)
    expect(server.gateway.charges.length - chargesBefore).toBe(1)

    const again = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(again.status).toBe(200)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.licenseKeys).toEqual(retry.body.licenseKeys)
  })

  it('stays unknown while the gateway keeps failing, then completes under the same gateway key', async () => {
    const shopper = await newShopper(server, 'down')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    gateway.planned.push('before', 'before')

    const first = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(first.status).toBe(502)
    expect(first.body.error.code).toBe('payment-outcome-unknown')
    const orderId = first.body.error.details.orderId as string
    const second = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(second.status).toBe(502)
    expect(second.body.error).toMatchObject({
      code: 'payment-outcome-unknown',
      details: { orderId },
    })
    expect(chargesOf(orderId)).toBe(0)
    expect(await cartStatus(shopper, cartId)).toBe('checked-out')

    const third = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(third.status, JSON.stringify(third.body)).toBe(200)
    expect(third.body).toMatchObject({ id: orderId, status: 'paid' })
    expect(chargesOf(orderId)).toBe(1)
  })

  it('a decline learnt on the retry is a decline: order declined, cart reopened, a new key may pay', async () => {
    const shopper = await newShopper(server, 'latedecline')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    const card = { method: 'card' as const, card: declinedCard }
    gateway.planned.push('after')

    const first = await checkoutCart(server, shopper, cartId, card, key)
    expect(first.body.error.code).toBe('payment-outcome-unknown')
    const retry = await checkoutCart(server, shopper, cartId, card, key)
    expect(retry.status).toBe(402)
    expect(retry.body.error).toMatchObject({
      code: 'payment-declined',
      details: { declineCode: 'card_declined' },
    })
    expect(await cartStatus(shopper, cartId)).toBe('open')

    const paid = await checkoutCart(server, shopper, cartId, { method: 'card', card: goodCard })
    expect(paid.status, JSON.stringify(paid.body)).toBe(200)
    expect(paid.body.status).toBe('paid')
  })

  it('a renewal that expired before the retry is not refused before asking the gateway: charged once, marked refund-required', async () => {
    const shopper = await newShopper(server, 'lateexpiry')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const cartId = await cartWith(server, shopper, 'desktop-otp-renewal', credentialId)
    const key = newIdempotencyKey()
    gateway.planned.push('after')

    const first = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(first.body.error.code).toBe('payment-outcome-unknown')
    const orderId = first.body.error.details.orderId as string
    expect(chargesOf(orderId)).toBe(1)
    server.calendar.moveDays(400)
    try {
      const retry = await checkoutCart(server, shopper, cartId, undefined, key)
      expect(retry.status).toBe(409)
      expect(retry.body.error.code).toBe('renewal-not-eligible')
      const order = await server.request('GET', `/api/v1/orders/${orderId}`, {
        token: shopper.token,
      })
      // The money was taken: the order says so, for an operator to refund.
      expect(order.body).toMatchObject({
        status: 'failed',
        failure: { code: 'refund-required' },
        payment: { status: 'succeeded' },
      })
      expect(chargesOf(orderId)).toBe(1)
    } finally {
      server.calendar.moveDays(-400)
    }
  })
})
