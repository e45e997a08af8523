import type { MagApp, MagCredential, MagState } from '../../src/shared/mag-channels'
import type { TrayAccount } from '../../src/main/tray/tray-menu'

/** MAG states as the service would describe them, built from a few choices. */

export const now = Date.parse('2026-12-01T12:00:00Z')
const dayMs = 86_400_000

export const credentialId = '7f1c2a4e-5b6d-4e8f-9a0b-1c2d3e4f5a6b'
export const hardwareCredentialId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
export const entryId = '3d9e1f2a-4b5c-4d6e-8f70-8192a3b4c5d6'

/** A Desktop OTP credential held by the app, `daysLeft` days (rounded up) from `now`. */
export function desktopCredential(
  daysLeft: number,
  overrides: Partial<MagCredential> = {},
): MagCredential {
  const expired = overrides.expired ?? daysLeft <= 0
  return {
    id: credentialId,
    type: 'Desktop OTP',
    status: 'active',
    serial: null,
    purchasedAt: new Date(now - (365 - daysLeft) * dayMs).toISOString(),
    // Half a day short of whole days, so ceil gives exactly `daysLeft`.
    expiresAt: new Date(now + daysLeft * dayMs - dayMs / 2).toISOString(),
    activatedAt: new Date(now - 300 * dayMs).toISOString(),
    daysLeft: Math.max(0, daysLeft),
    expired,
    expiryShown: daysLeft <= 30,
    renewOffered: !expired,
    renewProductId: expired ? null : 'desktop-otp-renewal',
    entryId,
    ...overrides,
  }
}

export const apps: MagApp[] = [
  {
    slug: 'wiki',
    name: 'Team Wiki',
    origin: 'https://wiki.example',
    requiredStrength: 'password',
    requirementsMet: true,
  },
  {
    slug: 'payroll',
    name: 'Payroll & Benefits',
    origin: 'https://payroll.example',
    requiredStrength: 'otp',
    requirementsMet: false,
  },
]

export function magState(overrides: Partial<MagState> = {}): MagState {
  return {
    connection: {
      serviceUrl: 'https://mag.example',
      source: 'settings',
      status: 'online',
      problem: null,
      clockSkewMs: 0,
      clockWarning: false,
    },
    session: 'active',
    account: {
      displayName: 'Alice Example',
      email: 'alice@example.com',
      username: 'alice',
      organization: 'Example Ltd',
      strength: 'password',
      strengthCredential: null,
    },
    apps,
    credentials: [desktopCredential(200, { renewOffered: false, expiryShown: false })],
    revision: 1,
    ...overrides,
  }
}

export function signedOut(): MagState {
  return magState({ session: 'signed-out', account: null, apps: [], credentials: [] })
}

export function offline(state: MagState = magState()): MagState {
  return {
    ...state,
    connection: {
      ...state.connection,
      status: 'offline',
      problem: 'The MAG service at https://mag.example cannot be reached.',
    },
  }
}

export function accounts(count: number, type: TrayAccount['type'] = 'totp'): TrayAccount[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    type,
    issuer: `Issuer ${index + 1}`,
    label: `user${index + 1}@example.com`,
  }))
}
