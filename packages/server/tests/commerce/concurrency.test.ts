import { afterAll, beforeAll, expect, it } from 'vitest'
import { addOneYear } from '../../src/commerce/eligibility'
import { describeEachDatabase } from '../helpers'
import {
  buyAndActivateDesktopOtp,
  cartWith,
  checkoutCart,
  credentialOf,
  goodCard,
  newIdempotencyKey,
  newShopper,
  startCommerceServer,
  type CommerceTestServer,
  type Json,
} from './helpers'

const concurrency = 50

describeEachDatabase('commerce: concurrent checkouts', (target) => {
  let server: CommerceTestServer
  /** Base URLs to spread requests over: one instance on SQLite, two on PostgreSQL. */
  let instances: string[]

  beforeAll(async () => {
    server = await startCommerceServer(target)
    instances = [server.url]
    if (target === 'postgres') instances.push((await server.startSecondInstance()).url)
  })
  afterAll(async () => {
    await server?.close()
  })

  async function checkoutOn(
    index: number,
    token: string,
    cartId: string,
    key: string,
  ): Promise<{ status: number; body: Json }> {
    const base = instances[index % instances.length]!
    const response = await fetch(`${base}/api/v1/carts/${cartId}/checkout`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': key,
      },
      body: JSON.stringify({ method: 'card', card: goodCard }),
    })
    return { status: response.status, body: await response.json() }
  }

  it(`${concurrency} concurrent checkouts with one key make one order and one charge`, async () => {
    const shopper = await newShopper(server, 'burst')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    const chargesBefore = server.gateway.charges.length

    const responses = await Promise.all(
      Array.from({ length: concurrency }, (_, i) => checkoutOn(i, shopper.token, cartId, key)),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(concurrency).fill(200))
    const orderIds = new Set(responses.map((r) => r.body.id))
    expect(orderIds.size).toBe(1)
    const [orderId] = [...orderIds]

    const orders = await server.ctx.db
      .selectFrom('orders')
      .select(['id', 'status'])
      .where('user_id', '=', shopper.user.id)
      .execute()
    expect(orders).toEqual([{ id: orderId, status: 'paid' }])
    const payments = await server.ctx.db
      .selectFrom('payments')
      .select('id')
      .where('order_id', '=', orderId!)
      .execute()
    expect(payments).toHaveLength(1)
    expect(server.gateway.charges.length - chargesBefore).toBe(1)
    const keys = await server.ctx.db
      .selectFrom('license_keys')
      .select('id')
      .where('user_id', '=', shopper.user.id)
      .execute()
    expect(keys).toHaveLength(1)
    // Every response shows the same license key.
    expect(new Set(responses.map((r) => r.body.licenseKeys[0].licenseKey)).size).toBe(1)
  })

  it(`${concurrency} concurrent checkouts of one cart with different keys sell it once`, async () => {
    const shopper = await newShopper(server, 'cartrace')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const chargesBefore = server.gateway.charges.length
    const responses = await Promise.all(
      Array.from({ length: concurrency }, (_, i) =>
        checkoutOn(i, shopper.token, cartId, newIdempotencyKey()),
      ),
    )
    const paid = responses.filter((r) => r.status === 200)
    expect(paid).toHaveLength(1)
    for (const refused of responses.filter((r) => r.status !== 200)) {
      expect(refused.status).toBe(409)
      expect(refused.body.error.code).toBe('cart-checked-out')
    }
    expect(server.gateway.charges.length - chargesBefore).toBe(1)
  })

  it(`${concurrency} concurrent renewals with one key extend the credential once`, async () => {
    const shopper = await newShopper(server, 'renewburst')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const before = await credentialOf(server, shopper, credentialId)
    const cartId = await cartWith(server, shopper, 'desktop-otp-renewal', credentialId)
    const key = newIdempotencyKey()

    const responses = await Promise.all(
      Array.from({ length: concurrency }, (_, i) => checkoutOn(i, shopper.token, cartId, key)),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(concurrency).fill(200))
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1)

    const after = await credentialOf(server, shopper, credentialId)
    expect(after.expiresAt).toBe(addOneYear(new Date(before.expiresAt)).toISOString())
    const renewals = await server.ctx.db
      .selectFrom('credential_renewals')
      .select('id')
      .where('credential_id', '=', credentialId)
      .execute()
    expect(renewals).toHaveLength(1)
  })

  it('concurrent renewal orders of one credential each add exactly one year', async () => {
    const shopper = await newShopper(server, 'renewmany')
    const { credentialId } = await buyAndActivateDesktopOtp(server, shopper)
    const before = await credentialOf(server, shopper, credentialId)
    const orders = 20
    const carts: string[] = []
    for (let i = 0; i < orders; i++) {
      carts.push(await cartWith(server, shopper, 'desktop-otp-renewal', credentialId))
    }
    const responses = await Promise.all(
      carts.map((cartId, i) => checkoutOn(i, shopper.token, cartId, newIdempotencyKey())),
    )
    expect(responses.map((r) => r.status)).toEqual(Array(orders).fill(200))

    let expected = new Date(before.expiresAt)
    for (let i = 0; i < orders; i++) expected = addOneYear(expected)
    const after = await credentialOf(server, shopper, credentialId)
    expect(after.expiresAt).toBe(expected.toISOString())
    const chain = responses
      .map((r) => r.body.renewals[0])
      .sort((a: Json, b: Json) => a.previousExpiresAt.localeCompare(b.previousExpiresAt))
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i].previousExpiresAt).toBe(chain[i - 1].newExpiresAt)
    }
  })

  it('a retried checkout after success answers the paid order without charging', async () => {
    const shopper = await newShopper(server, 'retry')
    const cartId = await cartWith(server, shopper, 'desktop-otp')
    const key = newIdempotencyKey()
    const first = await checkoutCart(server, shopper, cartId, undefined, key)
    const charges = server.gateway.charges.length
    const second = await checkoutCart(server, shopper, cartId, undefined, key)
    expect(second.status).toBe(200)
    expect(second.body.id).toBe(first.body.id)
    expect(second.body.licenseKeys).toEqual(first.body.licenseKeys)
    expect(server.gateway.charges.length).toBe(charges)
  })
})
