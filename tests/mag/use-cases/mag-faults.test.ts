import { readdir, readFile } from 'node:fs/promises'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { KeychainAdapter } from '@mag/vault'
import { startReferenceService, type ReferenceService, type TestUser } from '../reference-service'
import {
  buyProduct,
  DECLINED_CARD,
  newMagUser,
  setUpDesktopOtp,
  startMagApp,
  TEST_CARD,
  type MagApp,
  type MagAppOptions,
} from './mag-app'

/**
 * Bad input and faults, each through the app's services and the real reference service. The
 * faults the service cannot be made to produce (a launch URL off its origin, an answer lost
 * after the service applied the request, a keychain that fails on cue, a network that is
 * gone) come from wrapping fetch or the keychain; the clock that is off is a fake clock.
 */
let service: ReferenceService
const apps: MagApp[] = []

beforeAll(async () => {
  service = await startReferenceService()
})
afterEach(async () => {
  for (const app of apps.splice(0)) await app.dispose()
})
afterAll(async () => {
  await service.stop()
})

async function signedIn(options: MagAppOptions = {}): Promise<{ app: MagApp; user: TestUser }> {
  const user = await newMagUser(service)
  const app = await startMagApp(service, options)
  apps.push(app)
  await app.call('magSignIn', { identifier: user.email, password: user.password })
  return { app, user }
}

type Faults = {
  offline: boolean
  garbage: boolean
  /** Puts the launch answer's ticket on this URL instead (a compromised or broken service). */
  launchUrl: string | null
  /** The confirm request never reaches the service. */
  confirmUnreachable: boolean
  /** The next checkout is applied by the service, but its answer is lost on the way back. */
  loseNextCheckoutAnswer: boolean
}

function faultyFetch(): { faults: Faults; checkoutKeys: string[]; fetch: typeof fetch } {
  const faults: Faults = {
    offline: false,
    garbage: false,
    launchUrl: null,
    confirmUnreachable: false,
    loseNextCheckoutAnswer: false,
  }
  const checkoutKeys: string[] = []
  const networkError = (code: string) =>
    new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) })
  const wrapped: typeof fetch = async (input, init) => {
    const url = new URL(String(input))
    if (faults.offline) throw networkError('ECONNREFUSED')
    if (faults.garbage) {
      return new Response('<html><body>Sign in to the hotel Wi-Fi</body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html' },
      })
    }
    if (url.pathname.endsWith('/confirm') && faults.confirmUnreachable) {
      throw networkError('ECONNREFUSED')
    }
    const response = await fetch(input, init)
    if (url.pathname.endsWith('/checkout')) {
      const headers = (init?.headers ?? {}) as Record<string, string>
      checkoutKeys.push(headers['idempotency-key'] ?? '')
      if (faults.loseNextCheckoutAnswer) {
        faults.loseNextCheckoutAnswer = false
        await response.text()
        throw networkError('ECONNRESET')
      }
    }
    if (url.pathname.endsWith('/launch') && faults.launchUrl !== null && response.ok) {
      const body = (await response.json()) as { url: string; expiresAt: string }
      const moved = new URL(faults.launchUrl)
      moved.search = new URL(body.url).search
      return new Response(JSON.stringify({ ...body, url: moved.href }), {
        status: 200,
        headers: { 'content-type': 'application/json', date: response.headers.get('date') ?? '' },
      })
    }
    return response
  }
  return { faults, checkoutKeys, fetch: wrapped }
}

/** The real keychain, until `broken` is set: then every call fails as with no Secret Service. */
function breakableKeychain(): {
  switchable: { broken: boolean; accounts: string[] | null }
  wrap: (real: KeychainAdapter) => KeychainAdapter
} {
  const switchable = { broken: false, accounts: null as string[] | null }
  const fails = (account: string) =>
    switchable.broken && (switchable.accounts === null || switchable.accounts.includes(account))
  const failure = () =>
    new Error('The name org.freedesktop.secrets was not provided by any .service files')
  return {
    switchable,
    wrap: (real) => ({
      getPassword: async (service, account) => {
        if (fails(account)) throw failure()
        return real.getPassword(service, account)
      },
      setPassword: async (service, account, password) => {
        if (fails(account)) throw failure()
        return real.setPassword(service, account, password)
      },
      deletePassword: async (service, account) => {
        if (fails(account)) throw failure()
        return real.deletePassword(service, account)
      },
    }),
  }
}

