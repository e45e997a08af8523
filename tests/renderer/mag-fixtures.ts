import type { MagCredential, MagState } from '../../src/shared/mag-channels'

/** A MAG state as main sends it, for the renderer's pure MAG logic. */
export function magCredential(over: Partial<MagCredential> = {}): MagCredential {
  return {
    id: '3f0c1a52-8a1e-4d8e-9a35-6c1f0e7b2a10',
    type: 'Desktop OTP',
    status: 'active',
    serial: null,
    purchasedAt: '2026-01-10T09:00:00.000Z',
    expiresAt: '2027-01-10T09:00:00.000Z',
    activatedAt: '2026-01-10T09:05:00.000Z',
    daysLeft: 200,
    expired: false,
    expiryShown: false,
    renewOffered: true,
    renewProductId: 'desktop-otp-renewal',
    entryId: '0b7a3c1e-2d4f-4e6a-8b9c-1d2e3f4a5b6c',
    ...over,
  }
}

export function magState(over: Partial<MagState> = {}): MagState {
  return {
    connection: {
      serviceUrl: 'http://127.0.0.1:41234',
      source: 'development-service',
      status: 'online',
      problem: null,
      clockSkewMs: 120,
      clockWarning: false,
    },
    session: 'active',
    account: {
      displayName: 'Demo User',
      email: 'demo@mag.example',
      username: 'demo',
      organization: 'Demo Organization',
      strength: 'password',
      strengthCredential: null,
    },
    apps: [],
    credentials: [magCredential()],
    revision: 3,
    ...over,
  }
}
