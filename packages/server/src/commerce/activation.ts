/**
 * Activation binds a paid license key to a credential on the buyer's account.
 *
 * Desktop OTP: the service issues a fresh 160-bit seed and answers its otpauth link once; the
 * credential stays 'pending' (no OTP strength) until a current code proves the app stored
 * it. If the app lost the link before confirming, activating the same key again replaces the
 * seed while the credential is still pending: the old seed was never proven, so nothing
 * working is lost. Once active, the key is spent.
 *
 * OTP Hardware Token: binds the token loaded by the administrator under its serial number,
 * proven by two consecutive codes; the credential is active at once.
 *
 * Purchase date and expiry come from the license key (one year from payment), never from
 * the activation date.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import type { CredentialsTable } from '../db/schema'
import { toIso } from '../db/time'
import { findOwnCredential } from '../otp/own-credential'
import { DIGITS, encodeBase32, STEP_SECONDS } from '../otp/totp'
import { checkOtpRateLimits, verifyCredentialCode, verifyTwoConsecutiveCodes } from '../otp/verify'
import { hashLicenseKey, parseLicenseKey } from './license-key'
import { isUniqueViolation } from './db-errors'
import { credentialView } from './views'
import type { CredentialView } from '@mag/mag-contract'
import { writeOtpauthUri } from '@mag/otp'

export const otpIssuer = 'MAG'

/**
 * The seed link the app puts into its vault, written by the same @mag/otp writer whose
 * parser reads it there, so the two cannot disagree on escaping or on the issuer prefix.
 */
export function otpauthUri(email: string, secret: Uint8Array): string {
  return writeOtpauthUri({
    type: 'totp',
    issuer: otpIssuer,
    label: email,
    secret,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: STEP_SECONDS,
    counter: 0,
  })
}

export interface ActivationInput {
  licenseKey: string
  serial?: string | undefined
  codes?: [string, string] | undefined
}

export interface ActivationResult {
  credential: CredentialView
  otpauthUri: string | null
}

function view(ctx: ServerContext, row: CredentialsTable): CredentialView {
  return credentialView(row, ctx.clock.calendarNow(), ctx.config.renewalGraceDays)
}

async function findLicenseKey(ctx: ServerContext, userId: string, typed: string) {
  const parsed = parseLicenseKey(typed)
  if (!parsed.ok) {
    throw new MagDomainError(
      'license-key-invalid',
      parsed.reason === 'checksum'
        ? 'body.licenseKey: this key has a typing mistake (its check characters do not match).'
        : 'body.licenseKey: a license key looks like MAG-XXXXX-XXXXX-XXXXX-XXXXX.',
      { field: 'body.licenseKey' },
    )
  }
  const row = await ctx.db
    .selectFrom('license_keys')
    .selectAll()
    .where('key_hash', '=', hashLicenseKey(parsed.key))
    .executeTakeFirst()
  // Someone else's key is answered like an unknown one.
  if (row === undefined || row.user_id !== userId) {
    throw new MagDomainError('license-key-not-found', 'No license key of yours matches this key.', {
      field: 'body.licenseKey',
    })
  }
  return row
}

export async function activateLicenseKey(
  ctx: ServerContext,
  userId: string,
  input: ActivationInput,
  ip: string | null,
): Promise<ActivationResult> {
  const key = await findLicenseKey(ctx, userId, input.licenseKey)
  const result =
    key.credential_type === 'Desktop OTP'
      ? await activateDesktopOtp(ctx, userId, key)
      : await activateHardwareToken(ctx, userId, key, input, ip)
  await ctx.audit({
    type: 'commerce.activation',
    userId,
    ip,
    detail: {
      licenseKeyId: key.id,
      credentialId: result.credential.id,
      credentialType: key.credential_type,
      status: result.credential.status,
      ...(result.credential.serial ? { serial: result.credential.serial } : {}),
    },
  })
  return result
}

type LicenseKeyRow = Awaited<ReturnType<typeof findLicenseKey>>

function keyAlreadyUsed(credentialId: string): MagDomainError {
  return new MagDomainError('license-key-used', 'This license key was already activated.', {
    credentialId,
  })
}

