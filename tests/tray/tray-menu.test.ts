import { describe, expect, it } from 'vitest'
import {
  maxCodeItems,
  trayMenu,
  type TrayMenuItem,
  type TrayMenuState,
} from '../../src/main/tray/tray-menu'
import type { MagState } from '../../src/shared/mag-channels'
import {
  accounts,
  credentialId,
  desktopCredential,
  hardwareCredentialId,
  magState,
  now,
  offline,
  signedOut,
} from './fixtures'
import { localeIn } from './locale'

const en = await localeIn('en')
const de = await localeIn('de')

const twoAccounts = [
  {
    id: '11111111-1111-4111-8111-111111111111',
    type: 'totp' as const,
    issuer: 'GitHub',
    label: 'alice',
  },
  {
    id: '22222222-2222-4222-8222-222222222222',
    type: 'totp' as const,
    issuer: 'AWS',
    label: '',
  },
]

function menu(overrides: Partial<TrayMenuState> & { mag: MagState | null }): TrayMenuItem[] {
  return trayMenu({
    vault: { state: 'ready', accounts: twoAccounts },
    canLock: false,
    locale: en,
    now,
    timeZone: 'UTC',
    ...overrides,
  })
}

const separator = { type: 'separator' }
const info = (label: string) => ({ type: 'normal', label, enabled: false })
const codes = [
  info('Copy a code'),
  {
    type: 'normal',
    label: 'GitHub (alice)',
    enabled: true,
    action: { kind: 'copy-code', entryId: twoAccounts[0]?.id },
  },
  {
    type: 'normal',
    label: 'AWS',
    enabled: true,
    action: { kind: 'copy-code', entryId: twoAccounts[1]?.id },
  },
]
const footer = [
  {
    type: 'normal',
    label: 'Open MAG Authenticator',
    enabled: true,
    action: { kind: 'open-window' },
  },
  { type: 'normal', label: 'Quit MAG Authenticator', enabled: true, action: { kind: 'quit' } },
]
const signOut = { type: 'normal', label: 'Sign out', enabled: true, action: { kind: 'sign-out' } }
const wiki = {
  type: 'normal',
  label: 'Team Wiki',
  enabled: true,
  action: { kind: 'launch-app', slug: 'wiki' },
}
const payroll = {
  type: 'normal',
  label: 'Payroll & Benefits',
  enabled: true,
  action: { kind: 'launch-app', slug: 'payroll' },
}
const appsMenu = (submenu: unknown[]) => ({
  type: 'submenu',
  label: 'Partner applications',
  enabled: true,
  submenu,
})
const openScreen = (label: string, screen: unknown) => ({
  type: 'normal',
  label,
  enabled: true,
  action: { kind: 'open-window', screen },
})

