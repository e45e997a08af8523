import type { KeychainAdapter } from '@mag/vault'
import type { ClockSample } from './client/clock-skew'
import { MagClient } from './client/mag-client'
import { MagSession } from './session/mag-session'
import {
  createKeychainRefreshTokenStore,
  magRefreshTokenItem,
  type KeychainItem,
} from './session/refresh-token-store'
import type { MagLink } from './mag-service'

export type MagLinkAdapters = {
  /** The keychain the refresh token is kept in (the vault's). */
  keychain: KeychainAdapter
  /** Which item; the app's own unless a test or the e2e harness needs its own. */
  refreshTokenItem?: KeychainItem
  /** HTTP; tests wrap it to produce faults the service cannot (a rewritten launch URL). */
  fetch?: typeof globalThis.fetch
  now?: () => number
}

/** The client and session MagService uses for one service address. */
export function createMagLink(
  adapters: MagLinkAdapters,
): (serviceUrl: string, hooks: { onClockSample(sample: ClockSample): void }) => MagLink {
  return (serviceUrl, hooks) => {
    const client = new MagClient({
      baseUrl: serviceUrl,
      onClockSample: hooks.onClockSample,
      ...(adapters.fetch ? { fetch: adapters.fetch } : {}),
      ...(adapters.now ? { now: adapters.now } : {}),
    })
    const session = new MagSession({
      client,
      refreshTokens: createKeychainRefreshTokenStore(
        adapters.keychain,
        adapters.refreshTokenItem ?? magRefreshTokenItem,
      ),
      ...(adapters.now ? { now: adapters.now } : {}),
    })
    return { client, session }
  }
}
