import { z } from 'zod'
import {
  cartSchema,
  checkoutBody,
  credentialSchema,
  credentialTypeSchema,
  grantedAppSchema,
  licenseKeySchema,
  orderSchema,
  otpCodeSchema,
  productSchema,
  signInBody,
  strengthSchema,
} from '@mag/mag-contract'
import { entryIdSchema } from './entry'
import type { MagChannelName } from './mag-channel-names'

/**
 * What the window knows about MAG: never a token, a seed or a password. Main holds the
 * session and the credential's secret; the window asks for actions ("launch app X",
 * "activate key K") and gets this state (or a result without secrets) back. The tray menu
 * is built from the same state, in main.
 */

/** Where the service is and whether it answers. */
export const magConnectionSchema = z.object({
  /** The base URL the app talks to; null when none is configured (and no development service). */
  serviceUrl: z.string().max(2048).nullable(),
  /**
   * `settings`: the user's address. `development-service`: none configured, so a development
   * build started the reference service with its demo data on loopback (the sign-in screen
   * says so). `none`: nothing configured (a packaged app never starts a service).
   */
  source: z.enum(['settings', 'development-service', 'none']),
  /**
   * `unknown` until the first answer; `offline`: unreachable (network); `bad-response`: it
   * answered something that is not the MAG API. Codes keep working whatever this says.
   */
  status: z.enum(['not-configured', 'unknown', 'online', 'offline', 'bad-response']),
  /** What went wrong, in words a user can act on; null while online. */
  problem: z.string().max(500).nullable(),
  /** Service clock minus this computer's, from the service's Date header; null until measured. */
  clockSkewMs: z.number().nullable(),
  /** True when the skew is large enough to make codes fail (the banner shows the gap). */
  clockWarning: z.boolean(),
})
export type MagConnection = z.infer<typeof magConnectionSchema>

export const magAccountSchema = z.object({
  displayName: z.string(),
  email: z.string(),
  username: z.string(),
  organization: z.string(),
  /** `password`, or the credential type once an OTP was verified in this session. */
  strength: strengthSchema,
  /** Which credential the session's strength came from (Credential Strength). */
  strengthCredential: z
    .object({ id: z.string(), type: credentialTypeSchema, expiresAt: z.string() })
    .nullable(),
})
export type MagAccount = z.infer<typeof magAccountSchema>

export const magAppSchema = grantedAppSchema
export type MagApp = z.infer<typeof magAppSchema>

/** A credential as the service shows it, plus whether this app holds its secret. */
export const magCredentialSchema = credentialSchema.extend({
  /** The vault entry holding this credential's seed (Desktop OTP activated here); else null. */
  entryId: entryIdSchema.nullable(),
})
export type MagCredential = z.infer<typeof magCredentialSchema>

export const magStateSchema = z.object({
  connection: magConnectionSchema,
  /**
   * `signed-out`: never signed in or signed out. `expired`: the session ended on the service
   * (expired, revoked); the window asks to sign in again and returns where the user was.
   */
  session: z.enum(['signed-out', 'active', 'expired']),
  account: magAccountSchema.nullable(),
  apps: z.array(magAppSchema),
  credentials: z.array(magCredentialSchema),
  /** Goes up by one on every change, so the window and the tray can tell old from new. */
  revision: z.number().int().min(0),
})
export type MagState = z.infer<typeof magStateSchema>

/** Screens main may ask the window to open (from the tray or a notification). */
export const magRequestedScreenSchema = z.discriminatedUnion('screen', [
  z.object({ screen: z.literal('dashboard') }),
  z.object({ screen: z.literal('manage-otp') }),
  z.object({ screen: z.literal('renew'), credentialId: z.string() }),
  z.object({ screen: z.literal('sign-in') }),
])
export type MagRequestedScreen = z.infer<typeof magRequestedScreenSchema>

const credentialIdArg = z.uuid()
const twoCodes = z.tuple([otpCodeSchema, otpCodeSchema])

