/**
 * Checkout: turns an open cart into an order, once per idempotency key.
 *
 * The database decides who wins, never process memory: the claim transaction inserts the
 * order under unique (user_id, idempotency_key) and unique active_cart_id, so of any number of
 * concurrent requests on any number of instances exactly one creates the order and charges;
 * the others find that order and answer it once it has settled. The gateway is called with
 * the order id as its idempotency key, so even a retried charge is one charge.
 *
 * The request that created an order holds a lease on it (real time). If it dies mid-way (the
 * process crashed after charging, say), a retry with the same key takes the expired lease
 * over and finishes the job: the charge is repeated under the same gateway key, which a
 * gateway answers with the original charge, and fulfilment runs once. A paid customer is
 * never left without what they paid for.
 *
 * A gateway call that throws leaves the outcome unknown (payment-outcome.ts): the order keeps
 * its cart and key, the lease is dropped, and only a retry with the same key may finish it.
 */
import { createHash, randomUUID } from 'node:crypto'
import type { ServerContext } from '../context'
import { isMagErrorCode } from '@mag/mag-contract'
import { MagDomainError } from '../errors'
import type { OrdersTable } from '../db/schema'
import { toIso } from '../db/time'
import { addDays } from '../clock'
import { findProduct } from './catalogue'
import { isUniqueViolation } from './db-errors'
import { fulfilPaidOrder } from './fulfilment'
import { validateCard, type PaymentGateway } from './payment-gateway'
import { markOutcomeUnknown, outcomeUnknownCode, unresolvedCheckoutError } from './payment-outcome'
import {
  markOrderAwaitingPayment,
  markOrderDeclined,
  markOrderFailed,
  takeOverOrderLease,
} from './order-state'
import { assertNoRenewalAvailable, assertRenewable } from './purchase-rules'
import type { CheckoutBody, OrderView } from '@mag/mag-contract'
import { loadCart, loadOrder } from './views'

export const invoiceDueDays = 30
/** How long a duplicate request waits for the winning request's charge to settle. */
const settleWaitMs = 15_000
const settlePollMs = 25
/** How long the request that created an order owns it before a retry may take over. */
export const defaultProcessingLeaseMs = 30_000

export interface CheckoutDeps {
  gateway: PaymentGateway
  processingLeaseMs: number
}

export interface CheckoutRequest {
  userId: string
  cartId: string
  idempotencyKey: string
  body: CheckoutBody
  ip: string | null
}

export interface CheckoutOutcome {
  order: OrderView
  /** True when this request found the order made by an earlier one with the same key. */
  replayed: boolean
}

function fingerprint(cartId: string, method: string): string {
  return createHash('sha256').update(`${cartId}\n${method}`).digest('hex')
}

async function findOrderByKey(
  ctx: ServerContext,
  userId: string,
  key: string,
): Promise<OrdersTable | undefined> {
  return ctx.db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst()
}

function failureError(order: OrdersTable): MagDomainError {
  if (order.status === 'declined') {
    return new MagDomainError(
      'payment-declined',
      order.failure_message ?? 'The card was declined.',
      {
        orderId: order.id,
        declineCode: order.failure_code,
      },
    )
  }
  // The stored failure code is one this service wrote (renewal-not-eligible, refund-required,
  // payment-gateway-error from orders failed before outcomes were kept unknown, ...); a row
  // from elsewhere with an unknown code still answers within the closed enum.
  return new MagDomainError(
    isMagErrorCode(order.failure_code) ? order.failure_code : 'order-failed',
    order.failure_message ?? 'The order failed.',
    { orderId: order.id },
  )
}