async function activateDesktopOtp(
  ctx: ServerContext,
  userId: string,
  key: LicenseKeyRow,
): Promise<ActivationResult> {
  const user = await ctx.db
    .selectFrom('users')
    .select('email')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const seed = randomBytes(20)
  const secretEncrypted = ctx.secrets.encrypt(encodeBase32(seed))
  const now = toIso(ctx.clock.calendarNow())

  if (key.credential_id !== null) {
    // Never confirmed (activated_at is null): pending, or locked by wrong codes before the
    // app ever proved the seed. Either way no working seed is lost by issuing a new one.
    const reissued = await ctx.db
      .updateTable('credentials')
      .set({
        secret_encrypted: secretEncrypted,
        last_accepted_step: null,
        consecutive_failures: 0,
        status: 'pending',
        locked_at: null,
      })
      .where('id', '=', key.credential_id)
      .where('status', 'in', ['pending', 'locked'])
      .where('activated_at', 'is', null)
      .executeTakeFirst()
    if (Number(reissued.numUpdatedRows) !== 1) throw keyAlreadyUsed(key.credential_id)
    const row = await ctx.db
      .selectFrom('credentials')
      .selectAll()
      .where('id', '=', key.credential_id)
      .executeTakeFirstOrThrow()
    return { credential: view(ctx, row), otpauthUri: otpauthUri(user.email, seed) }
  }

  const credentialId = randomUUID()
  const row: CredentialsTable = {
    id: credentialId,
    user_id: userId,
    type: 'Desktop OTP',
    status: 'pending',
    secret_encrypted: secretEncrypted,
    serial: null,
    order_id: key.order_id,
    purchased_at: key.purchased_at,
    expires_at: key.expires_at,
    activated_at: null,
    last_accepted_step: null,
    consecutive_failures: 0,
    locked_at: null,
    created_at: now,
  }
  const bound = await bindKey(ctx, key.id, row, now)
  if (!bound) return activateDesktopOtp(ctx, userId, await findLicenseKeyById(ctx, key.id))
  return { credential: view(ctx, row), otpauthUri: otpauthUri(user.email, seed) }
}

async function findLicenseKeyById(ctx: ServerContext, id: string): Promise<LicenseKeyRow> {
  return ctx.db
    .selectFrom('license_keys')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

/**
 * Inserts the credential and marks the key redeemed in one transaction; the conditional
 * update makes a key bind once even when two activations race. False when another won.
 */
async function bindKey(
  ctx: ServerContext,
  licenseKeyId: string,
  credential: CredentialsTable,
  now: string,
  hardwareSerial?: string,
): Promise<boolean> {
  class LostRace extends Error {}
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.insertInto('credentials').values(credential).execute()
      const redeemed = await trx
        .updateTable('license_keys')
        .set({ credential_id: credential.id, redeemed_at: now })
        .where('id', '=', licenseKeyId)
        .where('credential_id', 'is', null)
        .executeTakeFirst()
      if (Number(redeemed.numUpdatedRows) !== 1) throw new LostRace()
      if (hardwareSerial !== undefined) {
        const token = await trx
          .updateTable('hardware_tokens')
          .set({ credential_id: credential.id })
          .where('serial', '=', hardwareSerial)
          .where('credential_id', 'is', null)
          .executeTakeFirst()
        if (Number(token.numUpdatedRows) !== 1) {
          throw new MagDomainError(
            'hardware-token-bound',
            'This hardware token is already bound.',
            {
              field: 'body.serial',
            },
          )
        }
      }
    })
    return true
  } catch (error) {
    if (error instanceof LostRace || isUniqueViolation(error)) return false
    throw error
  }
}

