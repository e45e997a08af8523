/**
 * Carts: a user's basket of catalogue products. A renewal line names the credential it
 * extends and is checked against the purchase rules as it is added; a cart that is being
 * (or was) checked out no longer changes.
 */
import { randomUUID } from 'node:crypto'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { toIso } from '../db/time'
import { findProduct } from './catalogue'
import { assertNoRenewalAvailable, assertRenewable } from './purchase-rules'
import { loadCart } from './views'
import type { CartView } from '@mag/mag-contract'

export async function createCart(ctx: ServerContext, userId: string): Promise<CartView> {
  const id = randomUUID()
  const now = toIso(ctx.clock.calendarNow())
  await ctx.db
    .insertInto('carts')
    .values({ id, user_id: userId, status: 'open', created_at: now, updated_at: now })
    .execute()
  return loadCart(ctx, userId, id)
}

async function openCart(ctx: ServerContext, userId: string, cartId: string): Promise<void> {
  const cart = await loadCart(ctx, userId, cartId)
  if (cart.status !== 'open') {
    throw new MagDomainError('cart-checked-out', 'This cart was checked out; start a new cart.', {
      cartId,
    })
  }
}

export interface AddItemInput {
  productId: string
  credentialId?: string | undefined
  quantity: number
}

export async function addCartItem(
  ctx: ServerContext,
  userId: string,
  cartId: string,
  input: AddItemInput,
): Promise<CartView> {
  const product = findProduct(input.productId)
  if (product === undefined) {
    // Names the field, not its value: an error never repeats what the request sent.
    throw new MagDomainError('unknown-product', 'There is no such product in the catalogue.', {
      field: 'body.productId',
    })
  }
  await openCart(ctx, userId, cartId)
  const now = toIso(ctx.clock.calendarNow())

  if (product.kind === 'renewal') {
    const credential = await assertRenewable(
      ctx,
      ctx.db,
      userId,
      input.credentialId ?? null,
      product,
    )
    // One renewal line per credential per cart (a unique key): adding it again changes nothing.
    await insertLine(ctx, { cartId, productId: product.id, credentialId: credential.id, now })
      .onConflict((oc) => oc.columns(['cart_id', 'credential_id']).doNothing())
      .execute()
  } else {
    if (input.credentialId !== undefined) {
      throw new MagDomainError('validation-failed', 'credentialId is only for renewals.', {
        field: 'body.credentialId',
      })
    }
    await assertNoRenewalAvailable(ctx, ctx.db, userId, product)
    const line = await ctx.db
      .selectFrom('cart_items')
      .select(['id', 'quantity'])
      .where('cart_id', '=', cartId)
      .where('product_id', '=', product.id)
      .executeTakeFirst()
    if (line === undefined) {
      await insertLine(ctx, {
        cartId,
        productId: product.id,
        credentialId: null,
        quantity: input.quantity,
        now,
      }).execute()
    } else {
      const quantity = Number(line.quantity) + input.quantity
      if (quantity > 10) {
        throw new MagDomainError('validation-failed', 'At most 10 of a product per cart.', {
          field: 'body.quantity',
        })
      }
      await ctx.db.updateTable('cart_items').set({ quantity }).where('id', '=', line.id).execute()
    }
  }
  await touchCart(ctx, cartId, now)
  return loadCart(ctx, userId, cartId)
}

export async function removeCartItem(
  ctx: ServerContext,
  userId: string,
  cartId: string,
  itemId: string,
): Promise<CartView> {
  await openCart(ctx, userId, cartId)
  const removed = await ctx.db
    .deleteFrom('cart_items')
    .where('id', '=', itemId)
    .where('cart_id', '=', cartId)
    .executeTakeFirst()
  if (Number(removed.numDeletedRows) === 0) {
    throw new MagDomainError('cart-item-not-found', 'There is no such item in this cart.')
  }
  await touchCart(ctx, cartId, toIso(ctx.clock.calendarNow()))
  return loadCart(ctx, userId, cartId)
}

function insertLine(
  ctx: ServerContext,
  line: {
    cartId: string
    productId: string
    credentialId: string | null
    quantity?: number
    now: string
  },
) {
  return ctx.db.insertInto('cart_items').values({
    id: randomUUID(),
    cart_id: line.cartId,
    product_id: line.productId,
    credential_id: line.credentialId,
    quantity: line.quantity ?? 1,
    created_at: line.now,
  })
}

async function touchCart(ctx: ServerContext, cartId: string, now: string): Promise<void> {
  await ctx.db.updateTable('carts').set({ updated_at: now }).where('id', '=', cartId).execute()
}
