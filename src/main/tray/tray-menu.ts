import type { MagCredential, MagRequestedScreen, MagState } from '../../shared/mag-channels'
import { entryDisplayName, type EntrySummary, type VaultProblem } from '@mag/vault'
import type { MessageId } from '../../shared/i18n/namespaces'
import type { MainLocale } from '../i18n/main-i18n'
import { credentialExpiry, isTrackedCredential } from './credential-expiry'

/**
 * The tray menu as a pure function of state: plain objects (labels, enabled, submenus and
 * action ids), no Electron types and no callbacks, so every state's menu is asserted
 * exactly in tests and src/main/electron/tray-service.ts only turns it into a Menu.
 *
 * Decisions:
 * - Codes are never in the menu: an item names its account and the code is computed when
 *   it is clicked, so a menu built minutes ago never copies a stale code and no timer runs.
 * - Only TOTP accounts are listed: clicking an HOTP item would spend a counter.
 * - At most `maxCodeItems` accounts: a tray menu does not scroll on every desktop, and a
 *   long one pushes Open and Quit off the screen. The rest are one "Show all N accounts…".
 * - The MAG part says why something cannot be done in the item's own label (a disabled
 *   item has no tooltip on Linux): offline, nothing granted, credential expired or locked.
 * - A partner application the session is too weak for is still offered when the app holds
 *   a usable Desktop OTP credential (the launch steps up by itself, as in the window); with
 *   only a hardware token it opens the dashboard, where the window asks for the code.
 * - Every label is a message of the `tray` catalogue part in the UI language (`locale`),
 *   one whole sentence per message with its {arguments}: no label is glued from pieces.
 * - Locked (a vault password holds the vault shut): nothing but Unlock… and Quit. No code,
 *   no account, no MAG name: the tray is on screen for anyone passing by.
 * - Lock now is offered only where it does something: a password is set and the vault is
 *   unlocked (without a password there is nothing to lock with).
 */

export const maxCodeItems = 15

export type TrayAction =
  | { kind: 'copy-code'; entryId: string }
  | { kind: 'launch-app'; slug: string }
  /** Shows the window; with a screen, the window opens it (taken once, see magTakeRequestedScreen). */
  | { kind: 'open-window'; screen?: MagRequestedScreen }
  | { kind: 'sign-out' }
  /** Locks the vault now (LockService.lock): offered only with a password, while unlocked. */
  | { kind: 'lock' }
  | { kind: 'quit' }

export type TrayMenuItem =
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { type: 'separator' }
  | { type: 'submenu'; label: string; enabled: boolean; submenu: TrayMenuItem[] }

export type TrayAccount = Pick<EntrySummary, 'id' | 'type' | 'issuer' | 'label'>

/** What the tray knows of the vault: the accounts in list order, or why it has none. */
export type TrayVaultView =
  | { state: 'ready'; accounts: readonly TrayAccount[] }
  /** `unreadable`: the data file cannot be used (e.g. written by a newer app). */
  | { state: 'unavailable'; problem: VaultProblem['kind'] | 'unreadable' }
  | { state: 'opening' }
  /** A vault password holds it locked: no account is named, only Unlock is offered. */
  | { state: 'locked' }

export type TrayMenuState = {
  vault: TrayVaultView
  /** A vault password is set and the vault is unlocked: Lock now is offered. */
  canLock: boolean
  /** null where no MAG service is wired: the menu then has no MAG part at all. */
  mag: MagState | null
  /** Unix ms, for the days left. */
  now: number
  /** Pins the time zone expiry dates are written in (tests); the computer's own otherwise. */
  timeZone?: string
  /** The UI language's messages and dates. */
  locale: MainLocale
}

const vaultProblemLabels: Record<VaultProblem['kind'] | 'unreadable', MessageId> = {
  'keychain-locked': 'tray.codes.unavailable.keychainLocked',
  'keychain-unavailable': 'tray.codes.unavailable.keychainUnavailable',
  'keychain-denied': 'tray.codes.unavailable.keychainDenied',
  'vault-key-missing': 'tray.codes.unavailable.vaultKeyMissing',
  unreadable: 'tray.codes.unavailable.unreadable',
}

const separator: TrayMenuItem = { type: 'separator' }

const info = (label: string): TrayMenuItem => ({ type: 'normal', label, enabled: false })

const item = (label: string, action: TrayAction, enabled = true): TrayMenuItem =>
  enabled ? { type: 'normal', label, enabled, action } : { type: 'normal', label, enabled }

const openScreen = (screen: MagRequestedScreen): TrayAction => ({ kind: 'open-window', screen })

export function trayMenu(state: TrayMenuState): TrayMenuItem[] {
  const { t } = state.locale
  const quit = item(t('tray.quit'), { kind: 'quit' })
  if (state.vault.state === 'locked') {
    return [
      info(t('tray.codes.locked')),
      item(t('tray.unlock'), { kind: 'open-window' }),
      separator,
      quit,
    ]
  }
  const magItems = state.mag === null ? [] : magSection(state.mag, state)
  return [
    ...codesSection(state.vault, t),
    separator,
    ...(magItems.length > 0 ? [...magItems, separator] : []),
    ...(state.canLock ? [item(t('tray.lockNow'), { kind: 'lock' })] : []),
    item(t('tray.open'), { kind: 'open-window' }),
    quit,
  ]
}

