/**
 * A card charge whose outcome is unknown: the gateway call threw (timeout, dropped
 * connection), so the card may or may not have been charged.
 *
 * Unlike a decline, nothing may be released: reopening the cart would let a checkout with a
 * new key create a new order, hence a new gateway key, and charge the card a second time.
 * The order stays 'processing', bound to its cart and its idempotency key, marked with
 * failure code payment-outcome-unknown and with no lease, so a retry with the same key takes
 * it over at once and asks the gateway again under the same gateway key (order:<id>), which
 * the gateway answers with the original charge if there was one.
 */
import { toIso } from '../db/time'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { markOrderOutcomeUnknown } from './order-state'

export const outcomeUnknownCode = 'payment-outcome-unknown'
const outcomeUnknownMessage =
  'We could not confirm the payment. Retry with the same Idempotency-Key; you will not be charged twice.'

export function outcomeUnknownError(orderId: string): MagDomainError {
  return new MagDomainError(outcomeUnknownCode, outcomeUnknownMessage, { orderId })
}

/** Leaves the order for a retry with the same key; answers the error for the client. */
export async function markOutcomeUnknown(
  ctx: ServerContext,
  orderId: string,
): Promise<MagDomainError> {
  await markOrderOutcomeUnknown({
    db: ctx.db,
    orderId,
    failureCode: outcomeUnknownCode,
    failureMessage: outcomeUnknownMessage,
  })
  return outcomeUnknownError(orderId)
}

/**
 * The refusal for a checkout of a cart with another key while the cart's order has an
 * unknown outcome (or was left by a request that died): only its own key may finish it.
 * Answers undefined when the cart has no such order.
 */
export async function unresolvedCheckoutError(
  ctx: ServerContext,
  userId: string,
  cartId: string,
): Promise<MagDomainError | undefined> {
  const order = await ctx.db
    .selectFrom('orders')
    .select(['id', 'idempotency_key', 'failure_code', 'lease_expires_at'])
    .where('user_id', '=', userId)
    .where('active_cart_id', '=', cartId)
    .where('status', '=', 'processing')
    .executeTakeFirst()
  if (order === undefined) return undefined
  const now = toIso(ctx.clock.realNow())
  const abandoned = order.lease_expires_at === null || order.lease_expires_at <= now
  if (order.failure_code !== outcomeUnknownCode && !abandoned) return undefined
  return new MagDomainError(
    'checkout-unresolved',
    'An earlier checkout of this cart has not finished and its payment is not confirmed. ' +
      'Retry it with its Idempotency-Key (details.idempotencyKey); you will not be charged twice.',
    { orderId: order.id, idempotencyKey: order.idempotency_key },
  )
}
