/**
 * The MAG HTTP API as one map: per endpoint its method, path, authentication, the zod
 * schemas of its path parameters, query, headers, body and success response, and the error
 * codes it may answer. The service builds its routes and its OpenAPI document from this map
 * (so what is validated is what is documented); the app's MAG client derives its calls from
 * it. No I/O here.
 *
 * `auth`: 'none', or 'access-token' (an `Authorization: Bearer <accessToken>` header from
 * sign-in or refresh). The refresh token travels in the refresh body, never as a header;
 * administration is a command line on the server, not part of the HTTP API.
 *
 * `errors` lists the codes the endpoint's own rules answer. The codes any request may get
 * from the HTTP layer (malformed JSON, validation, a missing token, ...) are added by
 * `errorCodesOf`, from what the endpoint takes.
 */
import { z } from 'zod'
import { endpointNames, type EndpointName } from './endpoint-names'
import type { MagErrorCode } from './error-codes'
import * as apps from './schemas/apps'
import * as auth from './schemas/auth'
import * as commerce from './schemas/commerce'
import { healthSchema } from './schemas/service'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type EndpointAuth = 'none' | 'access-token'

export interface EndpointDefinition {
  method: HttpMethod
  /** Fastify/OpenAPI-neutral path syntax: `/api/v1/apps/:slug/launch`. */
  path: string
  auth: EndpointAuth
  summary: string
  description?: string
  tags: readonly string[]
  params?: z.ZodType
  query?: z.ZodType
  /** Keyed by lower-case header name (what Node hands over). */
  headers?: z.ZodType
  body?: z.ZodType
  /** Success status → body schema; exactly one 2xx entry. */
  response: Readonly<Record<number, z.ZodType>>
  errors: readonly MagErrorCode[]
}

const otpErrors = [
  'otp-invalid',
  'otp-replayed',
  'credential-locked',
  'credential-expired',
  'credential-inactive',
  'credential-not-found',
  'no-otp-credential',
  'rate-limited',
] as const satisfies readonly MagErrorCode[]

const checkoutDescription =
  'Requires an Idempotency-Key header (8-200 of A-Z a-z 0-9 _ . : -). Repeating a ' +
  'checkout with the same key answers the same order and never charges or extends twice ' +
  '(response header Idempotent-Replayed: true). Card: the order is paid at once, license ' +
  'keys are issued and renewals applied; a declined card answers 402 payment-declined and ' +
  'reopens the cart (retry with a new key). When the payment service fails and the ' +
  'outcome is unknown, 502 payment-outcome-unknown keeps the cart bound to the key: retry ' +
  'with the same key (never charged twice); another key on that cart is 409 ' +
  'checkout-unresolved naming the key to use. Invoice: the order waits in ' +
  'awaiting-payment until an administrator marks the invoice paid.'