async function answerExisting(
  ctx: ServerContext,
  deps: CheckoutDeps,
  request: CheckoutRequest,
  existing: OrdersTable,
): Promise<CheckoutOutcome> {
  if (existing.request_fingerprint !== fingerprint(request.cartId, request.body.method)) {
    throw new MagDomainError(
      'idempotency-key-reused',
      'This Idempotency-Key was already used for a different checkout; use a new key.',
      { field: 'headers.idempotency-key', orderId: existing.id },
    )
  }
  let order = existing
  const deadline = Date.now() + settleWaitMs
  while (order.status === 'processing') {
    if (await takeOverExpiredLease(ctx, deps, order)) return finishOrder(ctx, deps, request, order)
    if (Date.now() >= deadline) {
      throw new MagDomainError(
        'checkout-in-progress',
        'This checkout is still being processed; retry with the same Idempotency-Key.',
        { orderId: order.id },
      )
    }
    await new Promise((resolve) => setTimeout(resolve, settlePollMs))
    order = (await findOrderByKey(ctx, request.userId, request.idempotencyKey)) ?? order
  }
  if (order.status === 'declined' || order.status === 'failed') throw failureError(order)
  return { order: await loadOrder(ctx, request.userId, order.id), replayed: true }
}

function leaseUntil(ctx: ServerContext, deps: CheckoutDeps): string {
  return toIso(new Date(ctx.clock.realNow().getTime() + deps.processingLeaseMs))
}

/** True when this request now owns an order whose creator stopped before finishing it. */
async function takeOverExpiredLease(
  ctx: ServerContext,
  deps: CheckoutDeps,
  order: OrdersTable,
): Promise<boolean> {
  const now = toIso(ctx.clock.realNow())
  if (order.lease_expires_at !== null && order.lease_expires_at > now) return false
  return takeOverOrderLease({
    db: ctx.db,
    orderId: order.id,
    seenLease: order.lease_expires_at,
    leaseUntil: leaseUntil(ctx, deps),
  })
}

/** Completes an order this request owns: issue the invoice, or charge and fulfil. */
async function finishOrder(
  ctx: ServerContext,
  deps: CheckoutDeps,
  request: CheckoutRequest,
  order: Pick<OrdersTable, 'id' | 'total_cents' | 'currency' | 'created_at' | 'failure_code'>,
): Promise<CheckoutOutcome> {
  const amountCents = Number(order.total_cents)
  if (request.body.method === 'invoice') {
    await issueInvoice({
      ctx,
      request,
      orderId: order.id,
      amountCents,
      currency: order.currency,
      issuedAt: new Date(order.created_at),
    })
    return { order: await loadOrder(ctx, request.userId, order.id), replayed: false }
  }
  return chargeAndFulfil({
    ctx,
    gateway: deps.gateway,
    request,
    card: request.body.card,
    orderId: order.id,
    amountCents,
    currency: order.currency,
    chargeMayExist: order.failure_code === outcomeUnknownCode,
  })
}

/** What an order bills: its id, and its total as the order recorded it. */
interface OrderBill {
  ctx: ServerContext
  request: CheckoutRequest
  orderId: string
  amountCents: number
  currency: string
}

async function issueInvoice({
  ctx,
  request,
  orderId,
  amountCents,
  currency,
  issuedAt,
}: OrderBill & { issuedAt: Date }): Promise<void> {
  const invoiceId = randomUUID()
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('invoices')
      .values({
        id: invoiceId,
        order_id: orderId,
        user_id: request.userId,
        status: 'open',
        amount_cents: amountCents,
        currency,
        issued_at: toIso(issuedAt),
        due_at: toIso(addDays(issuedAt, invoiceDueDays)),
        paid_at: null,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .execute()
    await markOrderAwaitingPayment({ db: trx, orderId })
  })
  await ctx.audit({
    type: 'commerce.invoice-issued',
    userId: request.userId,
    ip: request.ip,
    detail: { orderId, amountCents },
  })
}

/** Ends an order on which nothing was charged, and gives its cart back to the shopper. */
async function releaseOrder({
  ctx,
  orderId,
  cartId,
  outcome,
  failureCode,
  failureMessage,
}: {
  ctx: ServerContext
  orderId: string
  cartId: string
  outcome: 'declined' | 'failed'
  failureCode: string
  failureMessage: string
}): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const failure = { db: trx, orderId, failureCode, failureMessage }
    await (outcome === 'declined' ? markOrderDeclined(failure) : markOrderFailed(failure))
    await trx.updateTable('carts').set({ status: 'open' }).where('id', '=', cartId).execute()
  })
}

