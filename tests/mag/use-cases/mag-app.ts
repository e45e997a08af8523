import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { createKeytarKeychain, createNodeDataFile, type KeychainAdapter } from '@mag/vault'
import { createAppServices, type AppServices } from '../../../src/main/app-services'
import type { ChannelName, ChannelResult } from '../../../src/shared/channels'
import type { AppErrorShape } from '../../../src/shared/errors'
import type { MagServiceSettings } from '../../../src/main/mag/mag-service'
import { grantApp } from '../../../packages/server/src/admin/service'
import type { ReferenceService, TestUser } from '../reference-service'
import { TEST_CARD } from '../test-cards'
import { requireTestKeyring } from './test-vault'

/**
 * The app's main-process services as the Electron app builds them (createAppServices), with
 * MAG pointed at a real reference service, the vault key and the refresh token in the
 * throwaway test keyring under items of this test's own, and a recording browser. Every
 * call goes through the IPC dispatcher, exactly as the window's would.
 */
export type MagApp = {
  services: AppServices
  /** URLs handed to the browser, in order (only ever through the safe shell). */
  opened: string[]
  /** Lines the services reported (refused launch URLs, ...). */
  reports: string[]
  /** Every result the dispatcher answered, as the window would receive it (JSON). */
  wire: string[]
  call<C extends ChannelName>(channel: C, args?: unknown): Promise<ChannelResult<C>>
  fail(channel: ChannelName, args?: unknown): Promise<AppErrorShape>
  /** Fresh services over the same data file and keychain items: an app restart. */
  restart(): MagApp
  keychainService: string
  /** This app's data directory (the vault file; nothing else may appear in it). */
  dir: string
  dispose(): Promise<void>
}

export type MagAppOptions = {
  fetch?: typeof globalThis.fetch
  now?: () => number
  /** Wraps the real keychain (a fault a real keyring cannot be made to produce on cue). */
  keychain?: (real: KeychainAdapter) => KeychainAdapter
  settings?: MagServiceSettings
}

/** Settings in memory; the app's settings file is tested with its store. */
export function memorySettings(initial: string | null): MagServiceSettings & {
  value: string | null
} {
  const settings = {
    value: initial,
    serviceUrl: () => settings.value,
    setServiceUrl: async (url: string | null) => {
      settings.value = url
      return url
    },
  }
  return settings
}

export async function startMagApp(
  service: ReferenceService,
  options: MagAppOptions = {},
): Promise<MagApp> {
  requireTestKeyring()
  const dir = await mkdtemp(join(tmpdir(), 'mag-app-'))
  const keychainService = `MAG Authenticator mag-test ${randomUUID()}`
  const real = createKeytarKeychain()
  const keychain = options.keychain ? options.keychain(real) : real
  const settings = options.settings ?? memorySettings(service.url)
  const opened: string[] = []
  const reports: string[] = []
  const wire: string[] = []

  const build = (): MagApp => {
    const services = createAppServices({
      keychain,
      dataFile: createNodeDataFile(join(dir, 'vault.json')),
      clipboard: { writeText: () => undefined, readText: () => '' },
      vaultKeyItem: { keychainService },
      ...(options.now ? { now: options.now } : {}),
      logger: { error: (message) => reports.push(message) },
      mag: {
        settings,
        refreshTokenItem: { service: keychainService, account: 'mag-refresh-token' },
        shell: { openExternal: async (url) => void opened.push(url) },
        report: (message) => reports.push(message),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      },
    })
    const dispatch = async (channel: ChannelName, args: unknown) => {
      const envelope = await services.dispatch(channel, args)
      wire.push(JSON.stringify(envelope))
      return envelope
    }
    return {
      services,
      opened,
      reports,
      wire,
      keychainService,
      dir,
      call: async (channel, args) => {
        const envelope = await dispatch(channel, args)
        if (!envelope.ok) {
          throw new Error(`${channel} failed: ${envelope.error.code}: ${envelope.error.message}`)
        }
        return envelope.value as never
      },
      fail: async (channel, args) => {
        const envelope = await dispatch(channel, args)
        expect(envelope.ok, `${channel} should have failed`).toBe(false)
        if (envelope.ok) throw new Error('unreachable')
        return envelope.error
      },
      restart: build,
      dispose,
    }
  }
  const dispose = async () => {
    for (const account of ['vault-key', 'mag-refresh-token']) {
      await real.deletePassword(keychainService, account).catch(() => false)
    }
    await rm(dir, { recursive: true, force: true })
  }
  const app = build()
  await app.services.vault.open()
  await app.services.mag.start()
  return app
}

/** A new user of the service with the demo's partner apps granted (crm: password; billing: OTP). */
export async function newMagUser(service: ReferenceService): Promise<TestUser> {
  const user = await service.createUser()
  for (const app of ['crm', 'billing']) await grantApp(service.ctx, { user: user.id, app })
  return user
}

export { DECLINED_CARD, TEST_CARD } from '../test-cards'

/** Get 2FA as the window does it: the product into the cart, paid by the test card. */
export async function buyProduct(
  app: MagApp,
  productId: string,
  credentialId?: string,
): Promise<ChannelResult<'magCheckout'>> {
  await app.call('magAddToCart', { productId, ...(credentialId ? { credentialId } : {}) })
  return app.call('magCheckout', { payment: { method: 'card', card: TEST_CARD } })
}

/** Buys a Desktop OTP and activates its key: the credential, held in the vault. */
export async function setUpDesktopOtp(app: MagApp): Promise<ChannelResult<'magActivate'>> {
  const order = await buyProduct(app, 'desktop-otp')
  const key = order.licenseKeys[0]?.licenseKey
  if (key === undefined) throw new Error('the order issued no license key')
  return app.call('magActivate', { licenseKey: key })
}
