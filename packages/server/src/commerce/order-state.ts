/**
 * Every change of an order's state, named, in one place:
 *
 *   processing ──▶ awaiting-payment   invoice issued                   markOrderAwaitingPayment
 *   processing ──▶ paid               charged and fulfilled            markOrderPaid
 *   awaiting-payment ──▶ paid         invoice marked paid              markOrderPaid
 *   processing ──▶ declined           the gateway said no              markOrderDeclined
 *   processing ──▶ failed             refused before (or refund after) markOrderFailed
 *                                     the charge
 *   processing, outcome unknown       the gateway call threw           markOrderOutcomeUnknown
 *   processing, lease taken over      its creator stopped              takeOverOrderLease
 *
 * Each is one conditional UPDATE from the state it may leave and answers whether it
 * happened, so of concurrent callers on any number of instances exactly one wins and the
 * others learn it from the database, never from what they read earlier. What a transition
 * implies elsewhere (reopening the cart, issuing license keys) stays with its caller, inside
 * the same transaction when it must be atomic with it.
 */
import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../db/schema'

/** The service's database, or a transaction on it. */
export type OrderStore = Kysely<Database> | Transaction<Database>

interface Transition {
  db: OrderStore
  orderId: string
}

interface Failure extends Transition {
  /** A code the client can switch on (the closed error enum, or a gateway decline code). */
  failureCode: string
  failureMessage: string
}

function happened(result: { numUpdatedRows: bigint }): boolean {
  return Number(result.numUpdatedRows) === 1
}

/** An invoice was issued for a processing order: it now waits for the money, with no lease. */
export async function markOrderAwaitingPayment({ db, orderId }: Transition): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({ status: 'awaiting-payment', lease_expires_at: null })
    .where('id', '=', orderId)
    .where('status', '=', 'processing')
    .executeTakeFirst()
  return happened(result)
}

/**
 * Payment completed (card charged, or invoice paid). The order frees its cart, and a paid
 * order has no failure, even if an earlier attempt's outcome was unknown.
 */
export async function markOrderPaid({
  db,
  orderId,
  paidAt,
}: Transition & { paidAt: string }): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({
      status: 'paid',
      paid_at: paidAt,
      active_cart_id: null,
      failure_code: null,
      failure_message: null,
    })
    .where('id', '=', orderId)
    .where('status', 'in', ['processing', 'awaiting-payment'])
    .executeTakeFirst()
  return happened(result)
}

/** The gateway declined the card: nothing was charged, the order lets go of its cart. */
export async function markOrderDeclined(failure: Failure): Promise<boolean> {
  return endProcessing({ ...failure, status: 'declined' })
}

/**
 * The order cannot complete: refused before any charge (a renewal no longer eligible), or
 * charged but not deliverable (failure code refund-required, for an operator to refund).
 */
export async function markOrderFailed(failure: Failure): Promise<boolean> {
  return endProcessing({ ...failure, status: 'failed' })
}

/**
 * The gateway call threw, so the card may have been charged: the order stays processing,
 * bound to its cart and idempotency key, with no lease, so only a retry with the same key
 * takes it over (see payment-outcome.ts).
 */
export async function markOrderOutcomeUnknown({
  db,
  orderId,
  failureCode,
  failureMessage,
}: Failure): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({ failure_code: failureCode, failure_message: failureMessage, lease_expires_at: null })
    .where('id', '=', orderId)
    .where('status', '=', 'processing')
    .executeTakeFirst()
  return happened(result)
}

/**
 * Takes a processing order over from a request that stopped before finishing it. `seenLease`
 * is the lease the caller read (null when none): the update only succeeds while it is still
 * that one, so two retries cannot both take the order.
 */
export async function takeOverOrderLease({
  db,
  orderId,
  seenLease,
  leaseUntil,
}: Transition & { seenLease: string | null; leaseUntil: string }): Promise<boolean> {
  const update = db
    .updateTable('orders')
    .set({ lease_expires_at: leaseUntil })
    .where('id', '=', orderId)
    .where('status', '=', 'processing')
  const result = await (
    seenLease === null
      ? update.where('lease_expires_at', 'is', null)
      : update.where('lease_expires_at', '=', seenLease)
  ).executeTakeFirst()
  return happened(result)
}

async function endProcessing({
  db,
  orderId,
  status,
  failureCode,
  failureMessage,
}: Failure & { status: 'declined' | 'failed' }): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({
      status,
      active_cart_id: null,
      failure_code: failureCode,
      failure_message: failureMessage,
    })
    .where('id', '=', orderId)
    .where('status', '=', 'processing')
    .executeTakeFirst()
  return happened(result)
}
