/**
 * The MAG session in the main process: who is signed in, and the tokens that prove it.
 *
 * - The access token lives in memory only. The refresh token is kept in memory and in the
 *   keychain (RefreshTokenStore), so the session survives a restart.
 * - Refresh-token rotation: each refresh answers a new refresh token and the old one stops
 *   working; presenting the old one again makes the service revoke the whole session
 *   (`refresh-token-reused`). So concurrent callers share ONE refresh (a single in-flight
 *   promise), the new token replaces the old in memory before anything else can read it, and
 *   it is written to the keychain at once.
 * - The access token is refreshed shortly before it expires (its expiry is on the service's
 *   clock, translated by the client's latest clock sample), and once when the service answers
 *   `unauthenticated` anyway (it may have been signed out elsewhere, or our clock is off).
 *   A refused refresh ends the session: status `expired`, the stored token is cleared, calls
 *   fail with `mag-session-expired` until the next sign-in.
 * - A session restored while the service is unreachable is `active` on trust: the refresh
 *   token is kept and the first call refreshes it. The window shows the dashboard with the
 *   offline banner rather than a sign-in form the user cannot use.
 * - Changes from `signIn`/`signOut` supersede anything still in flight (a generation count),
 *   so a refresh that finishes after a sign-out never brings the old session back.
 */
import type { EndpointName, EndpointResult, SignInBody, Strength } from '@mag/mag-contract'
import { isMagCallError, MagCallError } from '../client/mag-call-error'
import type { MagCallInput, MagClient } from '../client/mag-client'
import type { RefreshTokenStore } from './refresh-token-store'

export type MagSessionStatus = 'signed-out' | 'active' | 'expired'

export interface MagSessionOptions {
  client: MagClient
  refreshTokens: RefreshTokenStore
  /** Local wall clock (ms since the epoch). */
  now?: () => number
  /** Refresh this long before the access token expires (default 60 s). */
  refreshMarginMs?: number
}

interface AccessToken {
  token: string
  /** On our clock. */
  expiresAt: number
}

interface IssuedTokens {
  accessToken: string
  accessTokenExpiresAt: string
  refreshToken: string
}

const refusedRefreshCodes = new Set(['refresh-token-invalid', 'refresh-token-reused'])

export class MagSession {
  private readonly client: MagClient
  private readonly store: RefreshTokenStore
  private readonly now: () => number
  private readonly refreshMarginMs: number
  private current: MagSessionStatus = 'signed-out'
  private access: AccessToken | null = null
  private refreshToken: string | null = null
  private refreshing: Promise<void> | null = null
  private restoring: Promise<MagSessionStatus> | null = null
  private generation = 0
  private readonly listeners = new Set<(status: MagSessionStatus) => void>()

  constructor(options: MagSessionOptions) {
    this.client = options.client
    this.store = options.refreshTokens
    this.now = options.now ?? Date.now
    this.refreshMarginMs = options.refreshMarginMs ?? 60_000
  }

  status(): MagSessionStatus {
    return this.current
  }

