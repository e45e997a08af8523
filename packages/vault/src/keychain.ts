import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import type { VaultProblem } from './status'

/** The OS keychain as the vault sees it. keytar in the app; tests wrap the same adapter. */
export interface KeychainAdapter {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
  /**
   * Whether the item exists but sits in a locked collection; null when it cannot be told.
   * Needed because libsecret answers a locked item whose unlock prompt was dismissed (or
   * could not be shown) with plain "not found", which would otherwise look like a lost key.
   */
  isItemLocked?(service: string, account: string): Promise<boolean | null>
}

/** DESIGN.md: where the vault key lives. */
export const VAULT_KEY_SERVICE = 'MAG Authenticator'
export const VAULT_KEY_ACCOUNT = 'vault-key'

export type KeychainProblemKind = 'keychain-unavailable' | 'keychain-locked' | 'keychain-denied'
export type KeychainProblem = VaultProblem & { kind: KeychainProblemKind }

/** Thrown by the adapter itself when keytar cannot even be loaded. */
export class KeychainLoadError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'KeychainLoadError'
  }
}

const INSTALL_REMEDY =
  'Install and unlock a Secret Service keyring such as GNOME Keyring or KWallet, then click Try again.'
const UNLOCK_REMEDY =
  'Unlock your keyring (for example "Login" in GNOME Keyring or KWallet), then click Try again.'
const DENIED_REMEDY =
  'Allow MAG Authenticator to use the keyring (check sandbox or keyring access settings), then click Try again.'

/*
 * The texts below are the ones libsecret/keytar really produce on Linux, provoked on purpose
 * (see packages/vault/tests/keychain-errors.test.ts):
 *   no bus at the address:          "Could not connect: No such file or directory"
 *   no session bus at all:          "Cannot autolaunch D-Bus without X11 $DISPLAY"
 *   bus without a Secret Service:   "The name org.freedesktop.secrets was not provided by any .service files"
 *   locked collection (write):      "Cannot create an item in a locked collection"
 *   bus policy refuses the call:    "Rejected send message, 2 matched rules; ..."
 * macOS and Windows texts are matched too, from their documented Security/Credential errors.
 */
const LOCKED_PATTERNS = [
  /locked collection/i,
  /\bis locked\b/i,
  /prompt (was )?dismissed/i,
  /cannot prompt/i,
  /user (canceled|cancelled)/i,
  /interaction is not allowed/i,
]
const DENIED_PATTERNS = [
  /rejected send message/i,
  /accessdenied/i,
  /access (is )?denied/i,
  /not authori[sz]ed/i,
  /permission denied/i,
]
const UNAVAILABLE_PATTERNS = [
  /could not connect/i,
  /cannot autolaunch d-bus/i,
  /not provided by any \.service files/i,
  /serviceunknown/i,
  /no such (interface|object)/i,
  /connection refused/i,
  /secret service/i,
  /dbus/i,
]

/** Maps whatever keytar/libsecret threw to what the user can do about it. */
export function classifyKeychainError(err: unknown): KeychainProblem {
  const detail = err instanceof Error ? err.message : String(err)
  if (err instanceof KeychainLoadError) {
    return {
      kind: 'keychain-unavailable',
      message: `The keychain module could not be loaded (${detail}).`,
      remedy: INSTALL_REMEDY,
    }
  }
  if (LOCKED_PATTERNS.some((p) => p.test(detail))) {
    return {
      kind: 'keychain-locked',
      message: `Your keyring is locked, so the vault key cannot be read (${detail}).`,
      remedy: UNLOCK_REMEDY,
    }
  }
  if (DENIED_PATTERNS.some((p) => p.test(detail))) {
    return {
      kind: 'keychain-denied',
      message: `Access to the keyring was denied (${firstLine(detail)}).`,
      remedy: DENIED_REMEDY,
    }
  }
  if (UNAVAILABLE_PATTERNS.some((p) => p.test(detail))) {
    return {
      kind: 'keychain-unavailable',
      message: `No keyring service could be reached (${detail}).`,
      remedy: INSTALL_REMEDY,
    }
  }
  // Unknown failures are still keychain failures; say so and keep the raw text for support.
  return {
    kind: 'keychain-unavailable',
    message: `The keyring answered with an error (${firstLine(detail)}).`,
    remedy: INSTALL_REMEDY,
  }
}