export const magApi = {
  health: {
    method: 'GET',
    path: '/api/v1/health',
    auth: 'none',
    summary: 'Readiness and the calendar the service judges subscriptions by',
    description:
      'Answers 200 only once the service is ready: database migrated and, with --demo, the ' +
      'demo data seeded. Before that every /api route, this one included, answers 503 ' +
      'not-ready; while shutting down, 503 service-unavailable.',
    tags: ['service'],
    response: { 200: healthSchema },
    errors: [],
  },
  signIn: {
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    auth: 'none',
    summary: 'Sign in with email or username and password, optionally with an OTP',
    tags: ['auth'],
    body: auth.signInBody,
    response: { 200: auth.signInResponse },
    errors: ['invalid-credentials', 'account-disabled', 'account-locked', ...otpErrors],
  },
  refreshTokens: {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    auth: 'none',
    summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
    tags: ['auth'],
    body: auth.refreshBody,
    response: { 200: auth.tokensSchema },
    errors: ['refresh-token-invalid', 'refresh-token-reused'],
  },
  signOut: {
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    auth: 'access-token',
    summary: 'End the current session; its tokens stop working',
    tags: ['auth'],
    response: { 200: auth.signOutResponse },
    errors: [],
  },
  getProfile: {
    method: 'GET',
    path: '/api/v1/me',
    auth: 'access-token',
    summary: "The signed-in user's profile and current credential strength",
    tags: ['account'],
    response: { 200: auth.profileSchema },
    errors: [],
  },
  elevate: {
    method: 'POST',
    path: '/api/v1/auth/elevate',
    auth: 'access-token',
    summary: "Elevate: raise the current session's strength with a valid OTP",
    tags: ['auth'],
    body: auth.elevateBody,
    response: { 200: auth.elevateResponse },
    errors: otpErrors,
  },
  listApps: {
    method: 'GET',
    path: '/api/v1/apps',
    auth: 'access-token',
    summary: 'Partner applications granted to the user, with their required strength',
    tags: ['apps'],
    response: { 200: apps.grantedAppsSchema },
    errors: [],
  },
  launchApp: {
    method: 'POST',
    path: '/api/v1/apps/:slug/launch',
    auth: 'access-token',
    summary: 'Launch: a single-use ticket URL on the application origin, valid 60 s',
    description:
      'Answers 403 login-requirements-not-met (details.requiredStrength) when the session is too weak; elevate and retry.',
    tags: ['apps'],
    params: apps.slugParams,
    response: { 200: apps.launchResponse },
    errors: ['app-not-found', 'login-requirements-not-met'],
  },
  redeemTicket: {
    method: 'POST',
    path: '/api/v1/apps/:slug/tickets/redeem',
    auth: 'none',
    summary: "For a partner application's back end: redeem a launch ticket once",
    tags: ['apps'],
    params: apps.slugParams,
    body: apps.redeemTicketBody,
    response: { 200: apps.redeemTicketResponse },
    errors: ['ticket-unknown', 'ticket-used', 'ticket-expired', 'ticket-signed-out'],
  },
  resyncCredential: {
    method: 'POST',
    // Same parameter name as the other /credentials/{credentialId} routes.
    path: '/api/v1/credentials/:credentialId/resync',
    auth: 'access-token',
    summary: 'Resync a credential (and unlock it) with two consecutive codes',
    tags: ['credentials'],
    params: auth.resyncParams,
    body: auth.resyncBody,
    response: { 200: auth.resyncResponse },
    errors: [
      'rate-limited',
      'credential-not-found',
      'credential-inactive',
      'credential-expired',
      'resync-failed',
      'resync-conflict',
    ],
  },
  getCatalogue: {
    method: 'GET',
    path: '/api/v1/catalogue',
    auth: 'none',
    summary: 'The products on sale: new credentials and their one-year renewals',
    tags: ['commerce'],
    response: { 200: commerce.catalogueResponse },
    errors: [],
  },
  createCart: {
    method: 'POST',
    path: '/api/v1/carts',
    auth: 'access-token',
    summary: 'Start an empty cart',
    tags: ['commerce'],
    response: { 201: commerce.cartSchema },
    errors: [],
  },
  getCart: {
    method: 'GET',
    path: '/api/v1/carts/:cartId',
    auth: 'access-token',
    summary: 'A cart with its items and total',
    tags: ['commerce'],
    params: commerce.cartParams,
    response: { 200: commerce.cartSchema },
    errors: ['cart-not-found'],
  },
  addCartItem: {
    method: 'POST',
    path: '/api/v1/carts/:cartId/items',
    auth: 'access-token',
    summary: 'Add a product to a cart',
    description:
      'A renewal names the credential it extends (credentialId) and is refused with 409 ' +
      'renewal-not-eligible unless that credential is yours, bound and not expired. A new ' +
      'credential is refused with 409 renewal-available while one of the same type can still ' +
      'be renewed; details.credentialId and details.renewProductId point to the renewal.',
    tags: ['commerce'],
    params: commerce.cartParams,
    body: commerce.addItemBody,
    response: { 200: commerce.cartSchema },
    errors: [
      'cart-not-found',
      'cart-checked-out',
      'unknown-product',
      'renewal-not-eligible',
      'renewal-available',
    ],
  },
  removeCartItem: {
    method: 'DELETE',
    path: '/api/v1/carts/:cartId/items/:itemId',
    auth: 'access-token',
    summary: 'Remove an item from a cart',
    tags: ['commerce'],
    params: commerce.cartItemParams,
    response: { 200: commerce.cartSchema },
    errors: ['cart-not-found', 'cart-checked-out', 'cart-item-not-found'],
  },
  checkout: {
    method: 'POST',
    path: '/api/v1/carts/:cartId/checkout',
    auth: 'access-token',
    summary: 'Check out a cart by card or by invoice',
    description: checkoutDescription,
    tags: ['commerce'],
    params: commerce.cartParams,
    headers: commerce.checkoutHeaders,
    body: commerce.checkoutBody,
    response: { 200: commerce.orderSchema },
    errors: [
      'cart-not-found',
      'cart-checked-out',
      'cart-empty',
      'card-invalid',
      'payment-declined',
      'payment-outcome-unknown',
      'payment-gateway-error',
      'checkout-in-progress',
      'checkout-unresolved',
      'idempotency-key-reused',
      'order-failed',
      'refund-required',
      'renewal-not-eligible',
      'renewal-available',
    ],
  },
  listOrders: {
    method: 'GET',
    path: '/api/v1/orders',
    auth: 'access-token',
    summary: "The signed-in user's orders, newest first",
    tags: ['commerce'],
    response: { 200: commerce.ordersResponse },
    errors: [],
  },
  getOrder: {
    method: 'GET',
    path: '/api/v1/orders/:orderId',
    auth: 'access-token',
    summary: 'An order with its payment, invoice, license keys and renewals',
    tags: ['commerce'],
    params: commerce.orderParams,
    response: { 200: commerce.orderSchema },
    errors: ['order-not-found'],
  },
  listLicenseKeys: {
    method: 'GET',
    path: '/api/v1/license-keys',
    auth: 'access-token',
    summary: "The signed-in user's license keys, activated or not",
    tags: ['commerce'],
    response: { 200: commerce.licenseKeysResponse },
    errors: [],
  },
  activateLicenseKey: {
    method: 'POST',
    path: '/api/v1/activations',
    auth: 'access-token',
    summary: 'Activate a license key: bind a credential to the account',
    description:
      'Desktop OTP: answers the otpauth link once and a pending credential; confirm it with ' +
      'POST /api/v1/credentials/{credentialId}/confirm and a current code. Activating again ' +
      'while still pending issues a new seed (the old one stops working). ' +
      'OTP Hardware Token: give the serial and two consecutive codes; active at once.',
    tags: ['commerce'],
    body: commerce.activationBody,
    response: { 201: commerce.activationResponse },
    errors: [
      'license-key-invalid',
      'license-key-not-found',
      'license-key-used',
      'hardware-token-not-found',
      'hardware-token-bound',
      'codes-invalid',
      'rate-limited',
    ],
  },
  confirmCredential: {
    method: 'POST',
    path: '/api/v1/credentials/:credentialId/confirm',
    auth: 'access-token',
    summary: 'Prove a pending Desktop OTP credential with a current code, activating it',
    tags: ['commerce'],
    params: commerce.credentialParams,
    body: commerce.confirmBody,
    response: { 200: commerce.credentialSchema },
    errors: [
      'credential-not-found',
      'credential-not-pending',
      'code-invalid',
      'code-replayed',
      'code-expired',
      'code-inactive',
      'code-locked',
      'code-rate-limited',
    ],
  },
  listCredentials: {
    method: 'GET',
    path: '/api/v1/credentials',
    auth: 'access-token',
    summary: "The signed-in user's credentials with expiry, days left and whether Renew is offered",
    tags: ['commerce'],
    response: { 200: commerce.credentialsResponse },
    errors: [],
  },
  getCredential: {
    method: 'GET',
    path: '/api/v1/credentials/:credentialId',
    auth: 'access-token',
    summary: 'One credential with expiry, days left and whether Renew is offered',
    tags: ['commerce'],
    params: commerce.credentialParams,
    response: { 200: commerce.credentialSchema },
    errors: ['credential-not-found'],
  },
} as const satisfies Record<EndpointName, EndpointDefinition>

