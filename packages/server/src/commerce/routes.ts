/**
 * Handlers of the commerce endpoints: catalogue, carts, checkout, orders, license keys,
 * activation, and the user's credentials with renewal eligibility. Methods, paths and
 * schemas are the contract's (@mag/mag-contract).
 *
 * `gateway` is the PaymentGateway cards are charged through; when omitted the built-in
 * test-mode gateway is used (test card numbers in payment-gateway.ts). Tests pass their own
 * TestModeGateway to count charges. For the admin command, `markInvoicePaid(ctx, invoiceId)`
 * is exported from ./fulfilment.
 */
import type { ServerContext } from '../context'
import type { EndpointHandlers } from '../http/routes'
import { activateLicenseKey, confirmDesktopOtp } from './activation'
import { addCartItem, createCart, removeCartItem } from './cart'
import { catalogue } from './catalogue'
import { checkout, defaultProcessingLeaseMs } from './checkout'
import { TestModeGateway, type PaymentGateway } from './payment-gateway'
import {
  loadCart,
  loadCredential,
  loadCredentials,
  loadLicenseKeys,
  loadOrder,
  loadOrders,
} from './views'

export interface CommerceOptions {
  gateway?: PaymentGateway
  /** How long a checkout owns its order before a retry may finish it (default 30 s). */
  processingLeaseMs?: number
}

type CommerceEndpoints =
  | 'getCatalogue'
  | 'createCart'
  | 'getCart'
  | 'addCartItem'
  | 'removeCartItem'
  | 'checkout'
  | 'listOrders'
  | 'getOrder'
  | 'listLicenseKeys'
  | 'activateLicenseKey'
  | 'confirmCredential'
  | 'listCredentials'
  | 'getCredential'

export function commerceHandlers(
  ctx: ServerContext,
  options: CommerceOptions = {},
): Pick<EndpointHandlers, CommerceEndpoints> {
  const deps = {
    gateway: options.gateway ?? new TestModeGateway(),
    processingLeaseMs: options.processingLeaseMs ?? defaultProcessingLeaseMs,
  }
  return {
    getCatalogue: async () => ({ products: [...catalogue] }),
    createCart: async ({ auth }) => createCart(ctx, auth.userId),
    getCart: async ({ auth, params }) => loadCart(ctx, auth.userId, params.cartId),
    addCartItem: async ({ auth, params, body }) =>
      addCartItem(ctx, auth.userId, params.cartId, body),
    removeCartItem: async ({ auth, params }) =>
      removeCartItem(ctx, auth.userId, params.cartId, params.itemId),
    checkout: async ({ auth, params, headers, body, reply, ip }) => {
      const outcome = await checkout(ctx, deps, {
        userId: auth.userId,
        cartId: params.cartId,
        idempotencyKey: headers['idempotency-key'],
        body,
        ip,
      })
      if (outcome.replayed) reply.header('Idempotent-Replayed', 'true')
      return outcome.order
    },
    listOrders: async ({ auth }) => ({ orders: await loadOrders(ctx, auth.userId) }),
    getOrder: async ({ auth, params }) => loadOrder(ctx, auth.userId, params.orderId),
    listLicenseKeys: async ({ auth }) => ({ licenseKeys: await loadLicenseKeys(ctx, auth.userId) }),
    activateLicenseKey: async ({ auth, body, ip }) =>
      activateLicenseKey(ctx, auth.userId, body, ip),
    confirmCredential: async ({ auth, params, body, ip }) =>
      confirmDesktopOtp(ctx, auth.userId, params.credentialId, body.code, ip),
    listCredentials: async ({ auth }) => ({ credentials: await loadCredentials(ctx, auth.userId) }),
    getCredential: async ({ auth, params }) =>
      loadCredential(ctx, auth.userId, params.credentialId),
  }
}
