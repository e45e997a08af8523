/**
 * Fulfilment of a paid order, exactly once: one transaction flips the order to 'paid' with a
 * conditional UPDATE (only the caller that flips it goes on), then issues a license key per
 * new credential and extends each renewed credential by a year from its old expiry. The
 * extension is a compare-and-set on expires_at, so concurrent renewals of one credential on
 * any number of instances each add their year and none is lost; credential_renewals'
 * unique order_item_id makes a renewal line count once.
 */
import { randomUUID } from 'node:crypto'
import type { Transaction } from 'kysely'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import type { Database } from '../db/schema'
import { toIso } from '../db/time'
import { findProduct } from './catalogue'
import { renewedExpiry, subscriptionExpiry } from './eligibility'
import { generateLicenseKey, hashLicenseKey } from './license-key'
import { markOrderPaid } from './order-state'
import { assertRenewable } from './purchase-rules'

interface FulfilmentRecord {
  userId: string
  licenseKeys: { id: string; credentialType: string }[]
  renewals: { credentialId: string; previousExpiresAt: string; newExpiresAt: string }[]
}

const maxCompareAndSetAttempts = 50

async function extendCredential(
  trx: Transaction<Database>,
  credentialId: string,
): Promise<{ previous: string; next: string }> {
  for (let attempt = 0; attempt < maxCompareAndSetAttempts; attempt++) {
    const row = await trx
      .selectFrom('credentials')
      .select('expires_at')
      .where('id', '=', credentialId)
      .executeTakeFirstOrThrow()
    const next = toIso(renewedExpiry(new Date(row.expires_at)))
    const updated = await trx
      .updateTable('credentials')
      .set({ expires_at: next })
      .where('id', '=', credentialId)
      .where('expires_at', '=', row.expires_at)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 1) return { previous: row.expires_at, next }
  }
  throw new Error(`could not extend credential ${credentialId}: too much contention`)
}

/**
 * Marks the order paid and delivers it. Answers false when another caller already did.
 * Throws MagDomainError 409 renewal-not-eligible (and changes nothing) when a renewed credential
 * stopped being renewable before payment completed.
 */
export async function fulfilPaidOrder(ctx: ServerContext, orderId: string): Promise<boolean> {
  const paidAt = ctx.clock.calendarNow()
  const record = await ctx.db
    .transaction()
    .execute(async (trx): Promise<FulfilmentRecord | null> => {
      const order = await trx
        .selectFrom('orders')
        .select(['user_id', 'payment_method'])
        .where('id', '=', orderId)
        .executeTakeFirstOrThrow()
      if (!(await markOrderPaid({ db: trx, orderId, paidAt: toIso(paidAt) }))) return null

      const result: FulfilmentRecord = { userId: order.user_id, licenseKeys: [], renewals: [] }
      const items = await trx
        .selectFrom('order_items')
        .selectAll()
        .where('order_id', '=', orderId)
        .orderBy('id')
        .execute()
      for (const item of items) {
        const product = findProduct(item.product_id)
        if (product === undefined)
          throw new Error(`order item with unknown product ${item.product_id}`)
        if (item.kind === 'new') {
          for (let i = 0; i < Number(item.quantity); i++) {
            const key = generateLicenseKey()
            const id = randomUUID()
            await trx
              .insertInto('license_keys')
              .values({
                id,
                key_hash: hashLicenseKey(key),
                key_encrypted: ctx.secrets.encrypt(key),
                user_id: order.user_id,
                order_id: orderId,
                order_item_id: item.id,
                credential_type: item.credential_type,
                purchased_at: toIso(paidAt),
                expires_at: toIso(subscriptionExpiry(paidAt)),
                credential_id: null,
                redeemed_at: null,
                created_at: toIso(paidAt),
              })
              .execute()
            result.licenseKeys.push({ id, credentialType: item.credential_type })
          }
        } else {
          const credential = await assertRenewable(
            ctx,
            trx,
            order.user_id,
            item.credential_id,
            product,
          )
          const { previous, next } = await extendCredential(trx, credential.id)
          await trx
            .insertInto('credential_renewals')
            .values({
              id: randomUUID(),
              credential_id: credential.id,
              order_id: orderId,
              order_item_id: item.id,
              previous_expires_at: previous,
              new_expires_at: next,
              renewed_at: toIso(paidAt),
            })
            .execute()
          result.renewals.push({
            credentialId: credential.id,
            previousExpiresAt: previous,
            newExpiresAt: next,
          })
        }
      }
      if (order.payment_method === 'invoice') {
        await trx
          .updateTable('invoices')
          .set({ status: 'paid', paid_at: toIso(paidAt) })
          .where('order_id', '=', orderId)
          .execute()
      }
      return result
    })
  if (record === null) return false

  // Audit after commit: the audit sink writes through ctx.db, which the SQLite transaction holds.
  for (const key of record.licenseKeys) {
    await ctx.audit({
      type: 'commerce.license-issued',
      userId: record.userId,
      detail: { orderId, licenseKeyId: key.id, credentialType: key.credentialType },
    })
  }
  for (const renewal of record.renewals) {
    await ctx.audit({
      type: 'commerce.renewal',
      userId: record.userId,
      detail: { orderId, ...renewal },
    })
  }
  return true
}

