/**
 * Reads carts, orders, license keys and credentials and shapes them for the API. Only the
 * owner's rows are ever read: every loader takes the user id.
 */
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import type { CredentialsTable } from '../db/schema'
import { findOwnCredential } from '../otp/own-credential'
import { findProduct, renewalProductFor } from './catalogue'
import { daysLeft, expiryShown, isExpired, renewalEligibility } from './eligibility'
import type { CartView, CredentialView, LicenseKeyView, OrderView } from '@mag/mag-contract'

export async function loadCart(
  ctx: ServerContext,
  userId: string,
  cartId: string,
): Promise<CartView> {
  const cart = await ctx.db
    .selectFrom('carts')
    .selectAll()
    .where('id', '=', cartId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (cart === undefined) throw new MagDomainError('cart-not-found', 'There is no such cart.')
  const rows = await ctx.db
    .selectFrom('cart_items')
    .selectAll()
    .where('cart_id', '=', cartId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const items = rows.map((row) => {
    const product = findProduct(row.product_id)
    if (product === undefined) throw new Error(`cart item with unknown product ${row.product_id}`)
    const quantity = Number(row.quantity)
    return {
      id: row.id,
      productId: product.id,
      name: product.name,
      kind: product.kind,
      credentialType: product.credentialType,
      credentialId: row.credential_id,
      quantity,
      unitPriceCents: product.priceCents,
      lineTotalCents: product.priceCents * quantity,
    }
  })
  return {
    id: cart.id,
    status: cart.status,
    items,
    totalCents: items.reduce((sum, item) => sum + item.lineTotalCents, 0),
    currency: 'EUR',
    createdAt: cart.created_at,
    updatedAt: cart.updated_at,
  }
}

export async function loadLicenseKeys(
  ctx: ServerContext,
  userId: string,
  orderId?: string,
): Promise<LicenseKeyView[]> {
  let query = ctx.db.selectFrom('license_keys').selectAll().where('user_id', '=', userId)
  if (orderId !== undefined) query = query.where('order_id', '=', orderId)
  const rows = await query.orderBy('created_at').orderBy('id').execute()
  return rows.map((row) => ({
    id: row.id,
    licenseKey: ctx.secrets.decrypt(row.key_encrypted),
    credentialType: row.credential_type,
    orderId: row.order_id,
    purchasedAt: row.purchased_at,
    expiresAt: row.expires_at,
    redeemed: row.credential_id !== null,
    credentialId: row.credential_id,
  }))
}

/** The user's orders, newest first. */
export async function loadOrders(ctx: ServerContext, userId: string): Promise<OrderView[]> {
  const rows = await ctx.db
    .selectFrom('orders')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute()
  return Promise.all(rows.map((row) => loadOrder(ctx, userId, row.id)))
}

export async function loadOrder(
  ctx: ServerContext,
  userId: string,
  orderId: string,
): Promise<OrderView> {
  const order = await ctx.db
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', orderId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  if (order === undefined) throw new MagDomainError('order-not-found', 'There is no such order.')
  const [items, payment, invoice, licenseKeys, renewals] = await Promise.all([
    ctx.db
      .selectFrom('order_items')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('id')
      .execute(),
    ctx.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
    ctx.db.selectFrom('invoices').selectAll().where('order_id', '=', orderId).executeTakeFirst(),
    loadLicenseKeys(ctx, userId, orderId),
    ctx.db
      .selectFrom('credential_renewals')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('renewed_at')
      .execute(),
  ])
  return {
    id: order.id,
    cartId: order.cart_id,
    status: order.status,
    paymentMethod: order.payment_method,
    totalCents: Number(order.total_cents),
    currency: order.currency,
    createdAt: order.created_at,
    paidAt: order.paid_at,
    items: items.map((item) => ({
      productId: item.product_id,
      kind: item.kind,
      credentialType: item.credential_type,
      credentialId: item.credential_id,
      quantity: Number(item.quantity),
      unitPriceCents: Number(item.unit_price_cents),
    })),
    payment: payment
      ? {
          status: payment.status,
          cardBrand: payment.card_brand,
          cardLast4: payment.card_last4,
          declineCode: payment.decline_code,
        }
      : null,
    invoice: invoice
      ? {
          id: invoice.id,
          status: invoice.status,
          amountCents: Number(invoice.amount_cents),
          currency: invoice.currency,
          issuedAt: invoice.issued_at,
          dueAt: invoice.due_at,
          paidAt: invoice.paid_at,
        }
      : null,
    licenseKeys,
    renewals: renewals.map((r) => ({
      credentialId: r.credential_id,
      previousExpiresAt: r.previous_expires_at,
      newExpiresAt: r.new_expires_at,
    })),
    failure:
      order.failure_code !== null
        ? { code: order.failure_code, message: order.failure_message ?? '' }
        : null,
  }
}

export function credentialView(
  credential: CredentialsTable,
  calendarNow: Date,
  graceDays: number,
): CredentialView {
  const expiresAt = new Date(credential.expires_at)
  const renewOffered = renewalEligibility(
    { status: credential.status, expiresAt },
    calendarNow,
    graceDays,
  ).eligible
  return {
    id: credential.id,
    type: credential.type,
    status: credential.status,
    serial: credential.serial,
    purchasedAt: credential.purchased_at,
    expiresAt: credential.expires_at,
    activatedAt: credential.activated_at,
    daysLeft: daysLeft(expiresAt, calendarNow),
    expired: isExpired(expiresAt, calendarNow, graceDays),
    expiryShown: expiryShown(expiresAt, calendarNow),
    renewOffered,
    renewProductId: renewOffered ? renewalProductFor(credential.type).id : null,
  }
}

export async function loadCredentials(
  ctx: ServerContext,
  userId: string,
): Promise<CredentialView[]> {
  const rows = await ctx.db
    .selectFrom('credentials')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
  const now = ctx.clock.calendarNow()
  return rows.map((row) => credentialView(row, now, ctx.config.renewalGraceDays))
}

export async function loadCredential(
  ctx: ServerContext,
  userId: string,
  credentialId: string,
): Promise<CredentialView> {
  const row = await findOwnCredential(ctx, userId, credentialId)
  return credentialView(row, ctx.clock.calendarNow(), ctx.config.renewalGraceDays)
}