function codesSection(
  vault: Exclude<TrayVaultView, { state: 'locked' }>,
  t: MainLocale['t'],
): TrayMenuItem[] {
  if (vault.state === 'opening') return [info(t('tray.codes.opening'))]
  if (vault.state === 'unavailable') return [info(t(vaultProblemLabels[vault.problem]))]
  const totp = vault.accounts.filter((account) => account.type === 'totp')
  if (totp.length === 0) {
    return [
      info(t(vault.accounts.length === 0 ? 'tray.codes.noAccounts' : 'tray.codes.noTimeBased')),
    ]
  }
  const shown = totp.slice(0, maxCodeItems)
  return [
    info(t('tray.codes.copyHeading')),
    ...shown.map((account) =>
      item(menuText(entryDisplayName(account) || t('tray.codes.unnamedAccount')), {
        kind: 'copy-code',
        entryId: account.id,
      }),
    ),
    ...(totp.length > shown.length
      ? [item(t('tray.codes.showAll', { count: totp.length }), { kind: 'open-window' })]
      : []),
  ]
}

function magSection(mag: MagState, state: TrayMenuState): TrayMenuItem[] {
  const { t } = state.locale
  const { connection } = mag
  if (connection.status === 'not-configured') return []
  const offline = connection.status === 'offline' || connection.status === 'bad-response'
  const connectionLine =
    connection.status === 'offline'
      ? [info(t('tray.mag.offline'))]
      : connection.status === 'bad-response'
        ? [info(t('tray.mag.badResponse'))]
        : []

  if (mag.session === 'signed-out') {
    return [...connectionLine, item(t('tray.mag.signIn'), openScreen({ screen: 'sign-in' }))]
  }
  if (mag.session === 'expired' || mag.account === null) {
    return [...connectionLine, item(t('tray.mag.sessionEnded'), openScreen({ screen: 'sign-in' }))]
  }

  const name = mag.account.displayName
  const signedIn =
    mag.account.strength === 'password'
      ? t('tray.mag.signedInPasswordOnly', { name })
      : t('tray.mag.signedIn', { name, strength: mag.account.strength })
  return [
    ...connectionLine,
    info(menuText(signedIn)),
    appsSubmenu(mag, offline, t),
    ...credentialsSection(mag.credentials, { ...state, offline }),
    item(t('tray.mag.signOut'), { kind: 'sign-out' }),
  ]
}

function appsSubmenu(mag: MagState, offline: boolean, t: MainLocale['t']): TrayMenuItem {
  const disabled = (label: string): TrayMenuItem => ({
    type: 'submenu',
    label,
    enabled: false,
    submenu: [],
  })
  if (offline) return disabled(t('tray.mag.appsOffline'))
  if (mag.apps.length === 0) return disabled(t('tray.mag.appsNoneGranted'))
  return {
    type: 'submenu',
    label: t('tray.mag.apps'),
    enabled: true,
    submenu: mag.apps.map((app) => appItem(app, mag.credentials, t)),
  }
}

function appItem(
  app: MagState['apps'][number],
  credentials: readonly MagCredential[],
  t: MainLocale['t'],
): TrayMenuItem {
  const name = menuText(app.name)
  if (app.requirementsMet) return item(name, { kind: 'launch-app', slug: app.slug })
  const usable = credentials.filter((c) => c.status === 'active' && !c.expired)
  if (usable.some((c) => c.entryId !== null)) {
    return item(name, { kind: 'launch-app', slug: app.slug })
  }
  // A hardware token: only the user can type its code, in the window.
  if (usable.length > 0) {
    return item(t('tray.mag.appNeedsCode', { name }), openScreen({ screen: 'dashboard' }))
  }
  if (credentials.some((c) => c.status === 'locked' && !c.expired)) {
    return info(t('tray.mag.appCredentialLocked', { name }))
  }
  if (credentials.some((c) => isTrackedCredential(c) && c.expired)) {
    return info(t('tray.mag.appCredentialExpired', { name }))
  }
  return info(t('tray.mag.appNeedsCredential', { name }))
}

function credentialsSection(
  credentials: readonly MagCredential[],
  context: { now: number; timeZone?: string; offline: boolean; locale: MainLocale },
): TrayMenuItem[] {
  const { t, formatDate } = context.locale
  const tracked = credentials
    .filter(isTrackedCredential)
    .toSorted((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
  return tracked.flatMap((credential) => {
    const date = formatDate(credential.expiresAt, context.timeZone)
    const { daysLeft, expired } = credentialExpiry(credential, context.now)
    const type = credential.type
    if (expired) {
      return [
        info(t('tray.credential.expired', { type, date })),
        item(t('tray.credential.getNew'), openScreen({ screen: 'dashboard' })),
      ]
    }
    const status =
      credential.status === 'locked'
        ? info(t('tray.credential.locked', { type }))
        : daysLeft <= 30 || credential.expiryShown
          ? info(t('tray.credential.expires', { type, date, days: daysLeft }))
          : info(t('tray.credential.validUntil', { type, date }))
    const followUp =
      credential.status === 'locked'
        ? [item(t('tray.credential.manageOtp'), openScreen({ screen: 'manage-otp' }))]
        : credential.renewOffered
          ? [
              context.offline
                ? info(t('tray.credential.renewOffline'))
                : item(
                    t('tray.credential.renew'),
                    openScreen({ screen: 'renew', credentialId: credential.id }),
                  ),
            ]
          : []
    return [status, ...followUp]
  })
}

const maxLabelLength = 60

/** Names come from the user or the service: one line, and short enough for a menu. */
function menuText(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length > maxLabelLength ? `${oneLine.slice(0, maxLabelLength - 1)}…` : oneLine
}