export interface MarkInvoicePaidResult {
  invoiceId: string
  orderId: string
  /** False when the invoice had already been marked paid: nothing changed. */
  changed: boolean
}

/**
 * For the admin command: records that an invoice was paid, which fulfils its order.
 * Throws MagDomainError 404 invoice-not-found, or 409 renewal-not-eligible when a credential the
 * order renews expired meanwhile (the order stays awaiting payment; refund the customer).
 */
export async function markInvoicePaid(
  ctx: ServerContext,
  invoiceId: string,
): Promise<MarkInvoicePaidResult> {
  const invoice = await ctx.db
    .selectFrom('invoices')
    .select(['id', 'order_id', 'user_id', 'amount_cents', 'currency'])
    .where('id', '=', invoiceId)
    .executeTakeFirst()
  if (invoice === undefined) {
    throw new MagDomainError('invoice-not-found', `There is no invoice ${invoiceId}.`)
  }
  const changed = await fulfilPaidOrder(ctx, invoice.order_id)
  if (changed) {
    await ctx.audit({
      type: 'commerce.payment',
      userId: invoice.user_id,
      detail: {
        orderId: invoice.order_id,
        invoiceId,
        method: 'invoice',
        status: 'succeeded',
        amountCents: Number(invoice.amount_cents),
        currency: invoice.currency,
      },
    })
  }
  return { invoiceId, orderId: invoice.order_id, changed }
}

export interface OpenInvoice {
  invoiceId: string
  orderId: string
  userId: string
  email: string
  amountCents: number
  currency: string
  issuedAt: string
  dueAt: string
}

/** For the admin command: invoices waiting for payment, oldest first. */
export async function listOpenInvoices(ctx: ServerContext): Promise<OpenInvoice[]> {
  const rows = await ctx.db
    .selectFrom('invoices')
    .innerJoin('users', 'users.id', 'invoices.user_id')
    .select([
      'invoices.id',
      'invoices.order_id',
      'invoices.user_id',
      'users.email',
      'invoices.amount_cents',
      'invoices.currency',
      'invoices.issued_at',
      'invoices.due_at',
    ])
    .where('invoices.status', '=', 'open')
    .orderBy('invoices.issued_at')
    .execute()
  return rows.map((r) => ({
    invoiceId: r.id,
    orderId: r.order_id,
    userId: r.user_id,
    email: r.email,
    amountCents: Number(r.amount_cents),
    currency: r.currency,
    issuedAt: r.issued_at,
    dueAt: r.due_at,
  }))
}
