import type { MagErrorCode } from '@mag/mag-contract'
import type { magAppErrorCodes } from '../../shared/mag-app-error-codes'
import { AppError } from '../../shared/errors'
import type { MagCallError } from './client/mag-call-error'

/**
 * Every MAG failure as a sentence a user can act on: what happened and what to do next. One
 * table for the service's closed list and the app's own MAG codes, so a new code cannot be
 * added without its message (the Record type fails to compile), and the window shows the
 * message it receives without a second table of its own.
 *
 * A message never repeats what the user typed or what the service sent back in full: only
 * the details the contract defines (a decline code, a retry delay, a lock's end) are read,
 * each checked for its type, so nothing secret or untrusted reaches the window through here.
 */

export type MagAppErrorCode = (typeof magAppErrorCodes)[number]
export type MagFailureCode = MagErrorCode | MagAppErrorCode

/** What a message may mention besides the error itself. */
export type MagErrorFacts = {
  /** The contract's `details` of the failure (unknown until each field is checked). */
  details?: Readonly<Record<string, unknown>> | undefined
  /** The service address, for offline and bad-response messages. */
  serviceUrl?: string | null | undefined
  /** The partner application a launch concerned. */
  appName?: string | undefined
  /** The credential type an OTP was asked of (code-needed). */
  credentialType?: string | undefined
  /** Renewal is still offered for the credential concerned (a grace period after expiry). */
  renewOffered?: boolean | undefined
  /** The service's clock minus this computer's (MagConnection.clockSkewMs), for mag-clock-off. */
  clockSkewMs?: number | null | undefined
}

type Message = string | ((facts: MagErrorFacts) => string)

const UPDATE_OR_ADMIN =
  'Check the service address in Settings or update the app; if it keeps happening, contact your MAG administrator.'
const SIGN_IN_AGAIN = 'Your MAG session has ended. Sign in again to continue where you were.'
const TICKET_INVALID = 'The launch link is no longer valid. Launch the application again.'
const WAIT_NEXT_CODE =
  'That code was already used. Wait for the next code (at most 30 seconds) and try again.'
const LOCKED_RESYNC =
  'Your OTP credential is locked after too many wrong codes. Open Manage OTP and choose Resync to unlock it.'
const BUY_NEW = 'Renewal is no longer possible: buy and set up a new credential with Get 2FA.'