describe('trayMenu', () => {
  it('signed out: the codes, Sign in to MAG…, Open and Quit; no apps, no Sign out', () => {
    expect(menu({ mag: signedOut() })).toEqual([
      ...codes,
      separator,
      openScreen('Sign in to MAG…', { screen: 'sign-in' }),
      separator,
      ...footer,
    ])
  })

  it('password strength: apps launch, stepping up with the credential the app holds', () => {
    expect(menu({ mag: magState() })).toEqual([
      ...codes,
      separator,
      info('Signed in as Alice Example (password only)'),
      appsMenu([wiki, payroll]),
      info('Desktop OTP: valid until 19 Jun 2027'),
      signOut,
      separator,
      ...footer,
    ])
  })

  it('OTP strength: the strength is named and every app launches directly', () => {
    const state = magState()
    const elevated = magState({
      account: { ...(state.account as NonNullable<MagState['account']>), strength: 'Desktop OTP' },
      apps: state.apps.map((app) => ({ ...app, requirementsMet: true })),
    })
    const items = menu({ mag: elevated })
    expect(items[4]).toEqual(info('Signed in as Alice Example (Desktop OTP)'))
    expect(items[5]).toEqual(appsMenu([wiki, payroll]))
  })

  it('password strength with only a hardware token: the app opens the dashboard to ask for the code', () => {
    const token = desktopCredential(200, {
      id: hardwareCredentialId,
      type: 'OTP Hardware Token',
      serial: 'TOKEN-1',
      entryId: null,
      renewOffered: false,
      expiryShown: false,
    })
    const items = menu({ mag: magState({ credentials: [token] }) })
    expect(items[5]).toEqual(
      appsMenu([wiki, openScreen('Payroll & Benefits…', { screen: 'dashboard' })]),
    )
  })

  it('says why an OTP app cannot be launched: no credential, locked, expired', () => {
    const payrollItem = (credentials: MagState['credentials']) =>
      (menu({ mag: magState({ credentials }) })[5] as { submenu: unknown[] }).submenu[1]
    expect(payrollItem([])).toEqual(info('Payroll & Benefits (needs an OTP credential)'))
    expect(payrollItem([desktopCredential(200, { status: 'locked' })])).toEqual(
      info('Payroll & Benefits (credential locked)'),
    )
    expect(payrollItem([desktopCredential(-3)])).toEqual(
      info('Payroll & Benefits (credential expired)'),
    )
    // Pending and revoked credentials are not the user's to use.
    expect(payrollItem([desktopCredential(200, { status: 'revoked' })])).toEqual(
      info('Payroll & Benefits (needs an OTP credential)'),
    )
  })

  it('renewal offered: the expiry with the days left, and Renew… opening the renew screen', () => {
    const items = menu({ mag: magState({ credentials: [desktopCredential(11)] }) })
    expect(items.slice(6, 8)).toEqual([
      info('Desktop OTP: expires 12 Dec 2026 (11 days)'),
      openScreen('Renew…', { screen: 'renew', credentialId }),
    ])
    expect(menu({ mag: magState({ credentials: [desktopCredential(1)] }) }).slice(6, 7)).toEqual([
      info('Desktop OTP: expires 2 Dec 2026 (1 day)'),
    ])
  })

  it('counts the days down on this clock when the state is older than today', () => {
    const credential = desktopCredential(11)
    const items = menu({
      mag: magState({ credentials: [credential] }),
      now: now + 4 * 86_400_000,
    })
    expect(items[6]).toEqual(info('Desktop OTP: expires 12 Dec 2026 (7 days)'))
  })

  it('expired: no Renew, and Get a new credential… opens the dashboard; apps say why', () => {
    const items = menu({ mag: magState({ credentials: [desktopCredential(-2)] }) })
    expect(items).toEqual([
      ...codes,
      separator,
      info('Signed in as Alice Example (password only)'),
      appsMenu([wiki, info('Payroll & Benefits (credential expired)')]),
      info('Desktop OTP: expired 29 Nov 2026'),
      openScreen('Get a new credential…', { screen: 'dashboard' }),
      signOut,
      separator,
      ...footer,
    ])
  })

  it('locked: says so and offers Manage OTP… to resync', () => {
    const items = menu({
      mag: magState({ credentials: [desktopCredential(100, { status: 'locked' })] }),
    })
    expect(items.slice(6, 8)).toEqual([
      info('Desktop OTP: locked (resync in Manage OTP)'),
      openScreen('Manage OTP…', { screen: 'manage-otp' }),
    ])
  })

  it('offline: a MAG offline line, apps disabled with the reason, Renew disabled, codes still there', () => {
    const items = menu({ mag: offline(magState({ credentials: [desktopCredential(11)] })) })
    expect(items).toEqual([
      ...codes,
      separator,
      info('MAG service offline'),
      info('Signed in as Alice Example (password only)'),
      { type: 'submenu', label: 'Partner applications (MAG offline)', enabled: false, submenu: [] },
      info('Desktop OTP: expires 12 Dec 2026 (11 days)'),
      info('Renew… (MAG offline)'),
      signOut,
      separator,
      ...footer,
    ])
  })

  it('a service answering garbage is told apart from one that does not answer', () => {
    const state = magState()
    const items = menu({
      mag: { ...state, connection: { ...state.connection, status: 'bad-response' } },
    })
    expect(items[4]).toEqual(info('MAG service answered unexpectedly'))
    expect(items[6]).toMatchObject({ label: 'Partner applications (MAG offline)', enabled: false })
  })

  it('a session ended on the service asks to sign in again', () => {
    const items = menu({ mag: magState({ session: 'expired' }) })
    expect(items.slice(4, 5)).toEqual([
      openScreen('MAG session ended: sign in again…', { screen: 'sign-in' }),
    ])
    expect(items).not.toContainEqual(signOut)
  })

  it('no apps granted: the submenu is disabled and says so', () => {
    expect(menu({ mag: magState({ apps: [] }) })[5]).toEqual({
      type: 'submenu',
      label: 'Partner applications (none granted)',
      enabled: false,
      submenu: [],
    })
  })

  it('without MAG (none wired, or no service configured) the menu has no MAG part', () => {
    const notConfigured = magState()
    notConfigured.connection = { ...notConfigured.connection, status: 'not-configured' }
    for (const mag of [null, notConfigured]) {
      expect(menu({ mag })).toEqual([...codes, separator, ...footer])
    }
  })

  it('vault unavailable: no codes, and the reason in the menu', () => {
    expect(
      menu({ mag: null, vault: { state: 'unavailable', problem: 'keychain-locked' } }),
    ).toEqual([info('Codes unavailable: the keyring is locked'), separator, ...footer])
    expect(menu({ mag: null, vault: { state: 'unavailable', problem: 'unreadable' } })[0]).toEqual(
      info('Codes unavailable: open the window to see why'),
    )
    expect(menu({ mag: null, vault: { state: 'opening' } })[0]).toEqual(
      info('Codes: opening the vault…'),
    )
  })

  it('offline MAG and a locked keyring are both said, and Open and Quit still work', () => {
    const items = menu({
      mag: offline(),
      vault: { state: 'unavailable', problem: 'keychain-unavailable' },
    })
    expect(items[0]).toEqual(info('Codes unavailable: no keyring service answers'))
    expect(items[2]).toEqual(info('MAG service offline'))
    expect(items.slice(-2)).toEqual(footer)
  })

  it('lists only TOTP accounts (an HOTP click would spend a counter), and says when none are left', () => {
    expect(
      menu({ mag: null, vault: { state: 'ready', accounts: accounts(2, 'hotp') } })[0],
    ).toEqual(info('No time-based codes to copy'))
    expect(menu({ mag: null, vault: { state: 'ready', accounts: [] } })[0]).toEqual(
      info('No accounts yet'),
    )
  })

  it(`many accounts: the first ${maxCodeItems}, then Show all N accounts… opening the window`, () => {
    const many = [...accounts(3, 'hotp'), ...accounts(40)]
    const items = menu({ mag: null, vault: { state: 'ready', accounts: many } })
    const copies = items.filter(
      (item) => item.type === 'normal' && item.action?.kind === 'copy-code',
    )
    expect(copies).toHaveLength(maxCodeItems)
    expect(copies[0]).toMatchObject({ label: 'Issuer 1 (user1@example.com)' })
    expect(items[maxCodeItems + 1]).toEqual({
      type: 'normal',
      label: 'Show all 40 accounts…',
      enabled: true,
      action: { kind: 'open-window' },
    })
    expect(items[maxCodeItems + 2]).toEqual(separator)
  })

  it('keeps names on one short line', () => {
    const long = {
      id: twoAccounts[0]?.id ?? '',
      type: 'totp' as const,
      issuer: 'A\nB',
      label: 'x'.repeat(80),
    }
    const [, first] = menu({ mag: null, vault: { state: 'ready', accounts: [long] } })
    expect(first).toMatchObject({ label: `A B (${'x'.repeat(54)}…` })
    expect((first as { label: string }).label).toHaveLength(60)
  })
})

