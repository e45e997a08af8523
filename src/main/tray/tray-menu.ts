import type { MagCredential, MagRequestedScreen, MagState } from '../../shared/mag-channels'
import { entryDisplayName, type EntrySummary, type VaultProblem } from '@mag/vault'
import {
  credentialExpiry,
  formatDaysLeft,
  formatExpiryDate,
  isTrackedCredential,
} from './credential-expiry'

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
 */

export const maxCodeItems = 15

export type TrayAction =
  | { kind: 'copy-code'; entryId: string }
  | { kind: 'launch-app'; slug: string }
  /** Shows the window; with a screen, the window opens it (taken once, see magTakeRequestedScreen). */
  | { kind: 'open-window'; screen?: MagRequestedScreen }
  | { kind: 'sign-out' }
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
  /** null where no MAG service is wired: the menu then has no MAG part at all. */
  mag: MagState | null
  /** Unix ms, for the days left. */
  now: number
  /** Pins the time zone expiry dates are written in (tests); the computer's own otherwise. */
  timeZone?: string
}

const vaultProblemLabels: Record<VaultProblem['kind'] | 'unreadable', string> = {
  'keychain-locked': 'Codes unavailable: the keyring is locked',
  'keychain-unavailable': 'Codes unavailable: no keyring service answers',
  'keychain-denied': 'Codes unavailable: keyring access was denied',
  'vault-key-missing': 'Codes unavailable: the vault key is missing from the keyring',
  unreadable: 'Codes unavailable: open the window to see why',
}

const separator: TrayMenuItem = { type: 'separator' }

const info = (label: string): TrayMenuItem => ({ type: 'normal', label, enabled: false })

const item = (label: string, action: TrayAction, enabled = true): TrayMenuItem =>
  enabled ? { type: 'normal', label, enabled, action } : { type: 'normal', label, enabled }

const openScreen = (screen: MagRequestedScreen): TrayAction => ({ kind: 'open-window', screen })

export function trayMenu(state: TrayMenuState): TrayMenuItem[] {
  const magItems = state.mag === null ? [] : magSection(state.mag, state)
  return [
    ...codesSection(state.vault),
    separator,
    ...(magItems.length > 0 ? [...magItems, separator] : []),
    item('Open MAG Authenticator', { kind: 'open-window' }),
    item('Quit MAG Authenticator', { kind: 'quit' }),
  ]
}

function codesSection(vault: TrayVaultView): TrayMenuItem[] {
  if (vault.state === 'opening') return [info('Codes: opening the vault…')]
  if (vault.state === 'locked') {
    return [info('Codes: locked'), item('Unlock…', { kind: 'open-window' })]
  }
  if (vault.state === 'unavailable') return [info(vaultProblemLabels[vault.problem])]
  const totp = vault.accounts.filter((account) => account.type === 'totp')
  if (totp.length === 0) {
    return [info(vault.accounts.length === 0 ? 'No accounts yet' : 'No time-based codes to copy')]
  }
  const shown = totp.slice(0, maxCodeItems)
  return [
    info('Copy a code'),
    ...shown.map((account) =>
      item(menuText(entryDisplayName(account) || 'Unnamed account'), {
        kind: 'copy-code',
        entryId: account.id,
      }),
    ),
    ...(totp.length > shown.length
      ? [item(`Show all ${totp.length} accounts…`, { kind: 'open-window' })]
      : []),
  ]
}

function magSection(mag: MagState, state: TrayMenuState): TrayMenuItem[] {
  const { connection } = mag
  if (connection.status === 'not-configured') return []
  const offline = connection.status === 'offline' || connection.status === 'bad-response'
  const connectionLine =
    connection.status === 'offline'
      ? [info('MAG service offline')]
      : connection.status === 'bad-response'
        ? [info('MAG service answered unexpectedly')]
        : []

  if (mag.session === 'signed-out') {
    return [...connectionLine, item('Sign in to MAG…', openScreen({ screen: 'sign-in' }))]
  }
  if (mag.session === 'expired' || mag.account === null) {
    return [
      ...connectionLine,
      item('MAG session ended: sign in again…', openScreen({ screen: 'sign-in' })),
    ]
  }

  const strength = mag.account.strength === 'password' ? 'password only' : mag.account.strength
  return [
    ...connectionLine,
    info(menuText(`Signed in as ${mag.account.displayName} (${strength})`)),
    appsSubmenu(mag, offline),
    ...credentialsSection(mag.credentials, { ...state, offline }),
    item('Sign out', { kind: 'sign-out' }),
  ]
}

function appsSubmenu(mag: MagState, offline: boolean): TrayMenuItem {
  const disabled = (reason: string): TrayMenuItem => ({
    type: 'submenu',
    label: `Partner applications (${reason})`,
    enabled: false,
    submenu: [],
  })
  if (offline) return disabled('MAG offline')
  if (mag.apps.length === 0) return disabled('none granted')
  return {
    type: 'submenu',
    label: 'Partner applications',
    enabled: true,
    submenu: mag.apps.map((app) => appItem(app, mag.credentials)),
  }
}

function appItem(
  app: MagState['apps'][number],
  credentials: readonly MagCredential[],
): TrayMenuItem {
  const name = menuText(app.name)
  if (app.requirementsMet) return item(name, { kind: 'launch-app', slug: app.slug })
  const usable = credentials.filter((c) => c.status === 'active' && !c.expired)
  if (usable.some((c) => c.entryId !== null)) {
    return item(name, { kind: 'launch-app', slug: app.slug })
  }
  // A hardware token: only the user can type its code, in the window.
  if (usable.length > 0) return item(`${name}…`, openScreen({ screen: 'dashboard' }))
  if (credentials.some((c) => c.status === 'locked' && !c.expired)) {
    return info(`${name} (credential locked)`)
  }
  if (credentials.some((c) => isTrackedCredential(c) && c.expired)) {
    return info(`${name} (credential expired)`)
  }
  return info(`${name} (needs an OTP credential)`)
}

function credentialsSection(
  credentials: readonly MagCredential[],
  context: { now: number; timeZone?: string; offline: boolean },
): TrayMenuItem[] {
  const tracked = credentials
    .filter(isTrackedCredential)
    .toSorted((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
  return tracked.flatMap((credential) => {
    const date = formatExpiryDate(credential.expiresAt, context.timeZone)
    const { daysLeft, expired } = credentialExpiry(credential, context.now)
    const type = credential.type
    if (expired) {
      return [
        info(`${type}: expired ${date}`),
        item('Get a new credential…', openScreen({ screen: 'dashboard' })),
      ]
    }
    const status =
      credential.status === 'locked'
        ? info(`${type}: locked (resync in Manage OTP)`)
        : daysLeft <= 30 || credential.expiryShown
          ? info(`${type}: expires ${date} (${formatDaysLeft(daysLeft)})`)
          : info(`${type}: valid until ${date}`)
    const followUp =
      credential.status === 'locked'
        ? [item('Manage OTP…', openScreen({ screen: 'manage-otp' }))]
        : credential.renewOffered
          ? [
              context.offline
                ? info('Renew… (MAG offline)')
                : item('Renew…', openScreen({ screen: 'renew', credentialId: credential.id })),
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