class CartNotOpen extends Error {}

export async function checkout(
  ctx: ServerContext,
  deps: CheckoutDeps,
  request: CheckoutRequest,
): Promise<CheckoutOutcome> {
  const { userId, cartId, idempotencyKey, body } = request
  const earlier = await findOrderByKey(ctx, userId, idempotencyKey)
  if (earlier !== undefined) return answerExisting(ctx, deps, request, earlier)

  if (body.method === 'card') {
    const errors = validateCard(body.card, ctx.clock.realNow())
    const first = errors[0]
    if (first !== undefined) {
      throw new MagDomainError('card-invalid', `body.card.${first.field}: ${first.message}`, {
        issues: errors.map((e) => ({ field: `body.card.${e.field}`, message: e.message })),
      })
    }
  }

  const cart = await loadCart(ctx, userId, cartId)
  if (cart.status !== 'open') {
    const again = await findOrderByKey(ctx, userId, idempotencyKey)
    if (again !== undefined) return answerExisting(ctx, deps, request, again)
    throw (
      (await unresolvedCheckoutError(ctx, userId, cartId)) ??
      new MagDomainError('cart-checked-out', 'This cart was already checked out.', { cartId })
    )
  }
  if (cart.items.length === 0) {
    throw new MagDomainError('cart-empty', 'The cart is empty; add a product first.', { cartId })
  }
  for (const item of cart.items) {
    const product = findProduct(item.productId)
    if (product === undefined) throw new Error(`unknown product ${item.productId}`)
    if (product.kind === 'renewal') {
      await assertRenewable(ctx, ctx.db, userId, item.credentialId, product)
    } else {
      await assertNoRenewalAvailable(ctx, ctx.db, userId, product)
    }
  }

  const orderId = randomUUID()
  const now = ctx.clock.calendarNow()
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('orders')
        .values({
          id: orderId,
          user_id: userId,
          cart_id: cartId,
          active_cart_id: cartId,
          idempotency_key: idempotencyKey,
          request_fingerprint: fingerprint(cartId, body.method),
          status: 'processing',
          payment_method: body.method,
          total_cents: cart.totalCents,
          currency: cart.currency,
          failure_code: null,
          failure_message: null,
          created_at: toIso(now),
          paid_at: null,
          lease_expires_at: leaseUntil(ctx, deps),
        })
        .execute()
      await trx
        .insertInto('order_items')
        .values(
          cart.items.map((item) => ({
            id: randomUUID(),
            order_id: orderId,
            product_id: item.productId,
            kind: item.kind,
            credential_type: item.credentialType,
            credential_id: item.credentialId,
            quantity: item.quantity,
            unit_price_cents: item.unitPriceCents,
          })),
        )
        .execute()
      const claimed = await trx
        .updateTable('carts')
        .set({ status: 'checked-out', updated_at: toIso(now) })
        .where('id', '=', cartId)
        .where('status', '=', 'open')
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) !== 1) throw new CartNotOpen()
    })
  } catch (error) {
    if (!isUniqueViolation(error) && !(error instanceof CartNotOpen)) throw error
    const winner = await findOrderByKey(ctx, userId, idempotencyKey)
    if (winner !== undefined) return answerExisting(ctx, deps, request, winner)
    throw (
      (await unresolvedCheckoutError(ctx, userId, cartId)) ??
      new MagDomainError('cart-checked-out', 'This cart is already being checked out.', {
        cartId,
      })
    )
  }

  await ctx.audit({
    type: 'commerce.purchase',
    userId,
    ip: request.ip,
    detail: {
      orderId,
      method: body.method,
      totalCents: cart.totalCents,
      currency: cart.currency,
      products: cart.items.map((i) => i.productId),
    },
  })

  return finishOrder(ctx, deps, request, {
    id: orderId,
    total_cents: cart.totalCents,
    currency: cart.currency,
    created_at: toIso(now),
    failure_code: null,
  })
}