export const magChannels = {
  /** The state main holds; no network. */
  magGetState: { args: z.undefined(), result: magStateSchema },
  /** Asks the service again (profile, apps, credentials, clock); answers the new state. */
  magRefresh: { args: z.undefined(), result: magStateSchema },
  /** Settings → MAG service address; null returns to the default. http only on loopback. */
  magSetServiceUrl: {
    args: z.object({ url: z.string().trim().max(2048).nullable() }),
    result: magStateSchema,
  },
  /**
   * Email or username and password. When the vault holds an active MAG credential of this
   * account, main adds its current code, so the session starts at OTP strength.
   */
  magSignIn: {
    args: signInBody.pick({ identifier: true, password: true }),
    result: magStateSchema,
  },
  /** Ends the session on the service too, and forgets the refresh token. */
  magSignOut: { args: z.undefined(), result: magStateSchema },
  /**
   * Steps the session up to OTP strength. Without `code`, main computes it from the MAG
   * credential in the vault; a credential the app does not hold (a hardware token) answers
   * `mag-code-needed` and the window asks for the code.
   */
  magElevate: { args: z.object({ code: otpCodeSchema.optional() }), result: magStateSchema },
  /**
   * Launches a partner application: elevates first when it needs more strength (as above),
   * then opens the single-use ticket URL in the default browser, only if it is on that
   * application's registered origin. Answers the origin opened.
   */
  magLaunchApp: {
    args: z.object({ slug: z.string().min(1).max(40), code: otpCodeSchema.optional() }),
    result: z.object({ openedOrigin: z.string() }),
  },
  magGetCatalogue: { args: z.undefined(), result: z.object({ products: z.array(productSchema) }) },
  /** The open cart main keeps for this session; null when there is none. */
  magGetCart: { args: z.undefined(), result: cartSchema.nullable() },
  /**
   * Adds a product, creating the cart if needed. A renewal names its credential. A new
   * credential while a renewal is possible answers the service's `renewal-available`.
   */
  magAddToCart: {
    args: z.object({
      productId: z.string().min(1).max(64),
      credentialId: credentialIdArg.optional(),
      quantity: z.number().int().min(1).max(10).optional(),
    }),
    result: cartSchema,
  },
  magRemoveCartItem: { args: z.object({ itemId: z.uuid() }), result: cartSchema.nullable() },
  /**
   * Pays the open cart. Main gives each cart one Idempotency-Key and reuses it on a retry,
   * so a retried checkout never charges twice. Card details go one way, to main, once.
   */
  magCheckout: { args: z.object({ payment: checkoutBody }), result: orderSchema },
  magListOrders: { args: z.undefined(), result: z.object({ orders: z.array(orderSchema) }) },
  magListLicenseKeys: {
    args: z.undefined(),
    result: z.object({ licenseKeys: z.array(licenseKeySchema) }),
  },
  /**
   * Activates a license key. Desktop OTP: the seed goes from the service straight into the
   * vault, main proves it with a current code, and the entry is marked as the MAG credential
   * (if the proof fails, the entry is removed again). Hardware token: serial and two codes.
   */
  magActivate: {
    args: z.object({
      licenseKey: z.string().trim().min(1).max(64),
      serial: z.string().trim().min(1).max(64).optional(),
      codes: twoCodes.optional(),
    }),
    result: magCredentialSchema,
  },
  /** Unlocks a locked credential with two consecutive codes; main fills them in when it holds it. */
  magResync: {
    args: z.object({ credentialId: credentialIdArg, codes: twoCodes.optional() }),
    result: magCredentialSchema,
  },
  /**
   * A screen main asked the window to show (a notification or the tray's Renew… was
   * clicked), taken once; the window asks when it gains focus or is shown, as for links.
   */
  magTakeRequestedScreen: { args: z.undefined(), result: magRequestedScreenSchema.nullable() },
} as const satisfies Record<MagChannelName, { args: z.ZodType; result: z.ZodType }>

export { magAppErrorCodes } from './mag-app-error-codes'