const messages: Record<MagFailureCode, Message> = {
  // The HTTP layer: the app and the service disagree about the API.
  'bad-request': `The MAG service could not understand the app's request. ${UPDATE_OR_ADMIN}`,
  'invalid-json': `The MAG service could not read the app's request. ${UPDATE_OR_ADMIN}`,
  'invalid-url': `The MAG service could not read the app's request. ${UPDATE_OR_ADMIN}`,
  'validation-failed': `The MAG service refused the request as invalid. Check what you entered; if it looks right, ${lowerFirst(UPDATE_OR_ADMIN)}`,
  unauthenticated: SIGN_IN_AGAIN,
  'not-found': `The MAG service does not offer this function. ${UPDATE_OR_ADMIN}`,
  'request-timeout':
    'The MAG service took too long to receive the request. Check your network connection and try again.',
  'payload-too-large': `The request was too large for the MAG service. ${UPDATE_OR_ADMIN}`,
  'parameter-too-long': `The request was too long for the MAG service. ${UPDATE_OR_ADMIN}`,
  'unsupported-media-type': `The MAG service could not read the app's request. ${UPDATE_OR_ADMIN}`,
  'header-too-large': `The request was too large for the MAG service. ${UPDATE_OR_ADMIN}`,
  'internal-error':
    'The MAG service had an internal problem. Try again in a moment; if it keeps happening, contact your MAG administrator.',
  'not-ready': 'The MAG service is still starting. Try again in a few seconds.',
  'service-unavailable':
    'The MAG service is shutting down or under maintenance. Try again in a few minutes.',

  // Sign-in and sessions.
  'invalid-credentials':
    'Wrong email, username or password. Check them (and Caps Lock) and try again.',
  'account-disabled': 'This MAG account is disabled. Ask your MAG administrator to enable it.',
  'account-locked': ({ details }) => {
    const until = dateDetail(details, 'lockedUntil')
    return `Sign-in is paused for this account after too many wrong passwords${until ? ` until ${until}` : ''}. Wait, or ask your MAG administrator to unlock it.`
  },
  'rate-limited': ({ details }) => `Too many attempts. ${waitPhrase(details)} and try again.`,
  'refresh-token-invalid': SIGN_IN_AGAIN,
  'refresh-token-reused':
    'Your MAG session was ended because its sign-in was used twice, which can mean someone else used it. Sign in again; if this surprises you, change your password.',

  // OTP.
  'otp-invalid':
    "The one-time code was not accepted. Check the code and that this computer's clock is right, then try again.",
  'otp-replayed': WAIT_NEXT_CODE,
  'credential-locked': LOCKED_RESYNC,
  'credential-expired': ({ renewOffered }) =>
    renewOffered === true
      ? 'Your OTP credential has passed its expiry date, so it no longer meets the OTP requirement. Renew it in Manage OTP while renewal is still offered.'
      : `Your OTP credential has expired, so it no longer meets the OTP requirement. ${BUY_NEW}`,
  'credential-inactive':
    'Your OTP credential is not active. Finish setting it up in Get 2FA (activate its license key), or ask your MAG administrator.',
  'credential-not-found':
    'That credential is no longer on your MAG account. Refresh and try again.',
  'credential-not-pending': 'This credential is already set up; there is nothing left to confirm.',
  'no-otp-credential':
    'This needs OTP and your account has no active OTP credential. Get one with Get 2FA.',
  'resync-failed':
    'The two codes are not consecutive current codes of the credential. Enter the current code and the one after it.',
  'resync-conflict': 'The credential changed while it was being resynced. Try again.',

  // Partner applications.
  'app-not-found': ({ appName }) =>
    `${appName ?? 'This application'} is not granted to your account. Ask your MAG administrator for access.`,
  'login-requirements-not-met': ({ appName }) =>
    `${appName ?? 'This application'} requires OTP. Elevate with a code from your OTP credential.`,
  'ticket-unknown': TICKET_INVALID,
  'ticket-used': TICKET_INVALID,
  'ticket-expired': TICKET_INVALID,
  'ticket-signed-out': TICKET_INVALID,

  // Carts and checkout.
  'unknown-product': 'That product is no longer on sale. Open Get 2FA again to see the catalogue.',
  'cart-not-found': 'Your cart is no longer available. Start again from Get 2FA.',
  'cart-item-not-found': 'That item is no longer in your cart.',
  'cart-checked-out': 'This cart was already checked out. Its order is under My Orders.',
  'cart-empty': 'Your cart is empty. Add a product first.',
  'card-invalid': ({ details }) =>
    `${cardIssue(details) ?? 'The card details are not valid.'} Correct them and try again; nothing was charged.`,
  'payment-declined': ({ details }) =>
    `Your card was declined${declineReason(details)}. Nothing was charged. Use another card, or choose to pay by invoice.`,
  'payment-outcome-unknown':
    'The payment could not be confirmed. Choose Pay again: the app retries the same payment, so you will not be charged twice.',
  'payment-gateway-error': 'The payment service failed. Try again in a few minutes.',
  'checkout-in-progress':
    'This payment is still being processed. Wait a moment, then look under My Orders.',
  'checkout-unresolved':
    'An earlier payment of this cart has not finished. Choose Pay again: the app retries that payment, so you will not be charged twice.',
  'idempotency-key-reused':
    'This payment attempt was already used for another checkout. Start the checkout again.',
  'order-failed': 'The order failed and nothing was delivered. See My Orders for details.',
  'refund-required':
    'You were charged, but the renewal could no longer be applied (the credential expired meanwhile). The payment will be refunded; contact your MAG administrator if it is not.',
  'order-not-found': 'That order is not on your account. Refresh My Orders.',
  'invoice-not-found': 'That invoice is not on your account. Refresh My Orders.',
  'renewal-not-eligible': ({ details }) =>
    stringDetail(details, 'reason') === 'expired'
      ? `This credential has expired and can no longer be renewed. ${BUY_NEW}`
      : 'This credential cannot be renewed (it is not set up on your account). Open Manage OTP to see its status.',
  'renewal-available':
    'You already have a credential of this type that can still be renewed. Renew it instead of buying a new one: it keeps the same credential and codes, and the new year starts when the current one ends.',

  // License keys and activation.
  'license-key-invalid':
    'That is not a valid license key. Keys look like MAG-XXXXX-XXXXX-XXXXX-XXXXX; check for typing mistakes.',
  'license-key-not-found':
    'No license key of yours matches. Copy the key from My Orders or License keys.',
  'license-key-used': 'This license key was already activated. Its credential is under Manage OTP.',
  'hardware-token-not-found':
    'No hardware token has this serial number. Check the serial printed on the token.',
  'hardware-token-bound':
    'This hardware token is already bound to an account. Ask your MAG administrator.',
  'codes-invalid':
    'The two codes are not consecutive current codes of this token. Enter a fresh code, wait for the next one, and enter it as the second.',
  'code-invalid':
    "The service did not accept the new credential's first code, so it was not set up and nothing was kept. Check that this computer's clock is right, then activate the key again.",
  'code-replayed': WAIT_NEXT_CODE,
  'code-expired': `This credential expired before it was set up. ${BUY_NEW}`,
  'code-inactive':
    'This credential can no longer be set up (it was revoked). Ask your MAG administrator.',
  'code-locked': LOCKED_RESYNC,
  'code-rate-limited': 'Too many code attempts. Wait a minute and try again.',

  // The app's own.
  'mag-not-configured': 'No MAG service is configured. Enter its address in Settings.',
  'mag-offline': ({ serviceUrl }) =>
    `The MAG service${hostPhrase(serviceUrl)} cannot be reached. Check your network connection; your codes keep working meanwhile.`,
  'mag-bad-response': ({ serviceUrl }) =>
    `The server${hostPhrase(serviceUrl)} did not answer like a MAG service. Check the service address in Settings.`,
  'mag-signed-out': 'You are not signed in to MAG. Sign in first, then try again.',
  'mag-session-expired': SIGN_IN_AGAIN,
  'mag-code-needed': ({ credentialType }) =>
    `Enter the current code from your ${credentialType ?? 'OTP credential'}: this app does not hold its secret.`,
  'mag-launch-refused': ({ appName }) =>
    `The launch link for ${appName ?? 'this application'} pointed somewhere other than the application's registered address, so it was not opened. Report this to your MAG administrator.`,
  'mag-clock-off': ({ clockSkewMs }) =>
    `This computer's clock is ${describeClockGap(clockSkewMs)} the MAG service's, so its codes are refused. Set the clock to update automatically, then try again.`,
}