// The map and the name list must agree both ways: `satisfies` catches a missing or unknown
// key in the map; this catches a map key the list lacks.
type ExactlyTheNames = Exclude<keyof typeof magApi, EndpointName> extends never ? true : never
const _mapHasExactlyTheNames: ExactlyTheNames = true
void _mapHasExactlyTheNames

export type MagApi = typeof magApi
export { endpointNames, type EndpointName }

type Schema<E extends EndpointName, K extends string> =
  MagApi[E] extends Record<K, z.ZodType> ? MagApi[E][K] : undefined
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined
type SuccessStatus<E extends EndpointName> = keyof MagApi[E]['response'] & number

/** What a handler receives, parsed: each part is `undefined` when the endpoint takes none. */
export type EndpointParams<E extends EndpointName> = Parsed<Schema<E, 'params'>>
export type EndpointQuery<E extends EndpointName> = Parsed<Schema<E, 'query'>>
export type EndpointHeaders<E extends EndpointName> = Parsed<Schema<E, 'headers'>>
export type EndpointBody<E extends EndpointName> = Parsed<Schema<E, 'body'>>
/** What the client sends (before defaults and transforms). */
export type EndpointBodyInput<E extends EndpointName> =
  Schema<E, 'body'> extends z.ZodType ? z.input<Schema<E, 'body'>> : undefined
/** The success body as the handler produces it (input) and as the client receives it (output). */
export type EndpointResultInput<E extends EndpointName> = z.input<
  MagApi[E]['response'][SuccessStatus<E>]
>
export type EndpointResult<E extends EndpointName> = z.output<
  MagApi[E]['response'][SuccessStatus<E>]
>

/** The one success status of an endpoint. */
export function successStatusOf(endpoint: EndpointDefinition): number {
  const statuses = Object.keys(endpoint.response)
    .map(Number)
    .filter((status) => status >= 200 && status < 300)
  if (statuses.length !== 1) throw new Error(`${endpoint.path}: needs exactly one 2xx response`)
  return statuses[0] as number
}

/**
 * Every code an endpoint may answer: its own, plus what the HTTP layer answers for what the
 * endpoint takes (a body can be malformed or too large, a token missing, ...).
 */
export function errorCodesOf(endpoint: EndpointDefinition): MagErrorCode[] {
  const codes = new Set<MagErrorCode>(endpoint.errors)
  const takesInput = [endpoint.params, endpoint.query, endpoint.headers, endpoint.body].some(
    (part) => part !== undefined,
  )
  if (takesInput) codes.add('validation-failed')
  if (endpoint.params !== undefined) codes.add('parameter-too-long')
  if (endpoint.body !== undefined) {
    for (const code of ['invalid-json', 'payload-too-large', 'unsupported-media-type'] as const)
      codes.add(code)
  }
  if (endpoint.auth === 'access-token') codes.add('unauthenticated')
  for (const code of ['bad-request', 'internal-error', 'not-ready', 'service-unavailable'] as const)
    codes.add(code)
  return [...codes]
}
