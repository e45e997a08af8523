import { describe, expect, it } from 'vitest'
import {
  appRequirement,
  canElevate,
  expired,
  expiringSoon,
  renewalInsteadOf,
  resyncNeedsCodes,
  sortCredentials,
  strengthCredential,
} from '../../src/renderer/src/mag/lib/dashboard-model'
import {
  ACTION_LABELS,
  actionForError,
  invalidatesState,
} from '../../src/renderer/src/mag/lib/mag-error-actions'
import { HOME_ROUTES, routeForRequest, withFlow } from '../../src/renderer/src/mag/lib/mag-routes'
import { magCredential, magState } from './mag-fixtures'

const token = magCredential({
  id: '9d9b1f1e-1111-4e6a-8b9c-1d2e3f4a5b6c',
  type: 'OTP Hardware Token',
  serial: 'TK-0042',
  entryId: null,
  renewOffered: false,
  purchasedAt: '2026-03-01T00:00:00.000Z',
})

describe('dashboard decisions', () => {
  it('offers Elevate at password strength only when a usable credential exists', () => {
    expect(canElevate(magState())).toBe(true)
    expect(canElevate(magState({ credentials: [] }))).toBe(false)
    expect(canElevate(magState({ credentials: [magCredential({ expired: true })] }))).toBe(false)
    expect(canElevate(magState({ credentials: [magCredential({ status: 'locked' })] }))).toBe(false)
    const elevated = magState()
    elevated.account = { ...elevated.account!, strength: 'Desktop OTP' }
    expect(canElevate(elevated)).toBe(false)
    expect(canElevate(magState({ session: 'expired' }))).toBe(false)
  })

  it('finds the credential the session used, with its listed expiry facts', () => {
    const state = magState({ credentials: [magCredential({ expiryShown: true }), token] })
    state.account = {
      ...state.account!,
      strength: 'Desktop OTP',
      strengthCredential: {
        id: magCredential().id,
        type: 'Desktop OTP',
        expiresAt: magCredential().expiresAt,
      },
    }
    expect(strengthCredential(state)?.expiryShown).toBe(true)
    expect(strengthCredential(magState())).toBeUndefined()
  })

  it('offers a renewal instead of a second credential of the same type', () => {
    const credentials = [magCredential(), token]
    expect(renewalInsteadOf(credentials, 'Desktop OTP')?.id).toBe(magCredential().id)
    expect(renewalInsteadOf(credentials, 'OTP Hardware Token')).toBeUndefined()
    expect(
      renewalInsteadOf([magCredential({ renewOffered: false, expired: true })]),
    ).toBeUndefined()
  })

  it('shows the expiry when 30 days or fewer remain, and the expired apart', () => {
    const soon = magCredential({ expiryShown: true, daysLeft: 14 })
    const gone = magCredential({ id: 'x', expiryShown: true, expired: true, daysLeft: 0 })
    const revoked = magCredential({ id: 'y', expiryShown: true, status: 'revoked' })
    expect(expiringSoon([soon, gone, revoked, token])).toEqual([soon])
    expect(expired([soon, gone, token])).toEqual([gone])
  })

  it('says what an application asks of the session, and whether stepping up meets it', () => {
    const otp = { requiredStrength: 'otp', requirementsMet: false } as const
    expect(appRequirement({ requiredStrength: 'password', requirementsMet: true }, false)).toBe(
      'magAccount.apps.passwordSignIn',
    )
    expect(appRequirement({ ...otp, requirementsMet: true }, false)).toBe(
      'magAccount.apps.requiresOtp',
    )
    expect(appRequirement(otp, true)).toBe('magAccount.apps.requiresOtpStepUp')
    expect(appRequirement(otp, false)).toBe('magAccount.apps.requiresOtpNeedsCredential')
  })

  it('asks for resync codes only for a credential the app does not hold', () => {
    expect(resyncNeedsCodes(magCredential())).toBe(false)
    expect(resyncNeedsCodes(token)).toBe(true)
  })

  it('lists the newest purchase first', () => {
    expect(sortCredentials([magCredential(), token]).map((c) => c.type)).toEqual([
      'OTP Hardware Token',
      'Desktop OTP',
    ])
  })
})

describe('what an error offers the user', () => {
  it('maps each kind of failure to its one action', () => {
    expect(actionForError('mag-session-expired')).toBe('sign-in')
    expect(actionForError('credential-locked')).toBe('resync')
    expect(actionForError('renewal-available')).toBe('renew')
    expect(actionForError('credential-expired')).toBe('get-2fa')
    expect(actionForError('no-otp-credential')).toBe('get-2fa')
    expect(actionForError('mag-offline')).toBe('retry')
    expect(actionForError('mag-not-configured')).toBe('settings')
    expect(actionForError('mag-code-needed')).toBe('enter-code')
    // The message is the whole answer: retype the password, fix the card.
    expect(actionForError('invalid-credentials')).toBe('none')
    expect(actionForError('payment-declined')).toBe('none')
    expect(actionForError(undefined)).toBe('none')
    // Each action's label is a catalogue id (the button translates it).
    expect(ACTION_LABELS['sign-in']).toBe('magAccount.action.signIn')
    expect(ACTION_LABELS.retry).toBe('common.tryAgain')
  })

  it('re-reads the state after errors that change the session or the connection', () => {
    expect(invalidatesState('mag-session-expired')).toBe(true)
    expect(invalidatesState('mag-offline')).toBe(true)
    expect(invalidatesState('otp-invalid')).toBe(false)
  })
})

describe('routes', () => {
  it('opens the screens main asks for in their sections', () => {
    expect(routeForRequest({ screen: 'manage-otp' })).toEqual({
      section: 'account',
      route: HOME_ROUTES.account,
    })
    expect(routeForRequest({ screen: 'renew', credentialId: 'c1' })).toEqual({
      section: 'account',
      route: { screen: 'renew', credentialId: 'c1', flow: { step: 'choose' } },
    })
    expect(routeForRequest({ screen: 'sign-in' }).section).toBe('mag')
    expect(routeForRequest({ screen: 'dashboard' }).route).toEqual({ screen: 'dashboard' })
  })

  it('moves a purchase flow on, and leaves other routes alone', () => {
    expect(withFlow({ screen: 'get-2fa', flow: { step: 'choose' } }, { step: 'cart' })).toEqual({
      screen: 'get-2fa',
      flow: { step: 'cart' },
    })
    expect(withFlow({ screen: 'dashboard' }, { step: 'cart' })).toEqual({ screen: 'dashboard' })
  })
})
