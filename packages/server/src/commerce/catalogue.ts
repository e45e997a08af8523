/**
 * The product catalogue. Prices live in code (and are mirrored into the `products` table by
 * migration 002 so order lines can reference them); an order copies the price it was
 * charged, so a later price change never rewrites history.
 */

import { credentialTypes, type CredentialType } from '@mag/mag-contract'

// Re-exported for existing importers; the one definition is the contract's.
export { credentialTypes, type CredentialType }

export type ProductKind = 'new' | 'renewal'

export interface Product {
  id: string
  name: string
  description: string
  credentialType: CredentialType
  kind: ProductKind
  /** Price in the currency's minor unit (cents), so sums never meet floating point. */
  priceCents: number
  currency: 'EUR'
  /** How long one unit extends or starts the subscription, in years. */
  termYears: 1
}

export const catalogue: readonly Product[] = Object.freeze([
  {
    id: 'desktop-otp',
    name: 'Desktop OTP',
    description: 'A software TOTP credential held by the MAG Authenticator app, valid one year.',
    credentialType: 'Desktop OTP',
    kind: 'new',
    priceCents: 2400,
    currency: 'EUR',
    termYears: 1,
  },
  {
    id: 'otp-hardware-token',
    name: 'OTP Hardware Token',
    description: 'An OATH TOTP hardware token with a one-year subscription.',
    credentialType: 'OTP Hardware Token',
    kind: 'new',
    priceCents: 4900,
    currency: 'EUR',
    termYears: 1,
  },
  {
    id: 'desktop-otp-renewal',
    name: 'Desktop OTP renewal',
    description: 'Extends a Desktop OTP credential by one year from its current expiry.',
    credentialType: 'Desktop OTP',
    kind: 'renewal',
    priceCents: 2400,
    currency: 'EUR',
    termYears: 1,
  },
  {
    id: 'otp-hardware-token-renewal',
    name: 'OTP Hardware Token renewal',
    description: 'Extends an OTP Hardware Token credential by one year from its current expiry.',
    credentialType: 'OTP Hardware Token',
    kind: 'renewal',
    priceCents: 2400,
    currency: 'EUR',
    termYears: 1,
  },
] satisfies Product[])

export function findProduct(productId: string): Product | undefined {
  return catalogue.find((product) => product.id === productId)
}

export function renewalProductFor(type: CredentialType): Product {
  const product = catalogue.find((p) => p.kind === 'renewal' && p.credentialType === type)
  if (!product) throw new Error(`No renewal product for ${type}`)
  return product
}

export function newProductFor(type: CredentialType): Product {
  const product = catalogue.find((p) => p.kind === 'new' && p.credentialType === type)
  if (!product) throw new Error(`No product for ${type}`)
  return product
}
