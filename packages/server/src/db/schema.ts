/**
 * The Kysely `Database` interface for every table of the service.
 *
 * Conventions (both SQLite and PostgreSQL):
 * - Ids are text UUIDs (`crypto.randomUUID()`).
 * - Timestamps are ISO-8601 text in UTC, always produced by `Date.prototype.toISOString()`
 *   (`2026-01-31T12:00:00.000Z`), so they compare correctly as strings. Use `toIso()` from
 *   ./time.ts to write them; never store another format.
 * - Booleans are integers 0/1 (SQLite has no boolean type).
 * - JSON is stored as text.
 * - Secrets are stored only as `secret_encrypted` (AES-256-GCM, see secrets.ts) and
 *   tokens only as SHA-256 hashes (`*_hash`, hex).
 */
import type { CredentialType, RequiredStrength, Strength } from '@mag/mag-contract'
import type { Generated } from 'kysely'

export type IsoTimestamp = string

// One definition each, in the contract: a session's strength and a credential's type.
export type SessionStrength = Strength
export type { CredentialType }
export type CredentialStatus = 'pending' | 'active' | 'locked' | 'revoked'
export type { RequiredStrength }

export interface OrganizationsTable {
  id: string
  name: string
  created_at: IsoTimestamp
}

export interface UsersTable {
  id: string
  organization_id: string
  email: string
  username: string
  password_hash: string
  display_name: string
  disabled: number
  failed_sign_ins: number
  /** Real time until which password sign-in is refused after repeated failures. */
  locked_until: IsoTimestamp | null
  created_at: IsoTimestamp
}

export interface SessionsTable {
  id: string
  user_id: string
  /** Hash of the current (latest) refresh token of this session. */
  refresh_token_hash: string
  strength: SessionStrength
  /** The credential whose OTP gave this session its strength; null for 'password'. */
  strength_credential_id: string | null
  created_at: IsoTimestamp
  expires_at: IsoTimestamp
  revoked_at: IsoTimestamp | null
  revoked_reason: string | null
  /** How many times the refresh token was rotated. */
  rotated_count: number
  last_used_at: IsoTimestamp
}

/** Every refresh token ever issued for a session, so reuse of a rotated one is detected. */
export interface RefreshTokensTable {
  token_hash: string
  session_id: string
  issued_at: IsoTimestamp
  rotated_at: IsoTimestamp | null
}

export interface PartnerAppsTable {
  id: string
  slug: string
  name: string
  /** Registered https origin, or an http loopback origin for development. */
  origin: string
  /** Path on the origin that redeems a ticket, e.g. `/partner/crm/`. */
  landing_path: string
  required_strength: RequiredStrength
  created_at: IsoTimestamp
}

export interface AppGrantsTable {
  user_id: string
  app_id: string
  created_at: IsoTimestamp
}

export interface LaunchTicketsTable {
  id: string
  token_hash: string
  user_id: string
  app_id: string
  session_id: string
  strength: SessionStrength
  created_at: IsoTimestamp
  expires_at: IsoTimestamp
  used_at: IsoTimestamp | null
}

export interface AuditEventsTable {
  id: string
  at: IsoTimestamp
  type: string
  user_id: string | null
  ip: string | null
  /** JSON text; never holds a secret, password, code or token. */
  detail: string
}

export interface RateLimitsTable {
  key: string
  /** Start of the fixed window, epoch ms (integer). */
  window_start: number
  count: number
}

export interface HardwareTokensTable {
  serial: string
  secret_encrypted: string
  loaded_at: IsoTimestamp
  /** Set once the token is bound to a credential. */
  credential_id: string | null
}

export interface CredentialsTable {
  id: string
  user_id: string
  type: CredentialType
  status: CredentialStatus
  /** Null until the secret is issued (Desktop OTP) or the token bound (hardware). */
  secret_encrypted: string | null
  serial: string | null
  order_id: string | null
  purchased_at: IsoTimestamp
  expires_at: IsoTimestamp
  activated_at: IsoTimestamp | null
  /** Highest TOTP step (epoch seconds / 30) ever accepted; replay protection. */
  last_accepted_step: number | null
  consecutive_failures: number
  locked_at: IsoTimestamp | null
  created_at: IsoTimestamp
}

