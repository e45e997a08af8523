/**
 * The real MAG reference service (packages/server) for the app's tests: in this process, on
 * 127.0.0.1 with a free port, over a fresh SQLite database in a temporary directory that
 * stop() removes. Shared by the MAG client/session tests, the MAG use-case tests and the e2e
 * journey.
 *
 *   const service = await startReferenceService()          // demo data: demoUser, 3 apps
 *   new MagClient({ baseUrl: service.url })
 *   await service.setCalendarOffsetDays(350)               // the service's calendar moves
 *   await service.stop()
 *
 * The calendar moves in place (no restart): the service's Clock reads the offset on every
 * call, and its config (which health reports) is updated with it, so the URL, the database
 * and every session stay as they are, as the DESIGN says: purchases, expiry and eligibility
 * follow the calendar, OTP verification and tokens keep real time.
 */
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Clock } from '../../packages/server/src/clock'
import type { CommerceOptions } from '../../packages/server/src/commerce/routes'
import { loadConfig, type ServerConfig } from '../../packages/server/src/config'
import type { ServerContext } from '../../packages/server/src/context'
import { startServer, type RunningServer } from '../../packages/server/src/server'
import { createOrganization, createUser } from '../../packages/server/src/admin/service'
import { DEMO_APPS, DEMO_USER, seedDemo } from '../../packages/server/src/demo/seed'

/** The demo user `--demo` seeds (documented in the service's README). */
export const demoUser = {
  email: DEMO_USER.email,
  username: DEMO_USER.username,
  password: DEMO_USER.password,
} as const

/** The demo's partner applications: crm needs a password, billing and ops an OTP. */
export const demoApps = DEMO_APPS

export interface ReferenceServiceOptions {
  /** Seed the demo organization, user and apps (default true). */
  demo?: boolean
  /** Initial calendar offset in days (default 0). */
  offsetDays?: number
  /** Service settings to override (rate limits, token lifetimes, ...). */
  config?: Partial<ServerConfig>
  /** The payment gateway and checkout lease (for payment faults a real gateway would give). */
  commerce?: CommerceOptions
}

export interface TestUser {
  id: string
  email: string
  username: string
  password: string
}

export interface ReferenceService {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string
  readonly dataDir: string
  /** The service's context, for tests that must look into or seed the database directly. */
  readonly ctx: ServerContext
  /** The current calendar offset in days. */
  calendarOffsetDays(): number
  /** Moves the service's calendar (days may be fractional, e.g. 11.5 months ≈ 350). */
  setCalendarOffsetDays(days: number): Promise<void>
  /**
   * Moves the service's REAL clock forward by `ms` (token and ticket lifetimes), for tests of
   * expiry that cannot wait 15 minutes. OTP verification runs on it too, so a test that shifts
   * it must not also check codes computed from this computer's clock. Default 0.
   */
  setRealTimeShiftMs(ms: number): void
  /** A new user in a new organization, through the service's admin service (real hashing). */
  createUser(label?: string): Promise<TestUser>
  stop(): Promise<void>
}

const DAY_MS = 86_400_000

export async function startReferenceService(
  options: ReferenceServiceOptions = {},
): Promise<ReferenceService> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mag-reference-service-'))
  let offsetDays = options.offsetDays ?? 0
  let realShiftMs = 0
  const realNow = () => Date.now() + realShiftMs
  const config: ServerConfig = {
    // The service's own defaults, as `npm run server` runs it; only port and data differ.
    ...loadConfig({ argv: [], env: {}, cwd: dataDir }),
    host: '127.0.0.1',
    port: 0,
    dataDir,
    databaseUrl: undefined,
    devTimeOffsetDays: offsetDays,
    ...options.config,
  }
  const clock: Clock = {
    calendarNow: () => new Date(realNow() + offsetDays * DAY_MS),
    realNow: () => new Date(realNow()),
    bothNow: () => {
      const real = realNow()
      return { real: new Date(real), calendar: new Date(real + offsetDays * DAY_MS) }
    },
  }
  let server: RunningServer
  try {
    server = await startServer(config, {
      clock,
      ...(options.commerce ? { commerce: options.commerce } : {}),
      ...(options.demo === false
        ? {}
        : { prepare: async (running) => void (await seedDemo(running.ctx, running.url)) }),
    })
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true })
    throw error
  }
  let stopped: Promise<void> | undefined
  return {
    url: server.url,
    dataDir,
    ctx: server.ctx,
    calendarOffsetDays: () => offsetDays,
    setCalendarOffsetDays: async (days) => {
      if (!Number.isFinite(days)) throw new RangeError('days must be a finite number')
      offsetDays = days
      config.devTimeOffsetDays = days
    },
    setRealTimeShiftMs: (ms) => {
      if (!Number.isFinite(ms)) throw new RangeError('ms must be a finite number')
      realShiftMs = ms
    },
    createUser: async (label = randomUUID().slice(0, 8)) => {
      const org = await createOrganization(server.ctx, { name: `Org ${label} ${randomUUID()}` })
      const password = `pw-${label}-secret-123`
      const user = await createUser(server.ctx, {
        organizationId: org.id,
        email: `${label}@example.test`,
        username: `user-${label}`,
        password,
        displayName: `User ${label}`,
      })
      return { id: user.id, email: user.email, username: user.username, password }
    },
    stop: () => {
      stopped ??= server.close().finally(() => rm(dataDir, { recursive: true, force: true }))
      return stopped
    },
  }
}
