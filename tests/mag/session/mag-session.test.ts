import { randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarKeychain, VaultError, type KeychainAdapter } from '@mag/vault'
import { MagCallError } from '../../../src/main/mag/client/mag-call-error'
import { MagClient } from '../../../src/main/mag/client/mag-client'
import { MagSession, type MagSessionStatus } from '../../../src/main/mag/session/mag-session'
import {
  createKeychainRefreshTokenStore,
  type RefreshTokenStore,
} from '../../../src/main/mag/session/refresh-token-store'
import { refusedPortUrl } from '../client/local-http'
import { startReferenceService, type ReferenceService, type TestUser } from '../reference-service'

if (process.env.MAG_TEST_KEYRING !== '1') {
  throw new Error(
    'These tests use a real keychain and refuse to touch yours. Run: ' +
      'node scripts/with-test-keyring.mjs npx vitest run tests/mag/session',
  )
}

const keychain = createKeytarKeychain()
const item = { service: `MAG Authenticator test ${randomUUID()}`, account: 'mag-refresh-token' }
const storedToken = () => keychain.getPassword(item.service, item.account)
let service: ReferenceService

beforeAll(async () => {
  service = await startReferenceService({ demo: false })
})
afterAll(async () => {
  await service.stop()
})
afterEach(async () => {
  service.setRealTimeShiftMs(0)
  await keychain.deletePassword(item.service, item.account)
})

