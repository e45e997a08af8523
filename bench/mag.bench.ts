import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { stepOf, totp } from '@mag/otp'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createAppServices, type AppServices } from '../src/main/app-services'
import type { ChannelName } from '../src/shared/channels'
import { grantApp } from '../packages/server/src/admin/service'
import { defaultRateLimits } from '../packages/server/src/config'
import { startReferenceService, type ReferenceService } from '../tests/mag/reference-service'
import { TEST_CARD } from '../tests/mag/test-cards'
import {
  compared,
  median,
  note,
  printResults,
  requireTestKeyring,
  type BenchResult,
} from './lib/report'

/**
 * MAG launch benchmark (issue 7), run by `npm run bench` inside a private throwaway keyring,
 * against the real reference service on loopback (SQLite in a temporary directory):
 *
 * - mag_launch_otp_app_from_password_session_ms: the click on Launch for an application that
 *   requires OTP, in a session at password strength, until the ticket URL is handed to the
 *   browser: the magLaunchApp call through the IPC dispatcher, main finding the app, computing
 *   the OTP from the credential in the vault (real keychain key, decrypt, HMAC), Elevate,
 *   Launch, the registered-origin and safe-shell checks, the opener called. Baseline, in the
 *   same run and alternating with it: the service's own round trip for the same thing, a
 *   bare fetch of Elevate (code computed beforehand) then Launch. The ratio is what the app
 *   adds on top of the two requests any client must make.
 *
 * A step's code is accepted once per credential, so every sample uses a user of its own
 * whose credential has not been proven in the current 30 s step: rounds start 3 s into a
 * fresh step, each credential is used once per round, and no sample ever waits for a step.
 * Sign-in and sign-out around each sample are not timed.
 */

const PAIRS_PER_ROUND = 8
const ROUNDS = 3
const SLUG = 'billing'

type User = { id: string; email: string; username: string; password: string; credentialId: string }

async function main(): Promise<void> {
  requireTestKeyring('bench/mag.bench.ts')
  const limits = defaultRateLimits()
  const generous = { limit: 100_000, windowSeconds: 60 }
  const service = await startReferenceService({
    config: {
      rateLimits: {
        ...limits,
        signInPerAccount: generous,
        signInPerAddress: generous,
        otpPerAccount: generous,
        otpPerAddress: generous,
      },
    },
  })
  const dir = await mkdtemp(join(tmpdir(), 'mag-bench-'))
  const keychainService = `MAG Authenticator bench ${randomUUID()}`
  const keychain = createKeytarKeychain()
  let openedAt = 0
  const services = createAppServices({
    keychain,
    dataFile: createNodeDataFile(join(dir, 'vault.json')),
    clipboard: { writeText: () => undefined, readText: () => '' },
    vaultKeyItem: { keychainService },
    mag: {
      settings: { serviceUrl: () => service.url, setServiceUrl: async (url) => url },
      refreshTokenItem: { service: keychainService, account: 'mag-refresh-token' },
      shell: {
        openExternal: async () => {
          openedAt = performance.now()
        },
      },
    },
  })
  const call = async (channel: ChannelName, args?: unknown): Promise<unknown> => {
    const envelope = await services.dispatch(channel, args)
    if (!envelope.ok)
      throw new Error(`${channel}: ${envelope.error.code}: ${envelope.error.message}`)
    return envelope.value
  }

  try {
    await services.vault.open()
    await services.mag.start()
    const users = PAIRS_PER_ROUND * 2
    note(`mag: setting up ${users} users, each with a Desktop OTP credential held in the vault`)
    const app: User[] = []
    const bare: User[] = []
    for (let i = 0; i < users; i++) (i % 2 === 0 ? app : bare).push(await setUpUser(service, call))

    const appTimes: number[] = []
    const bareTimes: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      await untilFreshStep()
      for (let i = 0; i < PAIRS_PER_ROUND; i++) {
        appTimes.push(await timeAppLaunch(call, app[i] as User, () => openedAt))
        bareTimes.push(await timeBareLaunch(service, services, bare[i] as User))
      }
      note(`mag: round ${round + 1}/${ROUNDS} done`)
    }
    const results: BenchResult[] = [
      compared(
        'mag_launch_otp_app_from_password_session_ms',
        median(appTimes),
        'ms',
        median(bareTimes),
      ),
    ]
    note(
      `mag: app launch median ${median(appTimes).toFixed(1)} ms, bare elevate+launch ${median(bareTimes).toFixed(1)} ms (${appTimes.length} samples each)`,
    )
    printResults(results)
  } finally {
    for (const account of ['vault-key', 'mag-refresh-token']) {
      await keychain.deletePassword(keychainService, account).catch(() => false)
    }
    await rm(dir, { recursive: true, force: true })
    await service.stop()
  }
}