/** The message for a code, with the facts it may mention. */
export function magErrorMessage(code: MagFailureCode, facts: MagErrorFacts = {}): string {
  const message = messages[code]
  return typeof message === 'string' ? message : message(facts)
}

/** An AppError carrying the code unchanged and its message from the table. */
export function magAppError(
  code: MagFailureCode,
  facts: MagErrorFacts = {},
  field?: string,
): AppError {
  return new AppError(code, magErrorMessage(code, facts), field)
}

/**
 * A failed MAG call as the window receives it: the code unchanged, the message from the
 * table (never the client's or the service's own text, which speak of endpoints and fields),
 * and for an invalid card the form field to mark.
 */
export function fromMagCallError(error: MagCallError, facts: MagErrorFacts = {}): AppError {
  const details = isRecord(error.details) ? error.details : undefined
  const field = error.code === 'card-invalid' ? cardIssueField(details) : undefined
  return magAppError(error.code, { ...facts, details }, field)
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * "3 minutes 20 seconds ahead of" / "45 seconds behind": the gap a banner and mag-clock-off
 * name. `skewMs` is the service's clock minus this computer's (MagConnection.clockSkewMs), so
 * a positive skew means this computer is behind.
 */
export function describeClockGap(skewMs: number | null | undefined): string {
  if (skewMs === null || skewMs === undefined || !Number.isFinite(skewMs)) return 'off from'
  const seconds = Math.round(Math.abs(skewMs) / 1000)
  const minutes = Math.floor(seconds / 60)
  const rest = seconds % 60
  const parts = [
    ...(minutes > 0 ? [`${minutes} minute${minutes === 1 ? '' : 's'}`] : []),
    ...(rest > 0 || minutes === 0 ? [`${rest} second${rest === 1 ? '' : 's'}`] : []),
  ]
  return `${parts.join(' ')} ${skewMs > 0 ? 'behind' : 'ahead of'}`
}

function hostPhrase(serviceUrl: string | null | undefined): string {
  if (!serviceUrl) return ''
  try {
    return ` at ${new URL(serviceUrl).host}`
  } catch {
    return ''
  }
}

function stringDetail(
  details: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  const value = details?.[key]
  return typeof value === 'string' && value.length <= 200 ? value : undefined
}

function dateDetail(
  details: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  const value = stringDetail(details, key)
  if (value === undefined) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime())
    ? undefined
    : date.toLocaleString('en-GB', { timeZone: 'UTC' }) + ' UTC'
}