/** A client that counts what it sends, per endpoint path, so a test can count refreshes. */
function countingClient(
  baseUrl = service.url,
  now: () => number = Date.now,
): { client: MagClient; sent: string[] } {
  const sent: string[] = []
  const client = new MagClient({
    baseUrl,
    now,
    sleep: async () => undefined,
    fetch: (input, init) => {
      sent.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`)
      return globalThis.fetch(input, init)
    },
  })
  return { client, sent }
}

const refreshes = (sent: string[]) => sent.filter((s) => s === 'POST /api/v1/auth/refresh').length

function newSession(
  options: { client?: MagClient; store?: RefreshTokenStore; now?: () => number } = {},
): { session: MagSession; changes: MagSessionStatus[] } {
  const session = new MagSession({
    client: options.client ?? new MagClient({ baseUrl: service.url }),
    refreshTokens: options.store ?? createKeychainRefreshTokenStore(keychain, item),
    ...(options.now ? { now: options.now } : {}),
  })
  const changes: MagSessionStatus[] = []
  session.onChange((status) => changes.push(status))
  return { session, changes }
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a failure'),
    (error: unknown) => error,
  )
}

async function signedIn(user: TestUser, options: Parameters<typeof newSession>[0] = {}) {
  const made = newSession(options)
  await made.session.signIn({ identifier: user.username, password: user.password })
  return made
}

describe('MagSession', () => {
  it('signs in: refresh token in the keychain, calls authenticated, status active', async () => {
    const user = await service.createUser()
    const { session, changes } = newSession()
    expect(session.status()).toBe('signed-out')
    const result = await session.signIn({ identifier: user.email, password: user.password })
    expect(result).toEqual({ userId: user.id, strength: 'password' })
    expect(session.status()).toBe('active')
    expect(changes).toEqual(['active'])
    expect(await storedToken()).toMatch(/.{20,}/)
    const profile = await session.call('getProfile', {})
    expect(profile.username).toBe(user.username)
  })

  it('a refused sign-in changes nothing', async () => {
    const user = await service.createUser()
    const { session, changes } = newSession()
    const error = await caught(session.signIn({ identifier: user.email, password: 'wrong-one' }))
    expect(error).toBeInstanceOf(MagCallError)
    expect((error as MagCallError).code).toBe('invalid-credentials')
    expect(session.status()).toBe('signed-out')
    expect(changes).toEqual([])
    expect(await storedToken()).toBeNull()
  })

  it('survives a restart: restore refreshes from the keychain and stores the rotated token', async () => {
    const user = await service.createUser()
    await signedIn(user)
    const beforeRestart = await storedToken()

    const { client, sent } = countingClient()
    const { session, changes } = newSession({ client })
    expect(await session.restore()).toBe('active')
    expect(changes).toEqual(['active'])
    expect(refreshes(sent)).toBe(1)
    const rotated = await storedToken()
    expect(rotated).not.toBeNull()
    expect(rotated).not.toBe(beforeRestart)
    expect((await session.call('getProfile', {})).id).toBe(user.id)
    expect(refreshes(sent)).toBe(1)
  })

  it('two restores at once make one refresh (never the same token twice)', async () => {
    const user = await service.createUser()
    await signedIn(user)
    const { client, sent } = countingClient()
    const { session } = newSession({ client })
    expect(await Promise.all([session.restore(), session.restore()])).toEqual(['active', 'active'])
    expect(refreshes(sent)).toBe(1)
    // The rotated token was stored: a third "restart" restores from it.
    expect(await newSession().session.restore()).toBe('active')
  })

  it('restore without a stored token is signed out, and calls say so', async () => {
    const { session } = newSession()
    expect(await session.restore()).toBe('signed-out')
    const error = await caught(session.call('listApps', {}))
    expect((error as MagCallError).code).toBe('mag-signed-out')
  })

  it('restore while the service is unreachable keeps the token, active on trust, and throws offline', async () => {
    const user = await service.createUser()
    await signedIn(user)
    const kept = await storedToken()
    const offline = new MagClient({ baseUrl: await refusedPortUrl(), sleep: async () => undefined })
    const { session } = newSession({ client: offline })
    const error = await caught(session.restore())
    expect((error as MagCallError).code).toBe('mag-offline')
    expect(session.status()).toBe('active')
    expect(await storedToken()).toBe(kept)
    const callError = await caught(session.call('listApps', {}))
    expect((callError as MagCallError).code).toBe('mag-offline')
    expect(await storedToken()).toBe(kept)
  })

  it('two concurrent calls with an expiring access token share ONE refresh', async () => {
    const user = await service.createUser()
    let shift = 0
    const now = () => Date.now() + shift
    const { client, sent } = countingClient(service.url, now)
    const { session } = await signedIn(user, { client, now })
    const first = await storedToken()
    shift = 16 * 60_000 // our clock passes the access token's 15 minutes
    const [profile, apps] = await Promise.all([
      session.call('getProfile', {}),
      session.call('listApps', {}),
    ])
    expect(profile.id).toBe(user.id)
    expect(apps.apps).toEqual([])
    expect(refreshes(sent)).toBe(1)
    expect(await storedToken()).not.toBe(first)
    expect(session.status()).toBe('active')
  })

  it('two concurrent calls answered 401 by the service share ONE refresh and are repeated', async () => {
    const user = await service.createUser()
    const { client, sent } = countingClient()
    const { session } = await signedIn(user, { client })
    service.setRealTimeShiftMs(16 * 60_000) // the service's clock passes the 15 minutes
    const [profile, apps] = await Promise.all([
      session.call('getProfile', {}),
      session.call('listApps', {}),
    ])
    expect(profile.id).toBe(user.id)
    expect(apps.apps).toEqual([])
    expect(refreshes(sent)).toBe(1)
    expect(sent.filter((s) => s === 'GET /api/v1/me')).toHaveLength(2)
  })

  it('a revoked session (its refresh token reused elsewhere) ends as expired', async () => {
    const user = await service.createUser()
    const { session, changes } = await signedIn(user)
    const stolen = await storedToken()
    if (stolen === null) throw new Error('no token stored')
    // Someone presents the same refresh token: the service rotates it for them...
    const thief = new MagClient({ baseUrl: service.url })
    await thief.call('refreshTokens', { body: { refreshToken: stolen } })
    // ...so the app's next refresh presents a used token: the service revokes the session.
    service.setRealTimeShiftMs(16 * 60_000)
    const error = await caught(session.call('getProfile', {}))
    expect(error).toBeInstanceOf(MagCallError)
    expect((error as MagCallError).code).toBe('mag-session-expired')
    expect((error as MagCallError).message).not.toContain(stolen)
    expect(session.status()).toBe('expired')
    expect(changes).toEqual(['active', 'expired'])
    expect(await storedToken()).toBeNull()
    const again = await caught(session.call('listApps', {}))
    expect((again as MagCallError).code).toBe('mag-session-expired')
    // The thief's rotated tokens died with the session.
    const thiefError = await caught(thief.call('refreshTokens', { body: { refreshToken: stolen } }))
    expect((thiefError as MagCallError).code).toMatch(/^refresh-token-(invalid|reused)$/)
  })

  it('restore with a refused token is expired and clears it', async () => {
    const user = await service.createUser()
    const { session: first } = await signedIn(user)
    const token = await storedToken()
    await first.signOut()
    await keychain.setPassword(item.service, item.account, token ?? 'x')
    const { session } = newSession()
    expect(await session.restore()).toBe('expired')
    expect(await storedToken()).toBeNull()
  })

  it('sign-out ends the session on the service: the old refresh token is refused', async () => {
    const user = await service.createUser()
    const { session, changes } = await signedIn(user)
    const token = await storedToken()
    if (token === null) throw new Error('no token stored')
    await session.signOut()
    expect(session.status()).toBe('signed-out')
    expect(changes).toEqual(['active', 'signed-out'])
    expect(await storedToken()).toBeNull()
    const error = await caught(
      new MagClient({ baseUrl: service.url }).call('refreshTokens', {
        body: { refreshToken: token },
      }),
    )
    expect((error as MagCallError).code).toMatch(/^refresh-token-(invalid|reused)$/)
    const revoked = await service.ctx.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .execute()
    expect(revoked.map((row) => row.revoked_at !== null)).toEqual([true])
  })

  it('sign-out while offline still forgets the session here', async () => {
    const user = await service.createUser()
    await signedIn(user)
    const offline = new MagClient({ baseUrl: await refusedPortUrl(), sleep: async () => undefined })
    const { session } = newSession({ client: offline })
    await caught(session.restore())
    await session.signOut()
    expect(session.status()).toBe('signed-out')
    expect(await storedToken()).toBeNull()
  })

  it('a keychain that refuses the token: the error is thrown and no half session is kept', async () => {
    const user = await service.createUser()
    const locked: KeychainAdapter = {
      ...keychain,
      setPassword: async () => {
        throw new Error('Cannot create an item in a locked collection')
      },
    }
    const { session, changes } = newSession({
      store: createKeychainRefreshTokenStore(locked, item),
    })
    const error = await caught(session.signIn({ identifier: user.email, password: user.password }))
    expect(error).toBeInstanceOf(VaultError)
    expect((error as VaultError).code).toBe('keychain-locked')
    expect((error as VaultError).message).toContain('MAG session could not be saved')
    expect(session.status()).toBe('signed-out')
    expect(changes).toEqual([])
    const sessions = await service.ctx.db
      .selectFrom('sessions')
      .select('revoked_at')
      .where('user_id', '=', user.id)
      .execute()
    // The service session that was opened is ended again.
    expect(sessions.map((row) => row.revoked_at !== null)).toEqual([true])
  })
})
