/**
 * The commerce API's request and response schemas (moved from the service's
 * commerce/schemas.ts): they validate traffic and generate the OpenAPI document, so they are
 * the contract a MAG operator implements.
 */
import { z } from 'zod'
import { credentialTypeSchema } from '../credential-type'
import { otpCodeSchema } from '../otp-code'
import { isoTimestamp, money } from './common'

const credentialType = credentialTypeSchema
export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  credentialType,
  kind: z.enum(['new', 'renewal']),
  priceCents: money,
  currency: z.string(),
  termYears: z.number().int(),
})
export const catalogueSchema = z.object({ products: z.array(productSchema) })

export const cartItemSchema = z.object({
  id: z.string(),
  productId: z.string(),
  name: z.string(),
  kind: z.enum(['new', 'renewal']),
  credentialType,
  credentialId: z.string().nullable(),
  quantity: z.number().int(),
  unitPriceCents: money,
  lineTotalCents: money,
})
export const cartSchema = z.object({
  id: z.string(),
  status: z.enum(['open', 'checked-out']),
  items: z.array(cartItemSchema),
  totalCents: money,
  currency: z.string(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
})
export type CartView = z.infer<typeof cartSchema>

export const cartParams = z.object({ cartId: z.uuid() })
export const cartItemParams = z.object({ cartId: z.uuid(), itemId: z.uuid() })

export const addItemBody = z.object({
  productId: z.string().min(1).max(64),
  credentialId: z.uuid().optional().describe('Required for a renewal: the credential it extends'),
  quantity: z.number().int().min(1).max(10).default(1).describe('New credentials only; 1 to 10'),
})

const cardSchema = z.object({
  number: z
    .string()
    .regex(/^[\d -]{12,23}$/, 'card number must be 12 to 19 digits, spaces or dashes allowed'),
  expMonth: z.number().int(),
  expYear: z.number().int(),
  cvc: z.string().max(4),
})

export const checkoutBody = z.discriminatedUnion('method', [
  z.object({ method: z.literal('card'), card: cardSchema }),
  z.object({ method: z.literal('invoice') }),
])
export type CheckoutBody = z.infer<typeof checkoutBody>

export const checkoutHeaders = z.object({
  'idempotency-key': z
    .string({ error: 'checkout needs an Idempotency-Key header (8-200 characters)' })
    .regex(/^[A-Za-z0-9_.:-]{8,200}$/, 'use 8 to 200 letters, digits, "_", ".", ":" or "-"')
    .describe(
      'Idempotency-Key: one per cart and payment attempt; a retry with the same key answers ' +
        'the same order and never charges or extends twice',
    ),
})

export const orderStatus = z.enum(['processing', 'awaiting-payment', 'paid', 'declined', 'failed'])

export const licenseKeySchema = z.object({
  id: z.string(),
  licenseKey: z.string().describe('MAG-XXXXX-XXXXX-XXXXX-XXXXX'),
  credentialType,
  orderId: z.string(),
  purchasedAt: isoTimestamp,
  expiresAt: isoTimestamp,
  redeemed: z.boolean(),
  credentialId: z.string().nullable(),
})
export type LicenseKeyView = z.infer<typeof licenseKeySchema>

export const orderSchema = z.object({
  id: z.string(),
  cartId: z.string(),
  status: orderStatus,
  paymentMethod: z.enum(['card', 'invoice']),
  totalCents: money,
  currency: z.string(),
  createdAt: isoTimestamp,
  paidAt: isoTimestamp.nullable(),
  items: z.array(
    z.object({
      productId: z.string(),
      kind: z.enum(['new', 'renewal']),
      credentialType,
      credentialId: z.string().nullable(),
      quantity: z.number().int(),
      unitPriceCents: money,
    }),
  ),
  payment: z
    .object({
      status: z.enum(['succeeded', 'declined']),
      cardBrand: z.string().nullable(),
      cardLast4: z.string().nullable(),
      declineCode: z.string().nullable(),
    })
    .nullable(),
  invoice: z
    .object({
      id: z.string(),
      status: z.enum(['open', 'paid', 'void']),
      amountCents: money,
      currency: z.string(),
      issuedAt: isoTimestamp,
      dueAt: isoTimestamp,
      paidAt: isoTimestamp.nullable(),
    })
    .nullable(),
  licenseKeys: z.array(licenseKeySchema),
  renewals: z.array(
    z.object({
      credentialId: z.string(),
      previousExpiresAt: isoTimestamp,
      newExpiresAt: isoTimestamp,
    }),
  ),
  failure: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type OrderView = z.infer<typeof orderSchema>

export const orderParams = z.object({ orderId: z.uuid() })

export const credentialSchema = z.object({
  id: z.string(),
  type: credentialType,
  status: z.enum(['pending', 'active', 'locked', 'revoked']),
  serial: z.string().nullable(),
  purchasedAt: isoTimestamp,
  expiresAt: isoTimestamp,
  activatedAt: isoTimestamp.nullable(),
  daysLeft: z.number().int().describe('Whole days until expiry, rounded up; 0 once expired'),
  expired: z.boolean().describe('Past expiry plus the grace period'),
  expiryShown: z.boolean().describe('30 days or fewer left: show the expiry date'),
  renewOffered: z.boolean(),
  renewProductId: z.string().nullable().describe('Product to add to a cart to renew, if offered'),
})
export type CredentialView = z.infer<typeof credentialSchema>

export const credentialParams = z.object({ credentialId: z.uuid() })

export const activationBody = z.object({
  licenseKey: z.string().min(1).max(64),
  serial: z.string().min(1).max(64).optional().describe('OTP Hardware Token only'),
  codes: z
    .tuple([otpCodeSchema, otpCodeSchema])
    .optional()
    .describe('OTP Hardware Token only: two consecutive codes from the token'),
})

export const activationResponse = z.object({
  credential: credentialSchema,
  otpauthUri: z
    .string()
    .nullable()
    .describe('Desktop OTP only, shown once: store it, then confirm with a current code'),
})

export const confirmBody = z.object({ code: otpCodeSchema })

export const catalogueResponse = catalogueSchema
export const ordersResponse = z.object({ orders: z.array(orderSchema) })
export const licenseKeysResponse = z.object({ licenseKeys: z.array(licenseKeySchema) })
export const credentialsResponse = z.object({ credentials: z.array(credentialSchema) })