function waitPhrase(details: Readonly<Record<string, unknown>> | undefined): string {
  const seconds = details?.['retryAfterSeconds']
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) {
    return 'Wait a minute'
  }
  if (seconds < 90) return `Wait ${Math.ceil(seconds)} seconds`
  return `Wait ${Math.ceil(seconds / 60)} minutes`
}

/** The test gateway's decline codes (packages/server payment-gateway.ts) in words. */
const declineReasons: Readonly<Record<string, string>> = {
  card_declined: 'by your bank',
  insufficient_funds: ': insufficient funds',
  expired_card: ': the card has expired',
  test_mode_unknown_card: ': the test gateway accepts only its documented test cards',
}

function declineReason(details: Readonly<Record<string, unknown>> | undefined): string {
  const code = stringDetail(details, 'declineCode')
  if (code === undefined) return ''
  const reason = declineReasons[code]
  if (reason === undefined) return ''
  return reason.startsWith(':') ? reason : ` ${reason}`
}

/**
 * The service's first card issue ("Card number is not valid (checksum failed).", from its
 * own fixed texts). Read defensively: a sentence with a long digit run is dropped, so a
 * message can never carry a card number back.
 */
function cardIssue(details: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const issues = details?.['issues']
  if (!Array.isArray(issues)) return undefined
  const first: unknown = issues[0]
  if (typeof first !== 'object' || first === null) return undefined
  const message = (first as Record<string, unknown>)['message']
  if (typeof message !== 'string' || message.length > 120 || /\d{5,}/.test(message)) {
    return undefined
  }
  return message
}

/** The form field a card issue points at ("payment.card.number"), for the window to mark. */
export function cardIssueField(
  details: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  const issues = details?.['issues']
  if (!Array.isArray(issues)) return undefined
  const first: unknown = issues[0]
  if (typeof first !== 'object' || first === null) return undefined
  const field = (first as Record<string, unknown>)['field']
  const match =
    typeof field === 'string' ? /^body\.card\.(number|expMonth|expYear|cvc)$/.exec(field) : null
  return match ? `payment.card.${match[1]}` : undefined
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}
