import { VaultError, type VaultService } from '@mag/vault'
import type { ChannelName } from '../../shared/channels'
import type { LockState } from '../../shared/lock-channels'
import type { Dispatch } from '../ipc/dispatcher'
import { AppError } from '../../shared/errors'

/** What the lock needs of the vault (AppVault satisfies it). */
export type LockableVault = Pick<
  VaultService,
  'status' | 'hasPassword' | 'lock' | 'unlock' | 'setPassword' | 'removePassword'
>

export type LockServiceDeps = {
  /** The vault, open (AppVault.ready): whether it is locked is known only once it is. */
  vault: () => Promise<LockableVault>
  /** Clears a code of ours still on the clipboard (ClipboardService.clearPendingNow). */
  clearClipboard: () => Promise<void>
  /**
   * Idle lock (idle-lock.ts): armed while unlocked with a password, disarmed otherwise.
   * Absent until the Electron wiring gives it the system idle time and the setting.
   */
  idleLock?: { arm(): void; disarm(): void }
}

/**
 * Channels that answer while locked: they name no account and compute no code (the vault's
 * status and revision, desktop settings, the lock's own channels, and ones that only drop
 * something). Every other channel, including any added later, answers 'locked' while the
 * vault is locked: deny by default, so a new channel cannot leak a label by omission.
 */
export const channelsOpenWhileLocked: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'getVaultStatus',
  'retryVault',
  'getVaultRevision',
  'cancelImport',
  'dismissPendingLink',
  'getDesktopSettings',
  'setDesktopSettings',
  'quickSearchHide',
  'quickSearchOpenMainWindow',
  'getLockState',
  'lock',
  'unlock',
  'setVaultPassword',
  'removeVaultPassword',
])

export function lockedError(): AppError {
  return new AppError('locked', 'The vault is locked. Unlock it with your password first.')
}

/**
 * The optional vault password as the app runs it: lock (forget the key, clear our code
 * from the clipboard), unlock, set/change/remove, and the guard that keeps every channel
 * revealing a code or a label shut while locked.
 */
export class LockService {
  private readonly listeners = new Set<(state: LockState) => void>()

  constructor(private readonly deps: LockServiceDeps) {}

  /**
   * The idle lock, once the Electron wiring has the system idle time (lock-wiring.ts); the
   * services exist before it, and nothing else has an idle time to give.
   */
  useIdleLock(idleLock: NonNullable<LockServiceDeps['idleLock']>): void {
    this.deps.idleLock = idleLock
  }

  /**
   * Told after every lock, unlock and password change, whoever caused it (the window, the
   * tray, idle, screen lock, suspend): the tray and the windows follow. Returns unsubscribe.
   */
  subscribe(listener: (state: LockState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private changed(vault: LockableVault): LockState {
    const state = stateOf(vault)
    for (const listener of this.listeners) listener(state)
    return state
  }

  async state(): Promise<LockState> {
    return stateOf(await this.deps.vault())
  }

  /** The lock channel and the tray: refused ('password-not-set') without a password. */
  async lock(): Promise<LockState> {
    const vault = await this.deps.vault()
    vault.lock()
    this.deps.idleLock?.disarm()
    await this.deps.clearClipboard()
    return this.changed(vault)
  }

  /**
   * Screen locked, suspend, idle: locks if a password is set, does nothing otherwise (the
   * default, password-less app never locks).
   */
  async lockIfPasswordSet(): Promise<boolean> {
    const vault = await this.deps.vault()
    if (!vault.hasPassword() || vault.status().state === 'locked') return false
    vault.lock()
    this.deps.idleLock?.disarm()
    await this.deps.clearClipboard()
    this.changed(vault)
    return true
  }

  async unlock(password: string): Promise<LockState> {
    const vault = await this.deps.vault()
    await vault.unlock(password)
    this.deps.idleLock?.arm()
    return this.changed(vault)
  }

  async setPassword(args: { newPassword: string; currentPassword?: string }): Promise<LockState> {
    const vault = await this.deps.vault()
    await vault.setPassword(
      args.newPassword,
      args.currentPassword === undefined ? {} : { currentPassword: args.currentPassword },
    )
    this.deps.idleLock?.arm()
    return this.changed(vault)
  }

  async removePassword(args: { currentPassword: string }): Promise<LockState> {
    const vault = await this.deps.vault()
    await vault.removePassword(args.currentPassword)
    this.deps.idleLock?.disarm()
    return this.changed(vault)
  }

  /** Whether the vault is locked now (opening it first if nobody has yet). */
  async isLocked(): Promise<boolean> {
    return (await this.deps.vault()).status().state === 'locked'
  }

  /**
   * Wraps the IPC dispatcher: a channel not open while locked answers 'locked' before its
   * arguments are even read. One place for every channel, so none can be forgotten.
   */
  guard(dispatch: Dispatch): Dispatch {
    return async (channel, rawArgs) => {
      if (!channelsOpenWhileLocked.has(channel as ChannelName)) {
        let locked: boolean
        try {
          locked = await this.isLocked()
        } catch {
          // A vault that cannot even tell (a newer app's file): the handler says why.
          locked = false
        }
        if (locked) return { ok: false, error: lockedError().toShape() }
      }
      return dispatch(channel, rawArgs)
    }
  }
}

function stateOf(vault: LockableVault): LockState {
  let hasPassword = false
  try {
    hasPassword = vault.hasPassword()
  } catch (err) {
    if (!(err instanceof VaultError)) throw err
  }
  return { locked: vault.status().state === 'locked', hasPassword }
}
