/**
 * Starts the real service on 127.0.0.1:0 over a fresh test database and talks to it over
 * real HTTP. Also: sign-in, and seeding users, apps and credentials straight into the DB.
 */
import { randomUUID } from 'node:crypto'
import { createClock } from '../../src/clock'
import { loadConfig, type ServerConfig } from '../../src/config'
import { startServer, type RunningServer } from '../../src/server'
import type { CommerceOptions } from '../../src/commerce/routes'
import { createOrganization, createPartnerApp, createUser, grantApp } from '../../src/admin/service'
import type { CredentialStatus, CredentialType } from '../../src/db/schema'
import type { ServerContext } from '../../src/context'
import { addDays } from '../../src/clock'
import { createTestDatabase, type DatabaseTargetName, type TestDatabase } from './databases'
import { randomBase32Secret } from './totp'

export interface TestServerOptions {
  /** Calendar offset in days (MAG_DEV_TIME_OFFSET_DAYS). */
  offsetDays?: number
  config?: Partial<ServerConfig>
  commerce?: CommerceOptions
  /** Only for faking real time (tickets, token expiry); OTP tests use true real time. */
  now?: () => Date
}

export interface ApiResponse<T = unknown> {
  status: number
  body: T
  headers: Headers
}

export interface RequestOptions {
  body?: unknown
  token?: string
  headers?: Record<string, string>
  /** Send this raw string as the body instead of JSON.stringify(body). */
  rawBody?: string
}

export interface TestServer {
  url: string
  ctx: ServerContext
  database: TestDatabase
  server: RunningServer
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>
  close(): Promise<void>
}

export function testConfig(
  database: TestDatabase,
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  // The service's own defaults (an empty environment), so tests run what `npm run server`
  // runs; only the port, the database and what a test asks for differ.
  return {
    ...loadConfig({ argv: [], env: {}, cwd: database.dataDir }),
    port: 0,
    dataDir: database.dataDir,
    databaseUrl: database.databaseUrl,
    ...overrides,
  }
}

export async function startTestServer(
  target: DatabaseTargetName,
  options: TestServerOptions = {},
): Promise<TestServer> {
  const database = await createTestDatabase(target)
  const offsetDays = options.offsetDays ?? 0
  const config = testConfig(database, { devTimeOffsetDays: offsetDays, ...options.config })
  const clock = createClock({ offsetDays, ...(options.now ? { now: options.now } : {}) })
  let server: RunningServer
  try {
    server = await startServer(config, {
      clock,
      ...(options.commerce ? { commerce: options.commerce } : {}),
    })
  } catch (error) {
    await database.drop()
    throw error
  }
  return {
    url: server.url,
    ctx: server.ctx,
    database,
    server,
    request: (method, path, requestOptions = {}) =>
      requestJson(server.url, method, path, requestOptions),
    close: async () => {
      await server.close()
      await database.drop()
    },
  }
}

export interface SeededUser {
  id: string
  organizationId: string
  email: string
  username: string
  password: string
}

/** Creates an organization and a user through the admin service (real argon2 hashing). */
export async function seedUser(
  ctx: ServerContext,
  label = randomUUID().slice(0, 8),
): Promise<SeededUser> {
  const org = await createOrganization(ctx, { name: `Org ${label} ${randomUUID().slice(0, 4)}` })
  const password = `pw-${label}-secret-123`
  const user = await createUser(ctx, {
    organizationId: org.id,
    email: `${label}@example.test`,
    username: `user-${label}`,
    password,
    displayName: `User ${label}`,
  })
  return {
    id: user.id,
    organizationId: org.id,
    email: user.email,
    username: user.username,
    password,
  }
}

export async function seedApp(
  ctx: ServerContext,
  server: { url: string },
  slug: string,
  requiredStrength: 'password' | 'otp',
  grantTo?: string,
) {
  const app = await createPartnerApp(ctx, {
    slug,
    name: `App ${slug}`,
    origin: server.url,
    requiredStrength,
  })
  if (grantTo !== undefined) await grantApp(ctx, { user: grantTo, app: slug })
  return app
}

export interface SeededCredential {
  id: string
  secret: string
  type: CredentialType
}

/**
 * Inserts an already-bound credential directly (what checkout + activation would leave), so
 * auth and OTP tests do not depend on commerce. Dates are on the server's calendar clock.
 */
export async function seedCredential(
  ctx: ServerContext,
  userId: string,
  options: {
    type?: CredentialType
    status?: CredentialStatus
    purchasedAt?: Date
    expiresAt?: Date
    secret?: string
  } = {},
): Promise<SeededCredential> {
  const id = randomUUID()
  const secret = options.secret ?? randomBase32Secret()
  const purchasedAt = options.purchasedAt ?? ctx.clock.calendarNow()
  const expiresAt = options.expiresAt ?? addDays(purchasedAt, 365)
  const type = options.type ?? 'Desktop OTP'
  await ctx.db
    .insertInto('credentials')
    .values({
      id,
      user_id: userId,
      type,
      status: options.status ?? 'active',
      secret_encrypted: ctx.secrets.encrypt(secret),
      serial: null,
      order_id: null,
      purchased_at: purchasedAt.toISOString(),
      expires_at: expiresAt.toISOString(),
      activated_at: purchasedAt.toISOString(),
      last_accepted_step: null,
      consecutive_failures: 0,
      locked_at: null,
      created_at: purchasedAt.toISOString(),
    })
    .execute()
  return { id, secret, type }
}

export interface SignedIn {
  accessToken: string
  refreshToken: string
  strength: string
  userId: string
}

export async function signIn(
  server: Pick<TestServer, 'request'>,
  identifier: string,
  password: string,
  otp?: string,
): Promise<SignedIn> {
  const response = await server.request<SignedIn & { error?: unknown }>(
    'POST',
    '/api/v1/auth/sign-in',
    {
      body: otp === undefined ? { identifier, password } : { identifier, password, otp },
    },
  )
  if (response.status !== 200) {
    throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`)
  }
  return response.body
}

/**
 * A second instance on the same database and service key, with its own calendar offset:
 * what a load balancer would put beside the first. Shows that no state lives in memory.
 */
export async function startSiblingServer(
  first: TestServer,
  options: { offsetDays?: number; config?: Partial<ServerConfig> } = {},
): Promise<{
  url: string
  ctx: ServerContext
  close(): Promise<void>
  request: TestServer['request']
}> {
  const offsetDays = options.offsetDays ?? 0
  const config = testConfig(first.database, { devTimeOffsetDays: offsetDays, ...options.config })
  const server = await startServer(config, { clock: createClock({ offsetDays }) })
  return {
    url: server.url,
    ctx: server.ctx,
    close: () => server.close(),
    request: (method, path, requestOptions) =>
      requestJson(server.url, method, path, requestOptions ?? {}),
  }
}

export async function requestJson<T>(
  baseUrl: string,
  method: string,
  path: string,
  requestOptions: RequestOptions,
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...requestOptions.headers }
  let body: string | undefined
  if (requestOptions.rawBody !== undefined) body = requestOptions.rawBody
  else if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body)
  if (body !== undefined && headers['content-type'] === undefined) {
    headers['content-type'] = 'application/json'
  }
  if (requestOptions.token !== undefined) headers.authorization = `Bearer ${requestOptions.token}`
  const response = await fetch(baseUrl + path, { method, headers, body })
  const text = await response.text()
  const contentType = response.headers.get('content-type') ?? ''
  const parsed: unknown =
    contentType.includes('application/json') && text !== '' ? JSON.parse(text) : text
  return { status: response.status, body: parsed as T, headers: response.headers }
}