/** The locked problem for the case where libsecret says nothing (see isItemLocked). */
export function lockedKeychainProblem(): KeychainProblem {
  return {
    kind: 'keychain-locked',
    message: 'Your keyring is locked, so the vault key cannot be read.',
    remedy: UNLOCK_REMEDY,
  }
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text
  return line.length > 200 ? `${line.slice(0, 200)}…` : line
}

type KeytarModule = Pick<KeychainAdapter, 'getPassword' | 'setPassword' | 'deletePassword'>

function isKeytarModule(value: unknown): value is KeytarModule {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return ['getPassword', 'setPassword', 'deletePassword'].every(
    (name) => typeof candidate[name] === 'function',
  )
}

/** Runs a command and answers stdout; injected so the lock probe can be exercised alone. */
export type RunCommand = (file: string, args: string[]) => Promise<string>

const runCommand: RunCommand = (file, args) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: 5000, encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(error)
      else resolve(stdout)
    })
  })

/**
 * Asks the Secret Service (over D-Bus, via gdbus) whether an item with keytar's attributes
 * exists in a locked collection. SearchItems answers (unlocked, locked) object paths
 * without prompting, so it is safe to call at start-up.
 */
export async function isSecretServiceItemLocked(
  service: string,
  account: string,
  run: RunCommand = runCommand,
): Promise<boolean | null> {
  if (process.platform !== 'linux') return null
  const attributes = `{'service': ${gvariantString(service)}, 'account': ${gvariantString(account)}}`
  try {
    const out = await run('gdbus', [
      'call',
      '--session',
      '--dest',
      'org.freedesktop.secrets',
      '--object-path',
      '/org/freedesktop/secrets',
      '--method',
      'org.freedesktop.Secret.Service.SearchItems',
      attributes,
    ])
    return parseSearchItemsLocked(out)
  } catch {
    return null
  }
}

/** gdbus prints `([unlocked paths], [locked paths])`; empty arrays print as `@ao []`. */
export function parseSearchItemsLocked(out: string): boolean | null {
  const match = /^\((@ao )?\[(.*?)\], (@ao )?\[(.*?)\]\)\s*$/s.exec(out.trim())
  if (!match) return null
  const unlocked = (match[2] ?? '').trim()
  const locked = (match[4] ?? '').trim()
  return unlocked === '' && locked !== ''
}

function gvariantString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

/**
 * The keytar adapter. keytar is a native module: it is loaded on first use, so a missing or
 * broken build becomes a KeychainLoadError (→ keychain-unavailable) instead of a crash at
 * import time, and importing this file never needs the native module.
 */
export function createKeytarKeychain(
  options: { load?: () => unknown; run?: RunCommand } = {},
): KeychainAdapter {
  const load = options.load ?? (() => createRequire(import.meta.url)('keytar') as unknown)
  let keytar: KeytarModule | undefined
  const get = (): KeytarModule => {
    if (keytar) return keytar
    let loaded: unknown
    try {
      loaded = load()
    } catch (err) {
      throw new KeychainLoadError(err instanceof Error ? err.message : String(err))
    }
    // Under ESM interop the functions may sit on `default`.
    const candidate = isKeytarModule(loaded)
      ? loaded
      : (loaded as { default?: unknown } | null)?.default
    if (!isKeytarModule(candidate)) throw new KeychainLoadError('keytar has no password functions')
    keytar = candidate
    return keytar
  }
  return {
    getPassword: async (service, account) => get().getPassword(service, account),
    setPassword: async (service, account, password) =>
      get().setPassword(service, account, password),
    deletePassword: async (service, account) => get().deletePassword(service, account),
    isItemLocked: (service, account) => isSecretServiceItemLocked(service, account, options.run),
  }
}