export interface CoreTables {
  organizations: OrganizationsTable
  users: UsersTable
  sessions: SessionsTable
  refresh_tokens: RefreshTokensTable
  partner_apps: PartnerAppsTable
  app_grants: AppGrantsTable
  launch_tickets: LaunchTicketsTable
  audit_events: AuditEventsTable
  rate_limits: RateLimitsTable
  hardware_tokens: HardwareTokensTable
  credentials: CredentialsTable
}

// Kysely's Generated is re-exported so commerce tables can use it for defaulted columns.
export type { Generated }

// --- commerce tables (owned by commerce) ---
// Created by migrations/002_commerce.ts; the rules behind the constraints are described there.

export type ProductKind = 'new' | 'renewal'
export type CartStatus = 'open' | 'checked-out'
/**
 * processing: claimed by a checkout, charge in flight, or its outcome unknown (failure_code
 * payment-outcome-unknown: only a retry with the same key may finish it); awaiting-payment:
 * invoice issued;
 * paid: fulfilled (license keys issued, renewals applied); declined: the card was refused
 * (the cart is open again); failed: could not be fulfilled (e.g. renewal no longer eligible).
 */
export type OrderStatus = 'processing' | 'awaiting-payment' | 'paid' | 'declined' | 'failed'
export type PaymentMethod = 'card' | 'invoice'
export type PaymentStatus = 'succeeded' | 'declined'
export type InvoiceStatus = 'open' | 'paid' | 'void'

export interface ProductsTable {
  id: string
  name: string
  credential_type: CredentialType
  kind: ProductKind
  price_cents: number
  currency: string
  active: Generated<number>
}

export interface CartsTable {
  id: string
  user_id: string
  status: CartStatus
  created_at: IsoTimestamp
  updated_at: IsoTimestamp
}

export interface CartItemsTable {
  id: string
  cart_id: string
  product_id: string
  /** The credential a renewal line extends; null for a new credential. */
  credential_id: string | null
  quantity: number
  created_at: IsoTimestamp
}

export interface OrdersTable {
  id: string
  user_id: string
  cart_id: string
  /** Equals cart_id while the order is live; NULL once declined, so the cart can be retried. */
  active_cart_id: string | null
  idempotency_key: string
  /** SHA-256 of the checkout request (cart + method), to refuse a key reused for another request. */
  request_fingerprint: string
  status: OrderStatus
  payment_method: PaymentMethod
  total_cents: number
  currency: string
  failure_code: string | null
  failure_message: string | null
  created_at: IsoTimestamp
  paid_at: IsoTimestamp | null
  /** Real time until which the request that created a 'processing' order owns it. */
  lease_expires_at: IsoTimestamp | null
}

export interface OrderItemsTable {
  id: string
  order_id: string
  product_id: string
  kind: ProductKind
  credential_type: CredentialType
  credential_id: string | null
  quantity: number
  unit_price_cents: number
}

export interface PaymentsTable {
  id: string
  order_id: string
  gateway: string
  gateway_charge_id: string | null
  status: PaymentStatus
  amount_cents: number
  currency: string
  card_brand: string | null
  /** Never more of the card number than this. */
  card_last4: string | null
  decline_code: string | null
  created_at: IsoTimestamp
}

export interface InvoicesTable {
  id: string
  order_id: string
  user_id: string
  status: InvoiceStatus
  amount_cents: number
  currency: string
  issued_at: IsoTimestamp
  due_at: IsoTimestamp
  paid_at: IsoTimestamp | null
}

export interface LicenseKeysTable {
  id: string
  /** SHA-256 hex of the canonical key; how a typed key is found. */
  key_hash: string
  /** The key under the service key, so its buyer can see it again on the order. */
  key_encrypted: string
  user_id: string
  order_id: string
  order_item_id: string
  credential_type: CredentialType
  purchased_at: IsoTimestamp
  expires_at: IsoTimestamp
  credential_id: string | null
  redeemed_at: IsoTimestamp | null
  created_at: IsoTimestamp
}

export interface CredentialRenewalsTable {
  id: string
  credential_id: string
  order_id: string
  order_item_id: string
  previous_expires_at: IsoTimestamp
  new_expires_at: IsoTimestamp
  renewed_at: IsoTimestamp
}

export interface CommerceTables {
  products: ProductsTable
  carts: CartsTable
  cart_items: CartItemsTable
  orders: OrdersTable
  order_items: OrderItemsTable
  payments: PaymentsTable
  invoices: InvoicesTable
  license_keys: LicenseKeysTable
  credential_renewals: CredentialRenewalsTable
}
// --- end of commerce tables ---

export interface Database extends CoreTables, CommerceTables {}