/** Refuses, before any charge, an order renewing a credential that stopped being renewable. */
async function refuseIneligibleRenewals(
  ctx: ServerContext,
  request: CheckoutRequest,
  orderId: string,
): Promise<void> {
  try {
    const items = await ctx.db
      .selectFrom('order_items')
      .selectAll()
      .where('order_id', '=', orderId)
      .execute()
    for (const item of items) {
      const product = findProduct(item.product_id)
      if (item.kind === 'renewal' && product !== undefined) {
        await assertRenewable(ctx, ctx.db, request.userId, item.credential_id, product)
      }
    }
  } catch (error) {
    if (error instanceof MagDomainError) {
      await releaseOrder({
        ctx,
        orderId,
        cartId: request.cartId,
        outcome: 'failed',
        failureCode: error.code,
        failureMessage: error.message,
      })
    }
    throw error
  }
}

async function chargeAndFulfil({
  ctx,
  gateway,
  request,
  card,
  orderId,
  amountCents,
  currency,
  chargeMayExist,
}: OrderBill & {
  gateway: PaymentGateway
  card: Extract<CheckoutBody, { method: 'card' }>['card']
  /** An earlier call's outcome is unknown: the card may already be charged. */
  chargeMayExist: boolean
}): Promise<CheckoutOutcome> {
  const { userId, cartId } = request
  // Payment completion is the last chance to refuse a renewal that stopped being eligible,
  // and it must come before money moves. Once money may have moved, refusing here would
  // release the order and lose the charge: ask the gateway first, and let fulfilment mark an
  // ineligible renewal refund-required.
  if (!chargeMayExist) await refuseIneligibleRenewals(ctx, request, orderId)

  let result
  try {
    result = await gateway.charge({
      idempotencyKey: `order:${orderId}`,
      amountCents,
      currency,
      card,
      description: `MAG order ${orderId}`,
    })
  } catch (error) {
    // Thrown, not declined: the charge may have happened. See payment-outcome.ts.
    const unknown = await markOutcomeUnknown(ctx, orderId)
    await ctx.audit({
      type: 'commerce.payment',
      userId,
      ip: request.ip,
      detail: {
        orderId,
        method: 'card',
        status: 'outcome-unknown',
        gateway: gateway.name,
        cause: error instanceof Error ? error.name : 'unknown',
      },
    })
    throw unknown
  }

  await ctx.db
    .insertInto('payments')
    .values({
      id: randomUUID(),
      order_id: orderId,
      gateway: gateway.name,
      gateway_charge_id: result.chargeId,
      status: result.status,
      amount_cents: amountCents,
      currency,
      card_brand: result.brand,
      card_last4: result.last4,
      decline_code: result.status === 'declined' ? result.declineCode : null,
      created_at: toIso(ctx.clock.calendarNow()),
    })
    .onConflict((oc) => oc.column('order_id').doNothing())
    .execute()
  await ctx.audit({
    type: 'commerce.payment',
    userId,
    ip: request.ip,
    detail: {
      orderId,
      method: 'card',
      status: result.status,
      amountCents,
      currency,
      cardBrand: result.brand,
      cardLast4: result.last4,
      ...(result.status === 'declined' ? { declineCode: result.declineCode } : {}),
    },
  })

  if (result.status === 'declined') {
    await releaseOrder({
      ctx,
      orderId,
      cartId,
      outcome: 'declined',
      failureCode: result.declineCode,
      failureMessage: result.message,
    })
    throw new MagDomainError('payment-declined', result.message, {
      orderId,
      declineCode: result.declineCode,
    })
  }

  try {
    await fulfilPaidOrder(ctx, orderId)
  } catch (error) {
    if (error instanceof MagDomainError) {
      // Charged, but a renewal became ineligible in the instant since the check above: the
      // order is marked failed with a code an operator can find and refund.
      await markOrderFailed({
        db: ctx.db,
        orderId,
        failureCode: 'refund-required',
        failureMessage: error.message,
      })
    }
    throw error
  }
  return { order: await loadOrder(ctx, userId, orderId), replayed: false }
}
