import { randomUUID } from 'node:crypto'
import type {
  CartView,
  CheckoutBody,
  EndpointName,
  EndpointResult,
  OrderView,
} from '@mag/mag-contract'
import type { MagCallInput } from './client/mag-client'
import { isMagCallError, MagCallError, type MagCallErrorCode } from './client/mag-call-error'

/** What the purchase needs: authenticated calls of the session. */
export type MagCalls = {
  call<N extends EndpointName>(name: N, input: MagCallInput<N>): Promise<EndpointResult<N>>
}

/**
 * The one open cart of a session, kept in main, and its checkout key.
 *
 * Checkout is idempotent on the service by its Idempotency-Key: the same key answers the same
 * order and never charges twice. So the key belongs to one payment attempt of one cart and
 * is reused until that attempt has a definite outcome:
 *
 * - kept after an answer that leaves the outcome open or nothing decided: the network failed
 *   (the request may have been applied), `payment-outcome-unknown`, `checkout-in-progress`,
 *   an invalid card or field (refused before any order), so "Pay" again repeats the same
 *   attempt and is charged at most once;
 * - `checkout-unresolved` names the key of the cart's unfinished attempt: adopted, so the
 *   next try resumes it;
 * - dropped after a definite end: paid or invoiced (the cart is gone), declined (the service
 *   reopened the cart; a new attempt needs a new key), `idempotency-key-reused`.
 *
 * Card details pass through to the call once and are never kept or logged here.
 */
export class CartKeeper {
  private cartId: string | null = null
  private idempotencyKey: string | null = null

  constructor(private readonly newKey: () => string = () => `mag-app.${randomUUID()}`) {}

  /** A new session (or none): the old session's cart is not this one's. */
  reset(): void {
    this.cartId = null
    this.idempotencyKey = null
  }

  async get(calls: MagCalls): Promise<CartView | null> {
    if (this.cartId === null) return null
    try {
      return this.keepIfOpen(await calls.call('getCart', { params: { cartId: this.cartId } }))
    } catch (error) {
      if (isMagCallError(error, 'cart-not-found')) {
        this.reset()
        return null
      }
      throw error
    }
  }

  async add(
    calls: MagCalls,
    item: { productId: string; credentialId?: string | undefined; quantity?: number | undefined },
  ): Promise<CartView> {
    const body = {
      productId: item.productId,
      ...(item.credentialId === undefined ? {} : { credentialId: item.credentialId }),
      ...(item.quantity === undefined ? {} : { quantity: item.quantity }),
    }
    for (let attempt = 0; ; attempt++) {
      const cartId = this.cartId ?? (await this.createCart(calls))
      try {
        return await calls.call('addCartItem', { params: { cartId }, body })
      } catch (error) {
        // The kept cart was paid or removed meanwhile: start a new one, once.
        const stale =
          isMagCallError(error, 'cart-not-found') || isMagCallError(error, 'cart-checked-out')
        if (!stale || attempt > 0) throw error
        this.reset()
      }
    }
  }

  async removeItem(calls: MagCalls, itemId: string): Promise<CartView | null> {
    if (this.cartId === null) return null
    try {
      return this.keepIfOpen(
        await calls.call('removeCartItem', { params: { cartId: this.cartId, itemId } }),
      )
    } catch (error) {
      if (isMagCallError(error, 'cart-not-found')) {
        this.reset()
        return null
      }
      throw error
    }
  }

  /** Pays the open cart; see the header for the key's life. */
  async checkout(calls: MagCalls, payment: CheckoutBody): Promise<OrderView> {
    const cartId = this.cartId
    // The service's own code, so it reads as an empty cart there does.
    if (cartId === null) throw new MagCallError('cart-empty', 'There is no open cart to pay.')
    this.idempotencyKey ??= this.newKey()
    const key = this.idempotencyKey
    try {
      const order = await calls.call('checkout', {
        params: { cartId },
        headers: { 'idempotency-key': key },
        body: payment,
      })
      if (order.status === 'declined') this.idempotencyKey = null
      else if (order.status !== 'processing') this.reset()
      return order
    } catch (error) {
      this.afterFailedCheckout(error)
      throw error
    }
  }

  private afterFailedCheckout(error: unknown): void {
    if (!isMagCallError(error)) return
    const code: MagCallErrorCode = error.code
    if (code === 'checkout-unresolved') {
      const earlier = stringField(error.details, 'idempotencyKey')
      if (earlier !== undefined) this.idempotencyKey = earlier
      return
    }
    if (code === 'payment-declined' || code === 'idempotency-key-reused') {
      this.idempotencyKey = null
      return
    }
    if (code === 'cart-not-found' || code === 'cart-checked-out' || code === 'order-failed') {
      this.reset()
    }
  }

  private async createCart(calls: MagCalls): Promise<string> {
    const cart = await calls.call('createCart', {})
    this.cartId = cart.id
    this.idempotencyKey = null
    return cart.id
  }

  /**
   * A cart that is no longer open has no items to show. While a payment attempt of it is
   * unresolved (its answer was lost), the cart and the key are kept all the same: Pay again
   * must repeat that attempt, which the service answers with its order.
   */
  private keepIfOpen(cart: CartView): CartView | null {
    if (cart.status === 'open') return cart
    if (this.idempotencyKey === null) this.reset()
    return null
  }
}

function stringField(details: unknown, key: string): string | undefined {
  if (typeof details !== 'object' || details === null) return undefined
  const value = (details as Record<string, unknown>)[key]
  return typeof value === 'string' ? value : undefined
}
