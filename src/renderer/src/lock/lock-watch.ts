import type { MagAuthApi } from '../../../shared/channels'
import { channelNames } from '../../../shared/channel-names'
import type { LockState } from '../../../shared/lock-channels'
import type { VaultStatus } from '../../../shared/vault-status'
import { AppError } from '../../../shared/app-error'

export type LockObserver = {
  /** A call answered 'locked', or the vault status says locked: the lock screen must show. */
  locked: () => void
  /** A lock channel answered the new state (lock, unlock, password set/changed/removed). */
  state: (state: LockState) => void
}

/** The lock's channels answer a LockState (src/shared/lock-channels.ts). */
const lockStateChannels: ReadonlySet<string> = new Set([
  'getLockState',
  'lock',
  'unlock',
  'setVaultPassword',
  'removeVaultPassword',
])
const vaultStatusChannels: ReadonlySet<string> = new Set(['getVaultStatus', 'retryVault'])

/**
 * The api every screen uses, watched for the lock: whichever screen's call meets the lock
 * (main locked on idle, screen lock, suspend or from the tray while this window was open),
 * the window learns it at that call and shows the lock screen instead of that screen. One
 * wrapper around every channel, so no screen has to remember to look for 'locked'.
 * Answers pass through unchanged; the caller still gets its error.
 */
export function watchLock(api: MagAuthApi, observer: LockObserver): MagAuthApi {
  const calls = api as unknown as Record<string, (args?: unknown) => Promise<unknown>>
  const watched: Record<string, (args?: unknown) => Promise<unknown>> = {}
  for (const name of channelNames) {
    const call = calls[name]
    if (!call) continue
    watched[name] = async (args?: unknown) => {
      try {
        const answer = await call(args)
        if (lockStateChannels.has(name)) observer.state(answer as LockState)
        else if (vaultStatusChannels.has(name) && (answer as VaultStatus).state === 'locked') {
          observer.locked()
        }
        return answer
      } catch (error) {
        if (error instanceof AppError && error.code === 'locked') observer.locked()
        throw error
      }
    }
  }
  return Object.freeze(watched) as unknown as MagAuthApi
}