describe('trayMenu and the lock', () => {
  const lockNow = { type: 'normal', label: 'Lock now', enabled: true, action: { kind: 'lock' } }

  it('offers Lock now only when a password is set and the vault is unlocked (canLock)', () => {
    expect(menu({ mag: null, canLock: true })).toEqual([...codes, separator, lockNow, ...footer])
    expect(menu({ mag: signedOut(), canLock: true }).slice(-3)).toEqual([lockNow, ...footer])
    expect(menu({ mag: null, canLock: false })).not.toContainEqual(lockNow)
  })

  it('locked: nothing but Unlock… (opening the window) and Quit; no account, no MAG part', () => {
    const items = menu({
      mag: magState({ credentials: [desktopCredential(11)] }),
      vault: { state: 'locked' },
    })
    expect(items).toEqual([
      info('Codes: locked'),
      { type: 'normal', label: 'Unlock…', enabled: true, action: { kind: 'open-window' } },
      separator,
      footer[1],
    ])
    const text = JSON.stringify(items)
    for (const hidden of ['copy-code', 'Alice', 'GitHub', 'Team Wiki', 'Desktop OTP', 'Lock now']) {
      expect(text).not.toContain(hidden)
    }
  })
})

describe('trayMenu in German (the real catalogue)', () => {
  const labels = (items: TrayMenuItem[]): string[] =>
    items.map((item) => (item.type === 'separator' ? '---' : item.label))
  const german = (overrides: Partial<TrayMenuState> & { mag: MagState | null }) =>
    labels(menu({ ...overrides, locale: de }))

  it('signed in, with Lock now: every label German, dates as German writes them', () => {
    expect(german({ mag: magState(), canLock: true })).toEqual([
      'Code kopieren',
      'GitHub (alice)',
      'AWS',
      '---',
      'Angemeldet als Alice Example (nur Passwort)',
      'Partneranwendungen',
      'Desktop OTP: gültig bis 19. Juni 2027',
      'Abmelden',
      '---',
      'Jetzt sperren',
      'MAG Authenticator öffnen',
      'MAG Authenticator beenden',
    ])
  })

  it('days left as a German plural: heute, 1 Tag, 11 Tagen', () => {
    const status = (daysLeft: number) =>
      german({ mag: magState({ credentials: [desktopCredential(daysLeft)] }) })[6]
    expect(status(11)).toBe('Desktop OTP: läuft am 12. Dez. 2026 ab (in 11 Tagen)')
    expect(status(1)).toBe('Desktop OTP: läuft am 2. Dez. 2026 ab (in 1 Tag)')
    expect(
      german({ mag: magState({ credentials: [desktopCredential(0, { expired: false })] }) })[6],
    ).toBe('Desktop OTP: läuft am 1. Dez. 2026 ab (heute)')
  })

  it('signed out, offline, expired, locked credential, no apps', () => {
    expect(german({ mag: signedOut() }).slice(4, 5)).toEqual(['Bei MAG anmelden…'])
    expect(german({ mag: offline(magState({ credentials: [desktopCredential(11)] })) })).toEqual([
      'Code kopieren',
      'GitHub (alice)',
      'AWS',
      '---',
      'MAG-Dienst offline',
      'Angemeldet als Alice Example (nur Passwort)',
      'Partneranwendungen (MAG offline)',
      'Desktop OTP: läuft am 12. Dez. 2026 ab (in 11 Tagen)',
      'Verlängern… (MAG offline)',
      'Abmelden',
      '---',
      'MAG Authenticator öffnen',
      'MAG Authenticator beenden',
    ])
    expect(german({ mag: magState({ credentials: [desktopCredential(-2)] }) }).slice(6, 8)).toEqual(
      ['Desktop OTP: abgelaufen am 29. Nov. 2026', 'Neuen Zugang erwerben…'],
    )
    const lockedCredential = desktopCredential(100, { status: 'locked' })
    expect(german({ mag: magState({ credentials: [lockedCredential] }) }).slice(6, 8)).toEqual([
      'Desktop OTP: gesperrt (in „OTP verwalten“ neu synchronisieren)',
      'OTP verwalten…',
    ])
    expect(german({ mag: magState({ apps: [] }) })[5]).toBe(
      'Partneranwendungen (keine freigegeben)',
    )
  })

  it('the vault’s states: locked, opening, unavailable, empty, many accounts', () => {
    expect(german({ mag: magState(), vault: { state: 'locked' } })).toEqual([
      'Codes: gesperrt',
      'Entsperren…',
      '---',
      'MAG Authenticator beenden',
    ])
    expect(german({ mag: null, vault: { state: 'opening' } })[0]).toBe(
      'Codes: Tresor wird geöffnet…',
    )
    expect(
      german({ mag: null, vault: { state: 'unavailable', problem: 'keychain-locked' } })[0],
    ).toBe('Codes nicht verfügbar: Der Schlüsselbund ist gesperrt')
    expect(german({ mag: null, vault: { state: 'ready', accounts: [] } })[0]).toBe(
      'Noch keine Konten',
    )
    expect(german({ mag: null, vault: { state: 'ready', accounts: accounts(40) } })).toContain(
      'Alle 40 Konten anzeigen…',
    )
  })
})
