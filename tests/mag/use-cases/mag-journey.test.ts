import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { decodeBase32, encodeBase32, totp } from '@mag/otp'
import { startReferenceService, type ReferenceService } from '../reference-service'
import {
  buyProduct,
  newMagUser,
  setUpDesktopOtp,
  startMagApp,
  TEST_CARD,
  type MagApp,
} from './mag-app'

/**
 * The MAG use cases end to end in the main process: the app's services (createAppServices,
 * called through the IPC dispatcher like the window does) against the real reference
 * service over loopback, the real vault and refresh token in the test keyring. Each test
 * has a user of its own; the calendar is put back after the tests that move it.
 */
let service: ReferenceService
const apps: MagApp[] = []

beforeAll(async () => {
  service = await startReferenceService()
})
afterEach(async () => {
  await service.setCalendarOffsetDays(0)
  for (const app of apps.splice(0)) await app.dispose()
})
afterAll(async () => {
  await service.stop()
})

async function appFor(): Promise<MagApp> {
  const app = await startMagApp(service)
  apps.push(app)
  return app
}

/** What a partner application's back end does with the ticket it received. */
async function redeem(ticketUrl: string, slug: string) {
  const ticket = new URL(ticketUrl).searchParams.get('ticket')
  const response = await fetch(`${service.url}/api/v1/apps/${slug}/tickets/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ticket }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as { user: { email: string }; strength: string }
}

/** The seed the service keeps for a credential, as base32. */
async function serviceSeed(credentialId: string): Promise<string> {
  const row = await service.ctx.db
    .selectFrom('credentials')
    .select('secret_encrypted')
    .where('id', '=', credentialId)
    .executeTakeFirstOrThrow()
  if (row.secret_encrypted === null) throw new Error('no seed on the service')
  return service.ctx.secrets.decrypt(row.secret_encrypted)
}

describe('MAG in the app services, against the reference service', () => {
  it('signs in with the password at password strength, lists the granted apps and launches a password app', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    expect((await app.call('magGetState')).session).toBe('signed-out')

    const state = await app.call('magSignIn', { identifier: user.email, password: user.password })
    expect(state).toMatchObject({
      session: 'active',
      account: { email: user.email, strength: 'password', strengthCredential: null },
      connection: { status: 'online', source: 'settings', problem: null },
      credentials: [],
    })
    expect(state.apps.map((a) => [a.slug, a.requiredStrength, a.requirementsMet])).toEqual([
      ['billing', 'otp', false],
      ['crm', 'password', true],
    ])

    expect(await app.call('magLaunchApp', { slug: 'crm' })).toEqual({
      openedOrigin: new URL(service.url).origin,
    })
    expect(app.opened).toHaveLength(1)
    const redeemed = await redeem(app.opened[0] ?? '', 'crm')
    expect(redeemed).toMatchObject({ user: { email: user.email }, strength: 'password' })
  })

  it('says why a sign-in failed, in words to act on, and keeps the session signed out', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    const error = await app.fail('magSignIn', { identifier: user.email, password: 'not-it-123' })
    expect(error.code).toBe('invalid-credentials')
    expect(error.message).toMatch(/Wrong email, username or password/)
    expect((await app.call('magGetState')).session).toBe('signed-out')
    expect(app.wire.join('\n')).not.toContain('not-it-123')
  })

  it('buys a Desktop OTP by test card and activates it straight into the vault: marked, the service seed, no seed on the wire', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    await app.call('magSignIn', { identifier: user.username, password: user.password })

    const { products } = await app.call('magGetCatalogue')
    expect(products.map((p) => p.id)).toContain('desktop-otp')
    const order = await buyProduct(app, 'desktop-otp')
    expect(order).toMatchObject({ status: 'paid', paymentMethod: 'card' })
    expect(order.licenseKeys).toHaveLength(1)
    expect(await app.call('magGetCart')).toBeNull()

    const credential = await app.call('magActivate', {
      licenseKey: order.licenseKeys[0]?.licenseKey,
    })
    expect(credential).toMatchObject({ type: 'Desktop OTP', status: 'active' })
    expect(credential.entryId).not.toBeNull()

    const entries = await app.call('listEntries')
    expect(entries).toEqual([
      expect.objectContaining({
        id: credential.entryId,
        issuer: 'MAG',
        label: user.email,
        magCredentialId: credential.id,
      }),
    ])
    // The vault holds exactly the seed the service issued, and its code is the service's.
    const seed = await serviceSeed(credential.id)
    const held = app.services.vault.readSecret(credential.entryId ?? '')
    expect(encodeBase32(held)).toBe(seed)
    const { now, codes } = await app.call('getCodes', { ids: [credential.entryId] })
    expect(codes[0]?.code).toBe(totp(held, now, { algorithm: 'SHA1', digits: 6, period: 30 }))

    const state = await app.call('magGetState')
    expect(state.credentials).toEqual([
      expect.objectContaining({ id: credential.id, entryId: credential.entryId }),
    ])
    // Nothing the window received carries the seed or its link.
    const wire = app.wire.join('\n')
    expect(wire).not.toContain(seed)
    expect(wire).not.toMatch(/otpauth/i)
    expect(wire).not.toContain(TEST_CARD.number)
  })

  it('launches an OTP app from a password session: main elevates with the code from the vault, and the ticket is redeemed at OTP strength', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const credential = await setUpDesktopOtp(app)
    expect((await app.call('magGetState')).account?.strength).toBe('password')

    expect(await app.call('magLaunchApp', { slug: 'billing' })).toEqual({
      openedOrigin: new URL(service.url).origin,
    })
    const redeemed = await redeem(app.opened[0] ?? '', 'billing')
    expect(redeemed.strength).toBe('Desktop OTP')
    const state = await app.call('magGetState')
    expect(state.account).toMatchObject({
      strength: 'Desktop OTP',
      strengthCredential: { id: credential.id, type: 'Desktop OTP' },
    })
    expect(state.apps.find((a) => a.slug === 'billing')?.requirementsMet).toBe(true)
  })

  it('signs in at OTP strength when the vault holds the credential, and the session survives a restart', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const credential = await setUpDesktopOtp(app)
    await app.call('magSignOut')
    expect((await app.call('magGetState')).session).toBe('signed-out')

    const state = await app.call('magSignIn', { identifier: user.email, password: user.password })
    expect(state.account).toMatchObject({
      strength: 'Desktop OTP',
      strengthCredential: { id: credential.id },
    })

    const restarted = app.restart()
    await restarted.services.vault.open()
    const restored = await restarted.services.mag.start()
    expect(restored).toMatchObject({
      session: 'active',
      account: { email: user.email, strength: 'Desktop OTP' },
    })
  }, 90_000)

  it('elevates on request with the code computed from the vault', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const credential = await setUpDesktopOtp(app)
    const elevated = await app.call('magElevate', {})
    expect(elevated.account).toMatchObject({
      strength: 'Desktop OTP',
      strengthCredential: { id: credential.id },
    })
  })

  it('asks for the code of a credential the vault does not hold, and takes a typed one', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const credential = await setUpDesktopOtp(app)

    // The same account on a computer whose vault does not hold the credential.
    await app.call('deleteEntry', { id: credential.entryId })
    await app.call('magSignOut')
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const needed = await app.fail('magElevate', {})
    expect(needed.code).toBe('mag-code-needed')
    expect(needed.message).toContain('Desktop OTP')
    const launch = await app.fail('magLaunchApp', { slug: 'billing' })
    expect(launch.code).toBe('mag-code-needed')
    expect(app.opened).toEqual([])

    const wrong = await app.fail('magElevate', { code: '000000' })
    expect(wrong.code).toBe('otp-invalid')
    // Typed from the token: the code after the one the wrong attempt was judged in.
    const typed = totp(decodeBase32(await serviceSeed(credential.id)), Date.now() + 30_000, {
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    })
    await app.call('magLaunchApp', { slug: 'billing', code: typed })
    expect(app.opened).toHaveLength(1)
  }, 90_000)

  it('renewal: offered while the credential is valid, extends it by a year keeping the entry and its codes; past expiry it is gone and Launch says why', async () => {
    const user = await newMagUser(service)
    const app = await appFor()
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const credential = await setUpDesktopOtp(app)
    expect(credential).toMatchObject({ renewOffered: true, expiryShown: false, expired: false })

    // Get 2FA while a renewal is possible offers the renewal instead.
    const second = await app.fail('magAddToCart', { productId: 'desktop-otp' })
    expect(second.code).toBe('renewal-available')
    expect(second.message).toContain('Renew it instead')

    // 11.5 months on: the expiry date shows, Renew is still offered.
    await service.setCalendarOffsetDays(350)
    const late = (await app.call('magRefresh')).credentials[0]
    expect(late).toMatchObject({ renewOffered: true, expiryShown: true, expired: false })
    expect(late?.daysLeft).toBeLessThanOrEqual(30)

    const order = await buyProduct(app, late?.renewProductId ?? '', credential.id)
    expect(order.renewals).toEqual([
      {
        credentialId: credential.id,
        previousExpiresAt: credential.expiresAt,
        newExpiresAt: oneYearAfter(credential.expiresAt),
      },
    ])
    const renewed = (await app.call('magGetState')).credentials[0]
    expect(renewed).toMatchObject({
      id: credential.id,
      entryId: credential.entryId,
      expiresAt: oneYearAfter(credential.expiresAt),
      expiryShown: false,
    })
    // The same seed, so the same codes: a fresh sign-in reaches OTP strength with them.
    await app.call('magSignOut')
    const again = await app.call('magSignIn', { identifier: user.email, password: user.password })
    expect(again.account?.strength).toBe('Desktop OTP')

    // Past the renewed expiry: Renew is gone, the credential no longer counts, Launch explains.
    await service.setCalendarOffsetDays(365 * 2 + 5)
    const expired = (await app.call('magRefresh')).credentials[0]
    expect(expired).toMatchObject({ expired: true, renewOffered: false, renewProductId: null })
    expect((await app.call('magGetState')).account?.strength).toBe('password')
    const launch = await app.fail('magLaunchApp', { slug: 'billing' })
    expect(launch.code).toBe('credential-expired')
    expect(launch.message).toContain('buy and set up a new credential with Get 2FA')
    expect(app.opened).toEqual([])
    // And Get 2FA now sells a new one.
    const cart = await app.call('magAddToCart', { productId: 'desktop-otp' })
    expect(cart.items.map((item) => item.productId)).toEqual(['desktop-otp'])
  }, 120_000)
})

function oneYearAfter(iso: string): string {
  const date = new Date(iso)
  date.setUTCFullYear(date.getUTCFullYear() + 1)
  return date.toISOString()
}
