import { hotp, stepOf } from '@mag/otp'
import type { EntrySummary } from '@mag/vault'

/**
 * The OTP of a MAG credential whose seed this app holds (a Desktop OTP activated here: the
 * vault entry marked with its credential id), computed in main for sign-in, Elevate and
 * resync. The code never leaves main except in the request to the service.
 *
 * Which step to use. The service (RFC 6238 §5.2 as it applies it) accepts the current step
 * and one either side, each step at most once per credential and never one at or before the
 * last it accepted. This app often proves the same credential twice within one step (activate
 * then launch, sign-in then resync), so it remembers the last step it had accepted and takes
 * the next one after it:
 *
 * - the current step when it is still unused;
 * - else the following step, which the service already accepts (one step ahead), but only
 *   once this computer is `guardMs` into the current step: a clock slightly ahead of the
 *   service's would otherwise turn "one ahead" into "two ahead", a wrong code that counts
 *   toward the credential's lock;
 * - else it waits for the step to turn (at most a few seconds; a full period only when two
 *   proofs were already spent in this one, two after a resync, whose two codes may run
 *   ahead of now). Steps recorded before this clock went back are forgotten, not waited for.
 *
 * Codes are computed on this computer's clock, like the Codes screen: the code the app sends
 * is the code the user sees. A clock that is off makes them fail alike, and the service's
 * answer is then explained with the measured gap (mag-clock-off), rather than silently
 * corrected here and wrong everywhere else.
 */

export type HeldCredentialVault = {
  findByMagCredentialId(magCredentialId: string): EntrySummary | undefined
  /** The decrypted seed; main only. */
  readSecret(id: string): Uint8Array
}

export type HeldCredentialDeps = {
  /** The vault, opened (its key read from the keychain). */
  vault: () => Promise<HeldCredentialVault>
  /** Unix ms, this computer's clock. */
  now: () => number
  sleep?: (ms: number) => Promise<void>
  /** How far into a step the following step may be used; see the header. */
  guardMs?: number
  /**
   * The service's clock minus this one, when measured: a clock ahead of the service's
   * (negative) widens the guard by that much, since its steps turn that much earlier.
   */
  clockSkewMs?: () => number | null
}

/** One code for one verification, with the step it belongs to (to record once accepted). */
export type HeldCode = { code: string; step: number; entryId: string }

const DEFAULT_GUARD_MS = 3000

export class HeldCredentials {
  private readonly vault: () => Promise<HeldCredentialVault>
  private readonly now: () => number
  private readonly sleep: (ms: number) => Promise<void>
  private readonly guardMs: number
  private readonly clockSkewMs: () => number | null
  /**
   * Per credential id, the highest step the service accepted from (or spent for) this app,
   * and this clock's reading when it was recorded.
   */
  private readonly lastStep = new Map<string, { step: number; at: number }>()

  constructor(deps: HeldCredentialDeps) {
    this.vault = deps.vault
    this.now = deps.now
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.guardMs = deps.guardMs ?? DEFAULT_GUARD_MS
    this.clockSkewMs = deps.clockSkewMs ?? (() => null)
  }

  /** The vault entry holding this credential's seed, or undefined when the app holds none. */
  async entryFor(credentialId: string): Promise<EntrySummary | undefined> {
    const entry = (await this.vault()).findByMagCredentialId(credentialId)
    return entry?.type === 'totp' ? entry : undefined
  }

  /** A code the service will take now, or undefined when the app does not hold the credential. */
  async nextCode(credentialId: string): Promise<HeldCode | undefined> {
    const entry = await this.entryFor(credentialId)
    if (!entry) return undefined
    const step = await this.usableStep(credentialId, entry.period)
    return { code: await this.codeAt(entry, step), step, entryId: entry.id }
  }

  /**
   * Two consecutive codes for resync. The service searches ten steps either side of now, so
   * this never waits: it starts after the last step used.
   */
  async consecutiveCodes(
    credentialId: string,
  ): Promise<{ codes: [string, string]; lastStep: number } | undefined> {
    const entry = await this.entryFor(credentialId)
    if (!entry) return undefined
    const current = stepOf(this.now(), entry.period)
    const first = Math.max(current, (this.lastUsed(credentialId) ?? -1) + 1)
    return {
      codes: [await this.codeAt(entry, first), await this.codeAt(entry, first + 1)],
      lastStep: first + 1,
    }
  }

  /** The service took the code of `step` (or it was spent elsewhere: a replay answer). */
  recordUsed(credentialId: string, step: number): void {
    if (step > (this.lastUsed(credentialId) ?? -1)) {
      this.lastStep.set(credentialId, { step, at: this.now() })
    }
  }

  /**
   * The last step used, unless this clock has gone back since it was recorded (set right,
   * or set wrong): the steps it counted then mean nothing now, and waiting for them could
   * take minutes, so the service judges the current code (a refusal is then explained by
   * the measured gap).
   */
  private lastUsed(credentialId: string): number | undefined {
    const record = this.lastStep.get(credentialId)
    if (record === undefined) return undefined
    if (this.now() < record.at) {
      this.lastStep.delete(credentialId)
      return undefined
    }
    return record.step
  }

  /** A credential removed or replaced: its history no longer applies. */
  forget(credentialId: string): void {
    this.lastStep.delete(credentialId)
  }

  private async usableStep(credentialId: string, period: number): Promise<number> {
    const skew = this.clockSkewMs() ?? 0
    // Never more than a step: a gap that large fails every code anyway (mag-clock-off).
    const guard = Math.min(period * 1000, this.guardMs + Math.max(0, -skew))
    for (;;) {
      const now = this.now()
      const current = stepOf(now, period)
      const last = this.lastUsed(credentialId)
      if (last === undefined || last < current) return current
      const intoStep = now - current * period * 1000
      if (last === current && intoStep >= guard) return current + 1
      // Wait until the guard point of the step the next usable one follows.
      const waitUntil = last * period * 1000 + guard
      await this.sleep(Math.max(1, waitUntil - now))
    }
  }

  private async codeAt(entry: EntrySummary, step: number): Promise<string> {
    const secret = (await this.vault()).readSecret(entry.id)
    try {
      return hotp(secret, step, entry)
    } finally {
      secret.fill(0)
    }
  }
}
