import type { CredentialType } from '@mag/mag-contract'
import type { ChannelResult } from '../../../../shared/channels'
import type { UiLanguage } from '../../../../shared/i18n/languages'
import type { MessageId } from '../../../../shared/i18n/namespaces'
import type { MagCredential } from '../../../../shared/mag-channels'
import type { Translate } from '../../i18n/useT'
import { renewalInsteadOf } from './dashboard-model'
import type { PurchaseStep } from './mag-routes'

export type Product = ChannelResult<'magGetCatalogue'>['products'][number]
export type Order = ChannelResult<'magCheckout'>
export type Cart = NonNullable<ChannelResult<'magGetCart'>>

/** A product Get 2FA shows, with the credential to renew instead when the service offers it. */
export type Offer = { product: Product; renewInstead: MagCredential | undefined }

/**
 * Get 2FA lists the new-credential products. Where a credential of the same type can still
 * be renewed, the offer carries it, and the screen offers the renewal instead of a second
 * purchase (the service would refuse it with `renewal-available`).
 */
export function offersFor(
  products: readonly Product[],
  credentials: readonly MagCredential[],
): Offer[] {
  return products
    .filter((p) => p.kind === 'new')
    .map((product) => ({
      product,
      renewInstead: renewalInsteadOf(credentials, product.credentialType),
    }))
}

/** The product that renews this credential: the service names it; else the renewal of its type. */
export function renewalProduct(
  credential: MagCredential,
  products: readonly Product[],
): Product | undefined {
  return (
    products.find((p) => p.id === credential.renewProductId) ??
    products.find((p) => p.kind === 'renewal' && p.credentialType === credential.type)
  )
}

/**
 * A checkout that did not go through: the service's reason when it gave one, else the
 * message id of ours to show (the component translates it).
 */
export type Declined = {
  step: 'declined'
  serviceMessage: string | undefined
  fallback: Extract<MessageId, 'magPurchase.checkout.declined' | 'magPurchase.checkout.failed'>
}

/**
 * A declined checkout in words. The service writes its reasons in English and they are more
 * specific than ours ("insufficient funds"): an English UI shows them, as it does main's
 * errors (lib/errors.ts); any other language shows our sentence rather than English.
 */
export function declinedMessage(declined: Declined, language: UiLanguage, t: Translate): string {
  if (language === 'en' && declined.serviceMessage?.trim()) return declined.serviceMessage
  return t(declined.fallback)
}

/** Where a finished checkout leads: its license keys, an open invoice, or the renewal done. */
export function stepAfterCheckout(order: Order): PurchaseStep | Declined {
  if (order.status === 'declined' || order.status === 'failed') {
    return {
      step: 'declined',
      serviceMessage: order.failure?.message,
      fallback:
        order.status === 'declined'
          ? 'magPurchase.checkout.declined'
          : 'magPurchase.checkout.failed',
    }
  }
  if (order.status === 'awaiting-payment') return { step: 'invoice', orderId: order.id }
  if (order.renewals.length > 0 && order.licenseKeys.length === 0)
    return { step: 'renewed', orderId: order.id }
  return { step: 'license-key', orderId: order.id }
}

/** A purchase (Get 2FA) or a renewal: their steppers differ after checkout. */
export type FlowKind = 'purchase' | 'renew'

/** The steps a stepper shows (message ids), and which one a flow position belongs to. */
export const FLOW_STEPS = {
  purchase: [
    'magPurchase.step.choose',
    'magPurchase.step.cart',
    'magPurchase.step.checkout',
    'magPurchase.step.licenseKey',
    'magPurchase.step.activate',
  ],
  renew: [
    'magPurchase.step.subscription',
    'magPurchase.step.cart',
    'magPurchase.step.checkout',
    'magPurchase.step.renewed',
  ],
} as const satisfies Record<FlowKind, readonly MessageId[]>

export function stepIndex(flow: PurchaseStep, kind: FlowKind): number {
  switch (flow.step) {
    case 'choose':
      return 0
    case 'cart':
      return 1
    case 'checkout':
      return 2
    case 'license-key':
    case 'invoice':
      return 3
    case 'renewed':
      return kind === 'renew' ? 3 : 4
    case 'activate':
    case 'activated':
      return 4
  }
}

/** Which credential type a cart's items would create (renewals create none). */
export function newCredentialTypes(cart: Cart): CredentialType[] {
  return [...new Set(cart.items.filter((i) => i.kind === 'new').map((i) => i.credentialType))]
}