  onChange(listener: (status: MagSessionStatus) => void): () => void {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /**
   * At start-up: the refresh token from the keychain, exchanged for fresh tokens. No token:
   * `signed-out`. Refused: `expired` (and the token is cleared). Unreachable or answering
   * garbage: `active` on trust with the token kept, and the call's MagCallError is thrown so
   * the caller can show the connection problem. A keychain failure is thrown as the vault's
   * VaultError, with nothing changed.
   */
  restore(): Promise<MagSessionStatus> {
    // Two restores at once would present the same stored token twice: one of them as reuse.
    this.restoring ??= this.restoreFromStore().finally(() => {
      this.restoring = null
    })
    return this.restoring
  }

  private async restoreFromStore(): Promise<MagSessionStatus> {
    if (this.current === 'active' && this.refreshToken !== null) return this.current
    const stored = await this.store.read()
    if (stored === null) {
      this.setStatus('signed-out')
      return this.current
    }
    this.generation++
    this.access = null
    this.refreshToken = stored
    try {
      await this.refresh()
    } catch (error) {
      if (isMagCallError(error, 'mag-session-expired')) return this.current
      if (isMagCallError(error, 'mag-offline') || isMagCallError(error, 'mag-bad-response')) {
        this.setStatus('active')
      }
      throw error
    }
    return this.current
  }

  /**
   * Signs in; on success the refresh token is in the keychain and the session is `active`.
   * A refused sign-in changes nothing. When the keychain refuses the token, the new session
   * is ended on the service (best effort) and the keychain's error is thrown: no half
   * session (signed in now, silently signed out after a restart) is kept.
   */
  async signIn(body: SignInBody): Promise<{ userId: string; strength: Strength }> {
    const signedIn = await this.client.call('signIn', { body })
    try {
      await this.store.write(signedIn.refreshToken)
    } catch (error) {
      await this.endOnService(signedIn.accessToken)
      throw error
    }
    const previous = this.access
    this.adopt(signedIn)
    this.setStatus('active')
    if (previous !== null && previous.token !== signedIn.accessToken) {
      await this.endOnService(previous.token)
    }
    return { userId: signedIn.userId, strength: signedIn.strength }
  }

  /**
   * Ends the session on the service (best effort: offline, the service's session simply
   * lapses), then forgets both tokens. A keychain failure while clearing is thrown after the
   * session is already forgotten here.
   */
  async signOut(): Promise<void> {
    if (this.current === 'active' && this.refreshToken !== null) {
      await this.call('signOut', {}).catch(() => undefined)
    }
    this.generation++
    this.access = null
    this.refreshToken = null
    this.setStatus('signed-out')
    await this.store.clear()
  }

  /**
   * An authenticated call. Refreshes first when the access token is missing or about to
   * expire, and once more (then repeats the call) when the service answers `unauthenticated`:
   * a 401 is answered before anything is applied, so the repeat is safe.
   */
  async call<N extends EndpointName>(name: N, input: MagCallInput<N>): Promise<EndpointResult<N>> {
    const used = await this.freshAccessToken()
    try {
      return await this.client.call(name, input, { accessToken: used })
    } catch (error) {
      if (!isMagCallError(error, 'unauthenticated')) throw error
    }
    // Someone else may already have refreshed meanwhile; only a stale token is dropped.
    if (this.access?.token === used) this.access = null
    const renewed = await this.freshAccessToken()
    try {
      return await this.client.call(name, input, { accessToken: renewed })
    } catch (error) {
      if (!isMagCallError(error, 'unauthenticated')) throw error
      // Fresh tokens refused at once: the session is gone on the service.
      await this.expire()
      throw new MagCallError('mag-session-expired', 'The MAG session has ended; sign in again.', {
        status: error.status,
      })
    }
  }

  private async freshAccessToken(): Promise<string> {
    // After one refresh its token is used whatever our clock says: a lifetime shorter than
    // the margin, or a clock jump, must not turn into a loop of refreshes.
    let refreshed = false
    for (;;) {
      if (this.current === 'expired') {
        throw new MagCallError('mag-session-expired', 'The MAG session has ended; sign in again.')
      }
      if (this.refreshToken === null) {
        throw new MagCallError('mag-signed-out', 'Sign in to MAG first.')
      }
      const access = this.access
      if (access !== null && (refreshed || this.now() < access.expiresAt - this.refreshMarginMs)) {
        return access.token
      }
      await this.refresh()
      refreshed = true
    }
  }

  /**
   * One refresh at a time: every concurrent caller awaits the same one. It may settle
   * without new tokens (superseded by a sign-in or sign-out); callers re-read the state.
   */
  private refresh(): Promise<void> {
    this.refreshing ??= this.exchangeRefreshToken().finally(() => {
      this.refreshing = null
    })
    return this.refreshing
  }

  private async exchangeRefreshToken(): Promise<void> {
    const generation = this.generation
    const refreshToken = this.refreshToken
    if (refreshToken === null) return
    let tokens: IssuedTokens
    try {
      tokens = await this.client.call('refreshTokens', { body: { refreshToken } })
    } catch (error) {
      // Signed out or in again meanwhile: the callers look at the new state instead.
      if (generation !== this.generation) return
      if (isMagCallError(error) && refusedRefreshCodes.has(error.code)) {
        await this.expire()
        throw new MagCallError(
          'mag-session-expired',
          'The MAG session has ended (expired or revoked); sign in again.',
          { status: error.status, details: { reason: error.code } },
        )
      }
      throw error
    }
    // Signed out or in again meanwhile: these tokens belong to a session nobody holds now
    // (a sign-out ended it on the service, which revokes every token of the session).
    if (generation !== this.generation) return
    // The old refresh token is dead from now on: memory first, so nobody presents it again,
    // then the keychain. If the keychain refuses, the session goes on in memory and the
    // keychain's error is thrown so the user is told (a restart would have to sign in again).
    this.adopt(tokens)
    this.setStatus('active')
    await this.store.write(tokens.refreshToken)
  }

  private adopt(tokens: IssuedTokens): void {
    this.generation++
    this.refreshToken = tokens.refreshToken
    this.access = {
      token: tokens.accessToken,
      expiresAt: this.toLocalTime(tokens.accessTokenExpiresAt),
    }
  }

  /** A service timestamp on our clock, via the latest measured skew (none yet: as is). */
  private toLocalTime(serviceTime: string): number {
    const parsed = Date.parse(serviceTime)
    // An unreadable expiry: treat the token as short-lived rather than eternal.
    if (Number.isNaN(parsed)) return this.now()
    return parsed - (this.client.clockSample()?.skewMs ?? 0)
  }

  private async expire(): Promise<void> {
    this.generation++
    this.access = null
    this.refreshToken = null
    this.setStatus('expired')
    // The stored token is dead; clearing it is housekeeping, so a keychain failure here
    // must not hide the expiry the caller is about to be told about.
    await this.store.clear().catch(() => undefined)
  }

  private async endOnService(accessToken: string): Promise<void> {
    await this.client.call('signOut', {}, { accessToken }).catch(() => undefined)
  }

  private setStatus(status: MagSessionStatus): void {
    if (status === this.current) return
    this.current = status
    for (const listener of [...this.listeners]) listener(status)
  }
}
