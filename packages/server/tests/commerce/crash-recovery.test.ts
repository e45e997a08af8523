import { afterAll, beforeAll, expect, it } from 'vitest'
import type {
  ChargeRequest,
  ChargeResult,
  PaymentGateway,
  TestModeGateway,
} from '../../src/commerce/payment-gateway'
import { describeEachDatabase } from '../helpers'
import {
  cartWith,
  checkoutCart,
  goodCard,
  newIdempotencyKey,
  newShopper,
  startCommerceServer,
  type CommerceTestServer,
} from './helpers'

/**
 * The fault: the request that charged never finishes (its process died right after the
 * gateway answered). It cannot be produced for real in a test, so the gateway hangs once.
 */
class HangsAfterFirstCharge implements PaymentGateway {
  readonly name = 'test-mode'
  private hung = false
  constructor(private readonly inner: TestModeGateway) {}
  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const result = await this.inner.charge(request)
    if (this.hung) return result
    this.hung = true
    return new Promise<ChargeResult>(() => {})
  }
}

describeEachDatabase('commerce: a checkout that died after charging', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target, {
      processingLeaseMs: 300,
      wrapGateway: (gateway) => new HangsAfterFirstCharge(gateway),
    })
  })
  afterAll(async () => {
    await server?.close()
  })

  it('is finished by a retry with the same key: delivered once, charged once', async () => {
    const shopper = await newShopper(server, 'crash')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    const chargesBefore = server.gateway.charges.length

    const abort = new AbortController()
    const first = fetch(`${server.url}/api/v1/carts/${cartId}/checkout`, {
      method: 'POST',
      signal: abort.signal,
      headers: {
        authorization: `Bearer ${shopper.token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ method: 'card', card: goodCard }),
    }).catch(() => 'aborted')
    while (server.gateway.charges.length === chargesBefore) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    abort.abort()
    expect(await first).toBe('aborted')
    const stuck = await server.ctx.db
      .selectFrom('orders')
      .select('status')
      .where('user_id', '=', shopper.user.id)
      .executeTakeFirstOrThrow()
    expect(stuck.status).toBe('processing')

    const retry = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(retry.status, JSON.stringify(retry.body)).toBe(200)
    expect(retry.body).toMatchObject({ status: 'paid', payment: { status: 'succeeded' } })
    expect(retry.body.licenseKeys).toHaveLength(1)
    expect(server.gateway.charges.length - chargesBefore).toBe(1)

    const again = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(again.body.licenseKeys).toEqual(retry.body.licenseKeys)
    const keys = await server.ctx.db
      .selectFrom('license_keys')
      .select('id')
      .where('user_id', '=', shopper.user.id)
      .execute()
    expect(keys).toHaveLength(1)
  })
})
