import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  markOrderAwaitingPayment,
  markOrderDeclined,
  markOrderFailed,
  markOrderOutcomeUnknown,
  markOrderPaid,
  takeOverOrderLease,
} from '../../src/commerce/order-state'
import type { OrderStatus } from '../../src/db/schema'
import { describeEachDatabase } from '../helpers'
import { startCommerceServer, type CommerceTestServer } from './helpers'

describeEachDatabase('commerce: order state transitions', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target)
  })
  afterAll(async () => {
    await server?.close()
  })

  /** An order in `status`, straight in the database, as checkout would have left it. */
  async function orderIn(status: OrderStatus, lease: string | null = null): Promise<string> {
    const now = new Date().toISOString()
    const cartId = randomUUID()
    const orderId = randomUUID()
    await server.ctx.db
      .insertInto('carts')
      .values({
        id: cartId,
        user_id: randomUUID(),
        status: 'checked-out',
        created_at: now,
        updated_at: now,
      })
      .execute()
    await server.ctx.db
      .insertInto('orders')
      .values({
        id: orderId,
        user_id: randomUUID(),
        cart_id: cartId,
        active_cart_id: status === 'processing' || status === 'awaiting-payment' ? cartId : null,
        idempotency_key: randomUUID(),
        request_fingerprint: 'test',
        status,
        payment_method: 'card',
        total_cents: 2400,
        currency: 'EUR',
        failure_code: null,
        failure_message: null,
        created_at: now,
        paid_at: null,
        lease_expires_at: lease,
      })
      .execute()
    return orderId
  }

  async function row(orderId: string) {
    return server.ctx.db
      .selectFrom('orders')
      .selectAll()
      .where('id', '=', orderId)
      .executeTakeFirstOrThrow()
  }

  const failure = { failureCode: 'card-declined', failureMessage: 'Declined.' }

  it('moves a processing order once, and answers false to every later caller', async () => {
    const db = server.ctx.db
    const declined = await orderIn('processing')
    expect(await markOrderDeclined({ db, orderId: declined, ...failure })).toBe(true)
    expect(await markOrderDeclined({ db, orderId: declined, ...failure })).toBe(false)
    expect(await markOrderFailed({ db, orderId: declined, ...failure })).toBe(false)
    expect(await markOrderPaid({ db, orderId: declined, paidAt: new Date().toISOString() })).toBe(
      false,
    )
    expect(await row(declined)).toMatchObject({
      status: 'declined',
      active_cart_id: null,
      failure_code: 'card-declined',
    })

    const invoiced = await orderIn('processing', '2999-01-01T00:00:00.000Z')
    expect(await markOrderAwaitingPayment({ db, orderId: invoiced })).toBe(true)
    expect(await markOrderAwaitingPayment({ db, orderId: invoiced })).toBe(false)
    expect(await row(invoiced)).toMatchObject({
      status: 'awaiting-payment',
      lease_expires_at: null,
    })
    const paidAt = new Date().toISOString()
    expect(await markOrderPaid({ db, orderId: invoiced, paidAt })).toBe(true)
    expect(await markOrderPaid({ db, orderId: invoiced, paidAt })).toBe(false)
    expect(await row(invoiced)).toMatchObject({
      status: 'paid',
      paid_at: paidAt,
      active_cart_id: null,
    })
  })

  it('clears an unknown outcome when the order is paid, and only touches processing orders', async () => {
    const db = server.ctx.db
    const orderId = await orderIn('processing', '2999-01-01T00:00:00.000Z')
    const unknown = { failureCode: 'payment-outcome-unknown', failureMessage: 'Unknown.' }
    expect(await markOrderOutcomeUnknown({ db, orderId, ...unknown })).toBe(true)
    expect(await row(orderId)).toMatchObject({
      status: 'processing',
      failure_code: 'payment-outcome-unknown',
      lease_expires_at: null,
    })
    expect(await markOrderPaid({ db, orderId, paidAt: new Date().toISOString() })).toBe(true)
    expect(await row(orderId)).toMatchObject({ status: 'paid', failure_code: null })
    expect(await markOrderOutcomeUnknown({ db, orderId, ...unknown })).toBe(false)
  })

  it('lets exactly one caller take over a lease it saw, and none a lease that changed', async () => {
    const db = server.ctx.db
    const seen = '2000-01-01T00:00:00.000Z'
    const orderId = await orderIn('processing', seen)
    const takers = await Promise.all(
      [1, 2, 3].map((n) =>
        takeOverOrderLease({
          db,
          orderId,
          seenLease: seen,
          leaseUntil: `2999-01-0${n}T00:00:00.000Z`,
        }),
      ),
    )
    expect(takers.filter(Boolean)).toHaveLength(1)
    expect(await takeOverOrderLease({ db, orderId, seenLease: null, leaseUntil: seen })).toBe(false)

    const unleased = await orderIn('processing', null)
    expect(
      await takeOverOrderLease({ db, orderId: unleased, seenLease: null, leaseUntil: seen }),
    ).toBe(true)
    expect((await row(unleased)).lease_expires_at).toBe(seen)
  })
})
