import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createAppServices } from '../../../src/main/app-services'
import { magSettingsFrom } from '../../../src/main/mag/mag-settings'
import { createFileAppSettingsStore } from '../../../src/main/settings/app-settings-store'
import type { MagState } from '../../../src/shared/mag-channels'
import { startReferenceService, type ReferenceService } from '../reference-service'
import { memorySettings, newMagUser, startMagApp, type MagApp } from './mag-app'
import { openTestVault } from './test-vault'

/**
 * The MAG state as the window and the tray get it: its revision and listeners, the service
 * address (Settings, the development service, none), and screens asked for by the tray.
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

async function track(app: MagApp): Promise<MagApp> {
  apps.push(app)
  return app
}

/** A loopback address nothing listens on. */
async function deadAddress(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return `http://127.0.0.1:${address.port}`
}

describe('the MAG state', () => {
  it('without MAG adapters says not-configured, and every action tells the user to set the address', async () => {
    const vault = await openTestVault()
    try {
      const services = createAppServices({
        keychain: createKeytarKeychain(),
        dataFile: createNodeDataFile(vault.dataPath),
        clipboard: { writeText: () => undefined, readText: () => '' },
        vaultKeyItem: { keychainService: vault.keychainService },
      })
      const state = await services.dispatch('magGetState', undefined)
      expect(state).toMatchObject({
        ok: true,
        value: {
          session: 'signed-out',
          connection: { serviceUrl: null, source: 'none', status: 'not-configured' },
        },
      })
      const signIn = await services.dispatch('magSignIn', { identifier: 'a', password: 'b' })
      expect(signIn).toEqual({
        ok: false,
        error: {
          code: 'mag-not-configured',
          message: 'No MAG service is configured. Enter its address in Settings.',
        },
      })
    } finally {
      await vault.remove()
    }
  })

  it('bumps its revision on every change and tells each listener the new state', async () => {
    const user = await newMagUser(service)
    const app = await track(await startMagApp(service))
    const seen: MagState[] = []
    const stop = app.services.mag.onStateChange((state) => seen.push(state))
    const before = app.services.mag.getState().revision

    await app.call('magSignIn', { identifier: user.email, password: user.password })
    await app.call('magSignOut')
    stop()
    await app.call('magSignIn', { identifier: user.email, password: user.password })

    expect(seen.length).toBeGreaterThanOrEqual(2)
    const revisions = seen.map((state) => state.revision)
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b))
    expect(revisions[0]).toBeGreaterThan(before)
    expect(seen.some((state) => state.session === 'active')).toBe(true)
    expect(seen.at(-1)).toMatchObject({ session: 'signed-out', account: null })
    // Unsubscribed: the last sign-in was not told.
    expect(app.services.mag.getState().revision).toBeGreaterThan(seen.at(-1)?.revision ?? 0)
  })

  it('hands a screen the tray asked for to the window once', async () => {
    const app = await track(await startMagApp(service))
    expect(await app.call('magTakeRequestedScreen')).toBeNull()
    app.services.mag.requestScreen({ screen: 'renew', credentialId: 'c' })
    expect(await app.call('magTakeRequestedScreen')).toEqual({
      screen: 'renew',
      credentialId: 'c',
    })
    expect(await app.call('magTakeRequestedScreen')).toBeNull()
  })

  it('Settings: a bad address is refused naming the problem; another address ends the old session; back, it works again', async () => {
    const user = await newMagUser(service)
    // The app's own settings file and address check.
    const store = await openTestVault()
    const settings = await magSettingsFrom(
      createFileAppSettingsStore({ path: join(store.dir, 'settings.json') }),
    )
    await settings.setServiceUrl(service.url)
    const app = await track(await startMagApp(service, { settings }))
    apps.push({ dispose: () => store.remove() } as MagApp)
    await app.call('magSignIn', { identifier: user.email, password: user.password })

    const bad = await app.fail('magSetServiceUrl', { url: 'http://mag.example' })
    expect(bad).toMatchObject({ code: 'invalid-argument', field: 'url' })
    expect(bad.message).toMatch(/https/)
    expect(settings.serviceUrl()).toBe(service.url)
    expect((await app.call('magGetState')).session).toBe('active')

    const elsewhere = await deadAddress()
    const moved = await app.call('magSetServiceUrl', { url: elsewhere })
    expect(moved).toMatchObject({
      session: 'signed-out',
      connection: { serviceUrl: elsewhere, source: 'settings', status: 'offline' },
    })
    expect(moved.connection.problem).toContain('cannot be reached')
    // The old service's session was ended there, not left open.
    const open = await service.ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute()
    expect(open).toEqual([])

    const back = await app.call('magSetServiceUrl', { url: service.url })
    expect(back.connection).toMatchObject({ serviceUrl: service.url, status: 'online' })
    expect(
      (await app.call('magSignIn', { identifier: user.email, password: user.password })).session,
    ).toBe('active')
  })

  it('a development service: starting, then used; or the reason it did not start', async () => {
    const vault = await openTestVault()
    try {
      const make = () =>
        createAppServices({
          keychain: createKeytarKeychain(),
          dataFile: createNodeDataFile(vault.dataPath),
          clipboard: { writeText: () => undefined, readText: () => '' },
          vaultKeyItem: { keychainService: vault.keychainService },
          mag: {
            settings: memorySettings(null),
            developmentService: true,
            refreshTokenItem: { service: vault.keychainService, account: 'mag-refresh-token' },
            shell: { openExternal: async () => undefined },
          },
        })
      const starting = make().mag
      expect(starting.getState().connection).toMatchObject({
        serviceUrl: null,
        source: 'development-service',
        status: 'unknown',
      })
      const ready = await starting.useDevelopmentService({ url: service.url })
      expect(ready.connection).toMatchObject({
        serviceUrl: service.url,
        source: 'development-service',
        status: 'online',
      })

      const failed = await make().mag.useDevelopmentService({ problem: 'node was not found' })
      expect(failed.connection).toMatchObject({ serviceUrl: null, status: 'not-configured' })
      expect(failed.connection.problem).toBe(
        'The development MAG service did not start: node was not found',
      )
    } finally {
      await vault.remove()
    }
  })
})