describe('MAG faults and bad input', () => {
  it('refuses and reports a launch URL off the application’s registered origin, never opening it', async () => {
    const { faults, fetch } = faultyFetch()
    const { app } = await signedIn({ fetch })
    const port = new URL(service.url).port
    for (const elsewhere of ['https://evil.example/landing', `http://127.0.0.2:${port}/partner`]) {
      faults.launchUrl = elsewhere
      const error = await app.fail('magLaunchApp', { slug: 'crm' })
      expect(error.code).toBe('mag-launch-refused')
      expect(error.message).toContain('Acme CRM')
      expect(error.message).not.toContain('ticket')
    }
    expect(app.opened).toEqual([])
    expect(app.reports.join('\n')).toContain('https://evil.example')
    expect(app.reports.join('\n')).not.toContain('ticket=')

    faults.launchUrl = null
    await app.call('magLaunchApp', { slug: 'crm' })
    expect(app.opened).toHaveLength(1)
  })

  it('keeps no seed whose proof did not land, and a second activation of the key sets it up', async () => {
    const { faults, fetch } = faultyFetch()
    const { app } = await signedIn({ fetch })
    const order = await buyProduct(app, 'desktop-otp')
    const licenseKey = order.licenseKeys[0]?.licenseKey

    faults.confirmUnreachable = true
    const error = await app.fail('magActivate', { licenseKey })
    expect(error.code).toBe('mag-offline')
    expect(await app.call('listEntries')).toEqual([])
    expect(JSON.parse(await readFile(`${app.dir}/vault.json`, 'utf8')).entries).toEqual([])
    expect((await app.call('magRefresh')).credentials).toEqual([
      expect.objectContaining({ status: 'pending', entryId: null }),
    ])

    faults.confirmUnreachable = false
    const credential = await app.call('magActivate', { licenseKey })
    expect(credential.status).toBe('active')
    expect(await app.call('listEntries')).toHaveLength(1)
  })

  it('explains refused codes by the clock when this computer’s clock is off, and keeps no unproven seed', async () => {
    let offsetMs = 5 * 60_000
    const { app } = await signedIn({ now: () => Date.now() + offsetMs })
    const state = await app.call('magRefresh')
    expect(state.connection.clockWarning).toBe(true)
    expect(Math.abs((state.connection.clockSkewMs ?? 0) + 300_000)).toBeLessThan(3000)

    const order = await buyProduct(app, 'desktop-otp')
    const licenseKey = order.licenseKeys[0]?.licenseKey
    const refused = await app.fail('magActivate', { licenseKey })
    expect(refused.code).toBe('mag-clock-off')
    expect(refused.message).toContain('5 minutes ahead of')
    expect(await app.call('listEntries')).toEqual([])

    // Set right, the key activates; off again, a launch needing OTP says why it failed.
    offsetMs = 0
    expect((await app.call('magRefresh')).connection.clockWarning).toBe(false)
    await app.call('magActivate', { licenseKey })
    offsetMs = -3 * 60_000
    expect((await app.call('magRefresh')).connection.clockWarning).toBe(true)
    const launch = await app.fail('magLaunchApp', { slug: 'billing' })
    expect(launch.code).toBe('mag-clock-off')
    expect(launch.message).toContain('3 minutes behind')
    expect(app.opened).toEqual([])
  })

  it('a declined card says so and charges nothing; the cart stays for another card', async () => {
    const { app } = await signedIn()
    await app.call('magAddToCart', { productId: 'desktop-otp' })
    const declined = await app.fail('magCheckout', {
      payment: { method: 'card', card: DECLINED_CARD },
    })
    expect(declined.code).toBe('payment-declined')
    expect(declined.message).toBe(
      'Your card was declined: insufficient funds. Nothing was charged. Use another card, or choose to pay by invoice.',
    )
    expect((await app.call('magGetCart'))?.items).toHaveLength(1)
    const paid = await app.call('magCheckout', { payment: { method: 'card', card: TEST_CARD } })
    expect(paid.status).toBe('paid')
    const { orders } = await app.call('magListOrders')
    expect(orders.filter((o) => o.status === 'paid')).toHaveLength(1)
    expect(app.wire.join('\n')).not.toContain(DECLINED_CARD.number)
  })

  it('an invalid card names its field and nothing is charged', async () => {
    const { app } = await signedIn()
    await app.call('magAddToCart', { productId: 'desktop-otp' })
    const error = await app.fail('magCheckout', {
      payment: { method: 'card', card: { ...TEST_CARD, number: '4242 4242 4242 4241' } },
    })
    expect(error).toMatchObject({ code: 'card-invalid', field: 'payment.card.number' })
    expect(error.message).toContain('Card number is not valid')
    expect((await app.call('magListOrders')).orders).toEqual([])
  })

  it('an invoice leaves the order pending: no license key until it is paid', async () => {
    const { app } = await signedIn()
    await app.call('magAddToCart', { productId: 'desktop-otp' })
    const order = await app.call('magCheckout', { payment: { method: 'invoice' } })
    expect(order).toMatchObject({
      status: 'awaiting-payment',
      paymentMethod: 'invoice',
      licenseKeys: [],
      invoice: { status: 'open' },
    })
    expect((await app.call('magListLicenseKeys')).licenseKeys).toEqual([])
    expect(await app.call('magGetCart')).toBeNull()
  })

  it('a checkout whose answer was lost is retried with the same Idempotency-Key and charged once', async () => {
    const { faults, checkoutKeys, fetch } = faultyFetch()
    const { app } = await signedIn({ fetch })
    await app.call('magAddToCart', { productId: 'desktop-otp' })
    faults.loseNextCheckoutAnswer = true
    const lost = await app.fail('magCheckout', { payment: { method: 'card', card: TEST_CARD } })
    expect(lost.code).toBe('mag-offline')
    expect((await app.call('magGetState')).connection.status).toBe('offline')

    const order = await app.call('magCheckout', { payment: { method: 'card', card: TEST_CARD } })
    expect(order.status).toBe('paid')
    expect(checkoutKeys).toHaveLength(2)
    expect(checkoutKeys[1]).toBe(checkoutKeys[0])
    expect((await app.call('magListOrders')).orders).toHaveLength(1)
    expect((await app.call('magListLicenseKeys')).licenseKeys).toHaveLength(1)
    expect((await app.call('magGetState')).connection.status).toBe('online')
  })

  it('a locked credential is resynced with codes the app fills in from the vault', async () => {
    const { app } = await signedIn()
    const credential = await setUpDesktopOtp(app)
    let last = ''
    for (let attempt = 0; attempt < 11 && last !== 'credential-locked'; attempt++) {
      last = (await app.fail('magElevate', { code: '000000' })).code
    }
    expect(last).toBe('credential-locked')
    expect((await app.call('magGetState')).credentials[0]?.status).toBe('locked')
    const launch = await app.fail('magLaunchApp', { slug: 'billing' })
    expect(launch.code).toBe('credential-locked')
    expect(launch.message).toContain('Resync')

    const resynced = await app.call('magResync', { credentialId: credential.id })
    expect(resynced).toMatchObject({ id: credential.id, status: 'active' })
    await app.call('magLaunchApp', { slug: 'billing' })
    expect(app.opened).toHaveLength(1)
  }, 90_000)

  it('offline or answering garbage: the state says so, Codes keep working, and a refresh repairs it', async () => {
    const { faults, fetch } = faultyFetch()
    const { app, user } = await signedIn({ fetch })
    const credential = await setUpDesktopOtp(app)

    faults.offline = true
    const offline = await app.call('magRefresh')
    expect(offline.connection).toMatchObject({ status: 'offline' })
    expect(offline.connection.problem).toMatch(/cannot be reached.*codes keep working/)
    expect(offline).toMatchObject({ session: 'active', account: { email: user.email } })
    expect(offline.credentials).toHaveLength(1)
    const { codes } = await app.call('getCodes', { ids: [credential.entryId] })
    expect(codes[0]?.code).toMatch(/^\d{6}$/)
    expect((await app.fail('magLaunchApp', { slug: 'crm' })).code).toBe('mag-offline')

    faults.offline = false
    faults.garbage = true
    const garbage = await app.call('magRefresh')
    expect(garbage.connection.status).toBe('bad-response')
    expect(garbage.connection.problem).toContain('did not answer like a MAG service')

    faults.garbage = false
    const back = await app.call('magRefresh')
    expect(back.connection).toMatchObject({ status: 'online', problem: null })
    expect(back.account?.email).toBe(user.email)
    await app.call('magLaunchApp', { slug: 'crm' })
    expect(app.opened).toHaveLength(1)
  })

  it('a session revoked on the service becomes expired; signing in again continues', async () => {
    const { app, user } = await signedIn()
    const before = (await app.call('magGetState')).revision
    await service.ctx.db
      .updateTable('sessions')
      .set({ revoked_at: new Date().toISOString(), revoked_reason: 'test' })
      .where('user_id', '=', user.id)
      .execute()
    const state = await app.call('magRefresh')
    expect(state).toMatchObject({ session: 'expired', account: null, apps: [] })
    expect(state.revision).toBeGreaterThan(before)
    const launch = await app.fail('magLaunchApp', { slug: 'crm' })
    expect(launch.code).toBe('mag-session-expired')
    expect(launch.message).toContain('Sign in again')
    const again = await app.call('magSignIn', { identifier: user.email, password: user.password })
    expect(again.session).toBe('active')
  })

  it('a keychain that cannot keep the session token: the user is told, no session is kept, nothing is written to files', async () => {
    const keychain = breakableKeychain()
    const user = await newMagUser(service)
    const app = await startMagApp(service, { keychain: keychain.wrap })
    apps.push(app)
    keychain.switchable.broken = true
    keychain.switchable.accounts = ['mag-refresh-token']
    const error = await app.fail('magSignIn', { identifier: user.email, password: user.password })
    expect(error.code).toBe('keychain-unavailable')
    expect(error.message).toContain('MAG session could not be saved')
    expect((await app.call('magGetState')).session).toBe('signed-out')
    expect(await readdir(app.dir)).toEqual(['vault.json'])
    // The service's session was ended as well.
    const open = await service.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute()
    expect(open).toEqual([])
  })

  it('a keychain that fails before a seed is stored: told, the key is not spent, nothing outside the vault', async () => {
    const keychain = breakableKeychain()
    const user = await newMagUser(service)
    const app = await startMagApp(service, { keychain: keychain.wrap })
    apps.push(app)
    await app.call('magSignIn', { identifier: user.email, password: user.password })
    const order = await buyProduct(app, 'desktop-otp')
    const licenseKey = order.licenseKeys[0]?.licenseKey

    keychain.switchable.broken = true
    keychain.switchable.accounts = ['vault-key']
    expect((await app.call('retryVault')).state).toBe('unavailable')
    const error = await app.fail('magActivate', { licenseKey })
    expect(error.code).toBe('keychain-unavailable')
    expect(error.message).toContain('nothing was stored')
    const keys = (await app.call('magListLicenseKeys')).licenseKeys
    expect(keys).toEqual([expect.objectContaining({ redeemed: false, credentialId: null })])
    expect(await readdir(app.dir)).toEqual(['vault.json'])
    expect(await readFile(`${app.dir}/vault.json`, 'utf8')).not.toMatch(/otpauth|MAG-/)

    keychain.switchable.broken = false
    expect((await app.call('retryVault')).state).toBe('ready')
    expect((await app.call('magActivate', { licenseKey })).status).toBe('active')
  })
})
