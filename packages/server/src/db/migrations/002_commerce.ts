/**
 * Commerce tables: products, carts, orders and their lines, payments, invoices, license keys
 * and the renewal ledger. Written with Kysely's schema builder only, so it runs on SQLite and
 * PostgreSQL alike. Timestamps are ISO-8601 UTC text, like the core tables.
 *
 * The idempotency and "exactly once" guarantees live here, in unique constraints, so they hold
 * across any number of service instances sharing one PostgreSQL database:
 * - orders (user_id, idempotency_key): one order per checkout key;
 * - orders.active_cart_id: a cart has at most one live (not declined) order — a declined order
 *   sets it to NULL, which unique constraints ignore on both databases;
 * - payments.order_id: one charge per order;
 * - credential_renewals.order_item_id: a paid renewal line extends its credential once.
 */
import type { Kysely } from 'kysely'

/**
 * The products this migration inserted when it was written (commit 0fa4036), copied here
 * rather than imported from commerce/catalogue.ts: a migration is frozen in time, and a
 * database migrated today must hold what one migrated then holds. A later price or product
 * change is a new migration, never an edit of this list.
 */
const PRODUCTS_AT_002 = [
  {
    id: 'desktop-otp',
    name: 'Desktop OTP',
    credential_type: 'Desktop OTP',
    kind: 'new',
    price_cents: 2400,
    currency: 'EUR',
    active: 1,
  },
  {
    id: 'otp-hardware-token',
    name: 'OTP Hardware Token',
    credential_type: 'OTP Hardware Token',
    kind: 'new',
    price_cents: 4900,
    currency: 'EUR',
    active: 1,
  },
  {
    id: 'desktop-otp-renewal',
    name: 'Desktop OTP renewal',
    credential_type: 'Desktop OTP',
    kind: 'renewal',
    price_cents: 2400,
    currency: 'EUR',
    active: 1,
  },
  {
    id: 'otp-hardware-token-renewal',
    name: 'OTP Hardware Token renewal',
    credential_type: 'OTP Hardware Token',
    kind: 'renewal',
    price_cents: 2400,
    currency: 'EUR',
    active: 1,
  },
] as const

// Migrations must not depend on the evolving Database type, per Kysely's guidance.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('credential_type', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db
    .insertInto('products')
    .values(PRODUCTS_AT_002.map((product) => ({ ...product })))
    .execute()

  await db.schema
    .createTable('carts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('carts_user_id_idx').on('carts').column('user_id').execute()

  await db.schema
    .createTable('cart_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cart_id', 'text', (c) => c.notNull().references('carts.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('credential_id', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cart_items_cart_credential_unique', ['cart_id', 'credential_id'])
    .execute()
  await db.schema.createIndex('cart_items_cart_id_idx').on('cart_items').column('cart_id').execute()

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('cart_id', 'text', (c) => c.notNull().references('carts.id'))
    .addColumn('active_cart_id', 'text', (c) => c.unique())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_fingerprint', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payment_method', 'text', (c) => c.notNull())
    .addColumn('total_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('failure_code', 'text')
    .addColumn('failure_message', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('lease_expires_at', 'text')
    .addUniqueConstraint('orders_user_idempotency_key_unique', ['user_id', 'idempotency_key'])
    .execute()
  await db.schema.createIndex('orders_user_id_idx').on('orders').column('user_id').execute()

  await db.schema
    .createTable('order_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('product_id', 'text', (c) => c.notNull().references('products.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('credential_type', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text')
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('unit_price_cents', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('order_items_order_id_idx')
    .on('order_items')
    .column('order_id')
    .execute()

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().unique().references('orders.id'))
    .addColumn('gateway', 'text', (c) => c.notNull())
    .addColumn('gateway_charge_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('card_brand', 'text')
    .addColumn('card_last4', 'text')
    .addColumn('decline_code', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().unique().references('orders.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .execute()

  await db.schema
    .createTable('license_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('key_encrypted', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('order_item_id', 'text', (c) => c.notNull().references('order_items.id'))
    .addColumn('credential_type', 'text', (c) => c.notNull())
    .addColumn('purchased_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('redeemed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('license_keys_user_id_idx')
    .on('license_keys')
    .column('user_id')
    .execute()

  await db.schema
    .createTable('credential_renewals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('credential_id', 'text', (c) => c.notNull())
    .addColumn('order_id', 'text', (c) => c.notNull().references('orders.id'))
    .addColumn('order_item_id', 'text', (c) => c.notNull().unique().references('order_items.id'))
    .addColumn('previous_expires_at', 'text', (c) => c.notNull())
    .addColumn('new_expires_at', 'text', (c) => c.notNull())
    .addColumn('renewed_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('credential_renewals_credential_id_idx')
    .on('credential_renewals')
    .column('credential_id')
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'credential_renewals',
    'license_keys',
    'invoices',
    'payments',
    'order_items',
    'orders',
    'cart_items',
    'carts',
    'products',
  ]) {
    await db.schema.dropTable(table).ifExists().execute()
  }
}
