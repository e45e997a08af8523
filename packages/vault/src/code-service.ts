import { entryDisplayName, type EntrySummary, type HotpCode, type TotpCode } from './entry'
import { VaultError } from './errors'
import { hotp, totpWindow } from '@mag/otp'

/**
 * What the code service needs from the vault. Structural, so the service can be built and
 * tested without the keychain; VaultService satisfies it.
 */
export type CodeVault = {
  list(): EntrySummary[]
  readSecret(id: string): Uint8Array
  /** Persists counter + 1 and resolves to the counter the code must use. */
  reserveHotpCounter(id: string): Promise<number>
}

export type CodeServiceDeps = {
  vault: CodeVault
  /** Unix ms; injected so tests can stand on an RFC test time. */
  now: () => number
}

export type CodesSnapshot = {
  now: number
  codes: TotpCode[]
  /** TOTP entries asked for that have no code: their secret cannot be used. */
  unreadable: string[]
  /**
   * Of `unreadable`, those that failed their authenticity check: their details or ciphertext
   * were changed outside the app (entry-binding.ts), so they are never shown with a code.
   */
  tampered: string[]
}

export class CodeService {
  private readonly vault: CodeVault
  private readonly now: () => number
  /** The last HOTP code handed out per entry, so it can be copied again (see codeToCopy). */
  private readonly lastHotp = new Map<string, HotpCode>()

  constructor({ vault, now }: CodeServiceDeps) {
    this.vault = vault
    this.now = now
  }

  /**
   * Current and next codes of TOTP entries, all of them or those in `ids`, in list order.
   * Ids that are gone or not TOTP are skipped: a poll racing a delete must not fail the
   * whole screen. So is an entry whose secret alone cannot be used: one tampered or damaged
   * entry must not hide every other code; its id goes to `unreadable` (and `tampered`) so
   * its row can say why it has none. Vault-wide failures,
   * such as a locked keychain, still throw. One clock reading for all, so every row agrees
   * on the period.
   */
  codes(ids?: readonly string[]): CodesSnapshot {
    const now = this.now()
    const wanted = ids === undefined ? undefined : new Set(ids)
    const codes: TotpCode[] = []
    const unreadable: string[] = []
    const tampered: string[] = []
    for (const entry of this.vault.list()) {
      if (entry.type !== 'totp') continue
      if (wanted !== undefined && !wanted.has(entry.id)) continue
      const secret = this.readSecretOfOne(entry.id)
      if (secret === 'tampered' || secret === 'unreadable') {
        unreadable.push(entry.id)
        if (secret === 'tampered') tampered.push(entry.id)
        continue
      }
      const window = totpWindow(secret, now, entry)
      codes.push({ id: entry.id, ...window, period: entry.period })
    }
    return { now, codes, unreadable, tampered }
  }

  /**
   * The code to put on the clipboard for one entry, computed here rather than taken from the
   * window, so only a code this app produces for one of its entries is ever copied: a TOTP
   * entry's current code (at this moment's clock), or the HOTP code last handed out by
   * nextHotp while it is still the latest one for that entry. A tampered entry, an unknown
   * id, or an HOTP entry without a fresh code is refused, naming why.
   */
  codeToCopy(id: string): string {
    const entry = this.vault.list().find((candidate) => candidate.id === id)
    if (!entry) throw new VaultError('not-found', 'That account no longer exists.', 'id')
    // Checked every time: a row changed outside the app since its last code is refused.
    const secret = this.vault.readSecret(id)
    if (entry.type === 'totp') return totpWindow(secret, this.now(), entry).code
    const last = this.lastHotp.get(id)
    if (!last || entry.counter !== last.counter + 1) {
      throw new VaultError(
        'invalid-argument',
        `${entryDisplayName(entry)} is counter-based: press Generate for a new code, then copy it.`,
        'id',
      )
    }
    return last.code
  }

  /**
   * The next HOTP code. The counter is reserved (stored as counter + 1) before the code is
   * computed, so a crash can never show the same code twice. The secret is read first so
   * that a locked keychain fails without using up a counter.
   */
  async nextHotp(id: string): Promise<HotpCode> {
    const entry = this.vault.list().find((candidate) => candidate.id === id)
    if (!entry) throw new VaultError('not-found', 'That account no longer exists.', 'id')
    if (entry.type !== 'hotp') {
      throw new VaultError(
        'invalid-argument',
        `${entryDisplayName(entry)} is a time-based (TOTP) account; it has no next code to advance to.`,
        'id',
      )
    }
    // Also the authenticity check: a tampered entry is refused before a counter is used.
    const secret = this.vault.readSecret(id)
    const counter = await this.vault.reserveHotpCounter(id)
    const code: HotpCode = { id, code: hotp(secret, counter, entry), counter }
    this.lastHotp.set(id, code)
    return code
  }

  private readSecretOfOne(id: string): Uint8Array | 'tampered' | 'unreadable' {
    try {
      return this.vault.readSecret(id)
    } catch (error) {
      if (error instanceof VaultError && error.code === 'entry-tampered') return 'tampered'
      if (error instanceof VaultError && error.code === 'data-file-corrupt') return 'unreadable'
      throw error
    }
  }
}
