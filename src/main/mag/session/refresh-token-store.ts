/**
 * Where the MAG session's refresh token lives between runs: the OS keychain, as a second item
 * beside the vault key (DESIGN: never in a file, never in clear). The access token is never
 * stored anywhere; it lives in MagSession's memory only.
 *
 * One item for the app, not one per service address: the development service starts on a
 * new port each run, and a session must survive that. Whoever changes the service address
 * signs the session out (clearing this item) first.
 *
 * A keychain failure becomes the vault's own VaultError (keychain-unavailable / -locked /
 * -denied, classified by @mag/vault from what libsecret/keytar said), with a message about
 * the MAG session and the remedy; the token itself is never part of a message.
 */
import {
  classifyKeychainError,
  VAULT_KEY_SERVICE,
  VaultError,
  type KeychainAdapter,
} from '@mag/vault'

export interface RefreshTokenStore {
  read(): Promise<string | null>
  write(token: string): Promise<void>
  clear(): Promise<void>
}

export interface KeychainItem {
  service: string
  account: string
}

/** The app's item: service `MAG Authenticator`, account `mag-refresh-token`. */
export const magRefreshTokenItem: KeychainItem = {
  service: VAULT_KEY_SERVICE,
  account: 'mag-refresh-token',
}

type StoreAction = 'read' | 'saved' | 'removed'

const kindPhrase = {
  'keychain-locked': 'Your keyring is locked',
  'keychain-denied': 'Access to your keyring was denied',
  'keychain-unavailable': 'No keyring could be reached',
} as const

export function keychainStoreError(action: StoreAction, error: unknown): VaultError {
  const problem = classifyKeychainError(error)
  const verb = action === 'read' ? 'read from' : action === 'saved' ? 'saved in' : 'removed from'
  const wrapped = new VaultError(
    problem.kind,
    `${kindPhrase[problem.kind]}, so the MAG session could not be ${verb} it. ${problem.remedy}`,
  )
  wrapped.cause = error
  return wrapped
}

export function createKeychainRefreshTokenStore(
  keychain: KeychainAdapter,
  item: KeychainItem = magRefreshTokenItem,
): RefreshTokenStore {
  return {
    read: async () => {
      try {
        const token = await keychain.getPassword(item.service, item.account)
        return token === null || token === '' ? null : token
      } catch (error) {
        throw keychainStoreError('read', error)
      }
    },
    write: async (token) => {
      if (token === '') throw new RangeError('an empty refresh token cannot be stored')
      try {
        await keychain.setPassword(item.service, item.account, token)
      } catch (error) {
        throw keychainStoreError('saved', error)
      }
    },
    clear: async () => {
      try {
        await keychain.deletePassword(item.service, item.account)
      } catch (error) {
        throw keychainStoreError('removed', error)
      }
    },
  }
}

/** A store in memory, for callers that must not persist (and for tests of other parts). */
export function createMemoryRefreshTokenStore(initial: string | null = null): RefreshTokenStore {
  let token = initial
  return {
    read: async () => token,
    write: async (value) => {
      token = value
    },
    clear: async () => {
      token = null
    },
  }
}
