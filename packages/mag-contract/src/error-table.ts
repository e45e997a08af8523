/**
 * Every error code the MAG service answers, with its HTTP status, in one table. The set is
 * closed: a client can switch on `error.code` exhaustively, and the service cannot answer a
 * code that is not listed here (its error handler and its domain errors are typed by it).
 * The status lives here, next to the code, because it is part of the wire contract; the
 * service's domain code never sees it, only its HTTP layer does.
 *
 * Grouped for readers; the order carries no meaning. No zod in this file: the app's
 * renderer imports the codes on its first screen (error-codes.ts builds the schemas).
 */
export const magErrors = {
  // The framework and the HTTP layer: malformed, oversized or unroutable requests.
  'bad-request': { status: 400, meaning: 'The request could not be understood' },
  'invalid-json': { status: 400, meaning: 'The body is empty or not valid JSON' },
  'invalid-url': { status: 400, meaning: 'The URL is not validly percent-encoded' },
  'validation-failed': {
    status: 400,
    meaning: 'A parameter, header or body field is invalid; the message names it',
  },
  unauthenticated: { status: 401, meaning: 'No valid access token; sign in again' },
  'not-found': { status: 404, meaning: 'No such route' },
  'request-timeout': { status: 408, meaning: 'The request took too long to arrive' },
  'payload-too-large': { status: 413, meaning: 'The request body is over the size limit' },
  'parameter-too-long': { status: 414, meaning: 'A path parameter is over the length limit' },
  'unsupported-media-type': { status: 415, meaning: 'The body is not application/json' },
  'header-too-large': { status: 431, meaning: 'The request headers are too large' },
  'internal-error': { status: 500, meaning: 'Unexpected failure; nothing internal is revealed' },
  'not-ready': { status: 503, meaning: 'The service is starting (migrating, seeding)' },
  'service-unavailable': { status: 503, meaning: 'The service is shutting down' },

  // Sign-in, sessions, tokens.
  'invalid-credentials': { status: 401, meaning: 'Wrong email/username or password' },
  'account-disabled': { status: 403, meaning: 'The account is disabled' },
  'account-locked': { status: 423, meaning: 'Sign-in paused after too many wrong passwords' },
  'rate-limited': { status: 429, meaning: 'Too many attempts; see the Retry-After header' },
  'refresh-token-invalid': { status: 401, meaning: 'Refresh token invalid, expired or revoked' },
  'refresh-token-reused': {
    status: 401,
    meaning: 'Refresh token used twice; the session was signed out',
  },

  // OTP verification (sign-in, elevate, resync).
  'otp-invalid': { status: 401, meaning: 'The one-time code is not correct' },
  'otp-replayed': { status: 401, meaning: 'The one-time code was already used' },
  'credential-locked': { status: 423, meaning: 'Locked after too many wrong codes; resync it' },
  'credential-expired': { status: 403, meaning: 'The credential has expired' },
  'credential-inactive': { status: 409, meaning: 'The credential is not active' },
  'credential-not-found': { status: 404, meaning: 'No such credential on this account' },
  'credential-not-pending': { status: 409, meaning: 'Only a pending credential can be confirmed' },
  'no-otp-credential': { status: 409, meaning: 'The account has no active OTP credential' },
  'resync-failed': { status: 401, meaning: 'The two codes are not consecutive current codes' },
  'resync-conflict': { status: 409, meaning: 'The credential changed meanwhile; try again' },

  // Partner applications and launch tickets.
  'app-not-found': { status: 404, meaning: 'No such partner application granted to the user' },
  'login-requirements-not-met': {
    status: 403,
    meaning: 'The session is too weak for the application; elevate and retry',
  },
  'ticket-unknown': { status: 403, meaning: 'The launch ticket is not valid for this app' },
  'ticket-used': { status: 403, meaning: 'The launch ticket was already used' },
  'ticket-expired': { status: 403, meaning: 'The launch ticket has expired' },
  'ticket-signed-out': { status: 403, meaning: 'The session that launched it has ended' },

  // Carts and checkout.
  'unknown-product': { status: 400, meaning: 'No such product in the catalogue' },
  'cart-not-found': { status: 404, meaning: 'No such cart' },
  'cart-item-not-found': { status: 404, meaning: 'No such item in the cart' },
  'cart-checked-out': { status: 409, meaning: 'The cart was (or is being) checked out' },
  'cart-empty': { status: 409, meaning: 'The cart has no items' },
  'card-invalid': { status: 400, meaning: 'A card field is invalid; the message names it' },
  'payment-declined': { status: 402, meaning: 'The card was declined; details.declineCode' },
  'payment-outcome-unknown': {
    status: 502,
    meaning: 'The payment could not be confirmed; retry with the same Idempotency-Key',
  },
  'payment-gateway-error': { status: 502, meaning: 'The payment service failed (older orders)' },
  'checkout-in-progress': { status: 409, meaning: 'The same checkout is still being processed' },
  'checkout-unresolved': {
    status: 409,
    meaning: "An earlier checkout of this cart is unresolved; retry with that checkout's key",
  },
  'idempotency-key-reused': {
    status: 422,
    meaning: 'The Idempotency-Key was used for a different checkout',
  },
  'order-failed': { status: 409, meaning: 'The order failed' },
  'refund-required': {
    status: 409,
    meaning: 'Charged, but a renewal became ineligible; an operator refunds',
  },
  'order-not-found': { status: 404, meaning: 'No such order' },
  'invoice-not-found': { status: 404, meaning: 'No such invoice' },
  'renewal-not-eligible': {
    status: 409,
    meaning: 'The credential cannot be renewed (not yours, not bound, or expired)',
  },
  'renewal-available': {
    status: 409,
    meaning: 'A credential of this type can still be renewed; details point to the renewal',
  },

  // License keys and activation.
  'license-key-invalid': { status: 400, meaning: 'Not a well-formed license key' },
  'license-key-not-found': { status: 404, meaning: 'No license key of yours matches' },
  'license-key-used': { status: 409, meaning: 'The license key was already activated' },
  'hardware-token-not-found': { status: 404, meaning: 'No hardware token has this serial' },
  'hardware-token-bound': { status: 409, meaning: 'The hardware token is already bound' },
  'codes-invalid': { status: 400, meaning: 'Not two consecutive current codes of the token' },
  'code-invalid': { status: 400, meaning: 'The confirmation code is not correct' },
  'code-replayed': { status: 400, meaning: 'The confirmation code was already used' },
  'code-expired': { status: 400, meaning: 'The credential has expired' },
  'code-inactive': { status: 400, meaning: 'The credential cannot be confirmed' },
  'code-locked': { status: 423, meaning: 'Locked after too many wrong codes; resync it' },
  'code-rate-limited': { status: 429, meaning: 'Too many code attempts; wait a minute' },
} as const satisfies Record<string, { status: number; meaning: string }>

export type MagErrorCode = keyof typeof magErrors

export const magErrorCodes = Object.keys(magErrors) as [MagErrorCode, ...MagErrorCode[]]

/** The HTTP status a code is answered with. */
export function httpStatusOf(code: MagErrorCode): number {
  return magErrors[code].status
}
