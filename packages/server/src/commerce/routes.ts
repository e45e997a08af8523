/**
 * Commerce HTTP routes: catalogue, carts, checkout, orders, license keys, activation, and the
 * user's credentials with renewal eligibility.
 *
 * Called by the app factory once, after installRouteSupport and the core routes:
 *
 *   import { registerCommerceRoutes } from '../commerce/routes'
 *   await registerCommerceRoutes(app, ctx, { gateway })   // gateway optional
 *
 * `gateway` is the PaymentGateway cards are charged through; when omitted the built-in
 * test-mode gateway is used (test card numbers in payment-gateway.ts). Tests pass their own
 * TestModeGateway to count charges. For the admin command, `markInvoicePaid(ctx, invoiceId)`
 * is exported from ./fulfilment.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ServerContext } from '../http/context'
import { defineRoute } from '../http/routes'
import { activateLicenseKey, confirmDesktopOtp } from './activation'
import { addCartItem, createCart, removeCartItem } from './cart'
import { catalogue } from './catalogue'
import { checkout, defaultProcessingLeaseMs } from './checkout'
import { TestModeGateway, type PaymentGateway } from './payment-gateway'
import {
  activationBody,
  activationResponse,
  addItemBody,
  cartItemParams,
  cartParams,
  cartSchema,
  catalogueSchema,
  checkoutBody,
  checkoutHeaders,
  confirmBody,
  credentialParams,
  credentialSchema,
  licenseKeySchema,
  orderParams,
  orderSchema,
} from './schemas'
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

const tags = ['commerce']

export async function registerCommerceRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: CommerceOptions = {},
): Promise<void> {
  const deps = {
    gateway: options.gateway ?? new TestModeGateway(),
    processingLeaseMs: options.processingLeaseMs ?? defaultProcessingLeaseMs,
  }

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/catalogue',
    summary: 'The products on sale: new credentials and their one-year renewals',
    tags,
    auth: 'none',
    response: { 200: catalogueSchema },
    handler: async () => ({ products: [...catalogue] }),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/carts',
    summary: 'Start an empty cart',
    tags,
    auth: 'user',
    response: { 201: cartSchema },
    handler: async ({ auth }) => createCart(ctx, auth.userId),
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/carts/:cartId',
    summary: 'A cart with its items and total',
    tags,
    auth: 'user',
    params: cartParams,
    response: { 200: cartSchema },
    handler: async ({ auth, params }) => loadCart(ctx, auth.userId, params.cartId),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/carts/:cartId/items',
    summary: 'Add a product to a cart',
    description:
      'A renewal names the credential it extends (credentialId) and is refused with 409 ' +
      'renewal-not-eligible unless that credential is yours, bound and not expired. A new ' +
      'credential is refused with 409 renewal-available while one of the same type can still ' +
      'be renewed; details.credentialId and details.renewProductId point to the renewal.',
    tags,
    auth: 'user',
    params: cartParams,
    body: addItemBody,
    response: { 200: cartSchema },
    handler: async ({ auth, params, body }) => addCartItem(ctx, auth.userId, params.cartId, body),
  })

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/v1/carts/:cartId/items/:itemId',
    summary: 'Remove an item from a cart',
    tags,
    auth: 'user',
    params: cartItemParams,
    response: { 200: cartSchema },
    handler: async ({ auth, params }) =>
      removeCartItem(ctx, auth.userId, params.cartId, params.itemId),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/carts/:cartId/checkout',
    summary: 'Check out a cart by card or by invoice',
    description:
      'Requires an Idempotency-Key header (8-200 of A-Z a-z 0-9 _ . : -). Repeating a ' +
      'checkout with the same key answers the same order and never charges or extends twice ' +
      '(response header Idempotent-Replayed: true). Card: the order is paid at once, license ' +
      'keys are issued and renewals applied; a declined card answers 402 payment-declined and ' +
      'reopens the cart (retry with a new key). When the payment service fails and the ' +
      'outcome is unknown, 502 payment-outcome-unknown keeps the cart bound to the key: retry ' +
      'with the same key (never charged twice); another key on that cart is 409 ' +
      'checkout-unresolved naming the key to use. Invoice: the order waits in ' +
      'awaiting-payment until an administrator marks the invoice paid.',
    tags,
    auth: 'user',
    params: cartParams,
    headers: checkoutHeaders,
    body: checkoutBody,
    response: { 200: orderSchema },
    handler: async ({ auth, params, headers, body, reply, ip }) => {
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
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/orders',
    summary: "The signed-in user's orders, newest first",
    tags,
    auth: 'user',
    response: { 200: z.object({ orders: z.array(orderSchema) }) },
    handler: async ({ auth }) => ({ orders: await loadOrders(ctx, auth.userId) }),
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/orders/:orderId',
    summary: 'An order with its payment, invoice, license keys and renewals',
    tags,
    auth: 'user',
    params: orderParams,
    response: { 200: orderSchema },
    handler: async ({ auth, params }) => loadOrder(ctx, auth.userId, params.orderId),
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/license-keys',
    summary: "The signed-in user's license keys, activated or not",
    tags,
    auth: 'user',
    response: { 200: z.object({ licenseKeys: z.array(licenseKeySchema) }) },
    handler: async ({ auth }) => ({ licenseKeys: await loadLicenseKeys(ctx, auth.userId) }),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/activations',
    summary: 'Activate a license key: bind a credential to the account',
    description:
      'Desktop OTP: answers the otpauth link once and a pending credential; confirm it with ' +
      'POST /api/v1/credentials/{credentialId}/confirm and a current code. Activating again ' +
      'while still pending issues a new seed (the old one stops working). ' +
      'OTP Hardware Token: give the serial and two consecutive codes; active at once.',
    tags,
    auth: 'user',
    body: activationBody,
    response: { 201: activationResponse },
    handler: async ({ auth, body, ip }) => activateLicenseKey(ctx, auth.userId, body, ip),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/credentials/:credentialId/confirm',
    summary: 'Prove a pending Desktop OTP credential with a current code, activating it',
    tags,
    auth: 'user',
    params: credentialParams,
    body: confirmBody,
    response: { 200: credentialSchema },
    handler: async ({ auth, params, body, ip }) =>
      confirmDesktopOtp(ctx, auth.userId, params.credentialId, body.code, ip),
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/credentials',
    summary: "The signed-in user's credentials with expiry, days left and whether Renew is offered",
    tags,
    auth: 'user',
    response: { 200: z.object({ credentials: z.array(credentialSchema) }) },
    handler: async ({ auth }) => ({ credentials: await loadCredentials(ctx, auth.userId) }),
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/credentials/:credentialId',
    summary: 'One credential with expiry, days left and whether Renew is offered',
    tags,
    auth: 'user',
    params: credentialParams,
    response: { 200: credentialSchema },
    handler: async ({ auth, params }) => loadCredential(ctx, auth.userId, params.credentialId),
  })
}