async function activateHardwareToken(
  ctx: ServerContext,
  userId: string,
  key: LicenseKeyRow,
  input: ActivationInput,
  ip: string | null,
): Promise<ActivationResult> {
  if (key.credential_id !== null) throw keyAlreadyUsed(key.credential_id)
  if (input.serial === undefined) {
    throw new MagDomainError(
      'validation-failed',
      'body.serial: the token serial number is required.',
      {
        field: 'body.serial',
      },
    )
  }
  if (input.codes === undefined) {
    throw new MagDomainError(
      'validation-failed',
      'body.codes: two consecutive codes from the token are required.',
      { field: 'body.codes' },
    )
  }
  if (!(await checkOtpRateLimits(ctx, userId, ip))) {
    throw new MagDomainError('rate-limited', 'Too many code attempts; wait a minute and retry.')
  }
  const serial = input.serial.trim()
  const token = await ctx.db
    .selectFrom('hardware_tokens')
    .selectAll()
    .where('serial', '=', serial)
    .executeTakeFirst()
  if (token === undefined) {
    throw new MagDomainError(
      'hardware-token-not-found',
      'No hardware token has this serial number.',
      {
        field: 'body.serial',
      },
    )
  }
  if (token.credential_id !== null) {
    throw new MagDomainError('hardware-token-bound', 'This hardware token is already bound.', {
      field: 'body.serial',
    })
  }
  const secret = ctx.secrets.decrypt(token.secret_encrypted)
  const proof = verifyTwoConsecutiveCodes(
    secret,
    input.codes[0],
    input.codes[1],
    ctx.clock.realNow(),
  )
  if (!proof.ok) {
    await ctx.audit({
      type: 'commerce.activation-failed',
      userId,
      ip,
      detail: { licenseKeyId: key.id, serial, reason: 'codes-invalid' },
    })
    throw new MagDomainError(
      'codes-invalid',
      'body.codes: these are not two consecutive current codes of this token.',
      { field: 'body.codes' },
    )
  }
  const now = toIso(ctx.clock.calendarNow())
  const row: CredentialsTable = {
    id: randomUUID(),
    user_id: userId,
    type: 'OTP Hardware Token',
    status: 'active',
    secret_encrypted: ctx.secrets.encrypt(secret),
    serial,
    order_id: key.order_id,
    purchased_at: key.purchased_at,
    expires_at: key.expires_at,
    activated_at: now,
    last_accepted_step: proof.step,
    consecutive_failures: 0,
    locked_at: null,
    created_at: now,
  }
  if (!(await bindKey(ctx, key.id, row, now, serial))) {
    const current = await findLicenseKeyById(ctx, key.id)
    throw keyAlreadyUsed(current.credential_id ?? '')
  }
  return { credential: view(ctx, row), otpauthUri: null }
}

/** Proves a pending Desktop OTP credential with a current code, which activates it. */
export async function confirmDesktopOtp(
  ctx: ServerContext,
  userId: string,
  credentialId: string,
  code: string,
  ip: string | null,
): Promise<CredentialView> {
  const credential = await findOwnCredential(ctx, userId, credentialId)
  if (credential.status !== 'pending' && credential.status !== 'active') {
    throw new MagDomainError('credential-not-pending', `This credential is ${credential.status}.`)
  }
  // An active credential is judged as a pending one is: a confirm never says yes to a wrong
  // code, and every try counts toward the lock (else confirm would be an unlimited oracle).
  const verdict = await verifyCredentialCode(ctx, credentialId, code, { ip, allowPending: true })
  if (!verdict.ok) {
    throw new MagDomainError(`code-${verdict.reason}`, confirmMessage(verdict.reason), {
      field: 'body.code',
      reason: verdict.reason,
    })
  }
  const now = toIso(ctx.clock.calendarNow())
  const activated = await ctx.db
    .updateTable('credentials')
    .set({ status: 'active', activated_at: now })
    .where('id', '=', credentialId)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  // Confirming an already active credential proves the code, but activates nothing.
  if (Number(activated.numUpdatedRows) === 1) {
    await ctx.audit({
      type: 'commerce.activation-confirmed',
      userId,
      ip,
      detail: { credentialId, credentialType: credential.type },
    })
  }
  const row = await ctx.db
    .selectFrom('credentials')
    .selectAll()
    .where('id', '=', credentialId)
    .executeTakeFirstOrThrow()
  return view(ctx, row)
}

function confirmMessage(reason: string): string {
  switch (reason) {
    case 'invalid':
      return 'body.code: this is not the current code; check that the account was added and retry.'
    case 'replayed':
      return 'body.code: this code was already used; wait for the next one.'
    case 'locked':
      return 'Too many wrong codes: the credential is locked; resync it with two consecutive codes.'
    case 'rate-limited':
      return 'Too many code attempts; wait a minute and retry.'
    case 'expired':
      return 'This credential has expired.'
    default:
      return 'This credential cannot be confirmed.'
  }
}
