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
  /** TOTP entries asked for whose secret alone cannot be decrypted (a damaged entry). */
  unreadable: string[]
}

export class CodeService {
  private readonly vault: CodeVault
  private readonly now: () => number

  constructor({ vault, now }: CodeServiceDeps) {
    this.vault = vault
    this.now = now
  }

  /**
   * Current and next codes of TOTP entries, all of them or those in `ids`, in list order.
   * Ids that are gone or not TOTP are skipped: a poll racing a delete must not fail the
   * whole screen. So is an entry whose secret alone cannot be decrypted: one damaged
   * entry must not hide every other code; its id goes to `unreadable` so its row can say
   * why it has none. Vault-wide failures,
   * such as a locked keychain, still throw. One clock reading for all, so every row agrees
   * on the period.
   */
  codes(ids?: readonly string[]): CodesSnapshot {
    const now = this.now()
    const wanted = ids === undefined ? undefined : new Set(ids)
    const codes: TotpCode[] = []
    const unreadable: string[] = []
    for (const entry of this.vault.list()) {
      if (entry.type !== 'totp') continue
      if (wanted !== undefined && !wanted.has(entry.id)) continue
      const secret = this.readSecretOfOne(entry.id)
      if (secret === undefined) {
        unreadable.push(entry.id)
        continue
      }
      const window = totpWindow(secret, now, entry)
      codes.push({ id: entry.id, ...window, period: entry.period })
    }
    return { now, codes, unreadable }
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
    const secret = this.vault.readSecret(id)
    const counter = await this.vault.reserveHotpCounter(id)
    return { id, code: hotp(secret, counter, entry), counter }
  }

  private readSecretOfOne(id: string): Uint8Array | undefined {
    try {
      return this.vault.readSecret(id)
    } catch (error) {
      if (error instanceof VaultError && error.code === 'data-file-corrupt') return undefined
      throw error
    }
  }
}