/** A user with the demo apps granted and a Desktop OTP bought, activated and held in the vault. */
async function setUpUser(
  service: ReferenceService,
  call: (channel: ChannelName, args?: unknown) => Promise<unknown>,
): Promise<User> {
  const user = await service.createUser()
  for (const slug of ['crm', SLUG]) await grantApp(service.ctx, { user: user.id, app: slug })
  // By username: the vault's MAG entries are labelled with emails, so no code is added.
  await call('magSignIn', { identifier: user.username, password: user.password })
  await call('magAddToCart', { productId: 'desktop-otp' })
  const order = (await call('magCheckout', { payment: { method: 'card', card: TEST_CARD } })) as {
    licenseKeys: { licenseKey: string }[]
  }
  const credential = (await call('magActivate', {
    licenseKey: order.licenseKeys[0]?.licenseKey,
  })) as { id: string }
  await call('magSignOut')
  return { ...user, credentialId: credential.id }
}

async function timeAppLaunch(
  call: (channel: ChannelName, args?: unknown) => Promise<unknown>,
  user: User,
  openedAt: () => number,
): Promise<number> {
  const state = (await call('magSignIn', {
    identifier: user.username,
    password: user.password,
  })) as { account: { strength: string } }
  if (state.account.strength !== 'password') throw new Error('expected a password-strength session')
  const start = performance.now()
  await call('magLaunchApp', { slug: SLUG })
  const elapsed = openedAt() - start
  await call('magSignOut')
  return elapsed
}

async function timeBareLaunch(
  service: ReferenceService,
  services: AppServices,
  user: User,
): Promise<number> {
  const signIn = (await post(service, '/api/v1/auth/sign-in', {
    identifier: user.username,
    password: user.password,
  })) as { accessToken: string }
  const auth = { authorization: `Bearer ${signIn.accessToken}` }
  const entry = services.vault.findByMagCredentialId(user.credentialId)
  if (!entry) throw new Error('the bench credential is not in the vault')
  const code = totp(services.vault.readSecret(entry.id), Date.now(), entry)
  const start = performance.now()
  await post(service, '/api/v1/auth/elevate', { code, credentialId: user.credentialId }, auth)
  const launched = (await post(service, `/api/v1/apps/${SLUG}/launch`, undefined, auth)) as {
    url: string
  }
  const elapsed = performance.now() - start
  if (!launched.url.includes('ticket=')) throw new Error('no ticket URL')
  await post(service, '/api/v1/auth/sign-out', undefined, auth)
  return elapsed
}

async function post(
  service: ReferenceService,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const response = await fetch(service.url + path, {
    method: 'POST',
    headers: {
      accept: 'application/json',
      ...headers,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const answer = (await response.json()) as unknown
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(answer)}`)
  return answer
}

/** Waits until 3 s into the next 30 s step: every credential's next proof is then current. */
async function untilFreshStep(): Promise<void> {
  const now = Date.now()
  const next = (stepOf(now, 30) + 1) * 30_000 + 3000
  await new Promise((resolve) => setTimeout(resolve, next - now))
}

await main()
