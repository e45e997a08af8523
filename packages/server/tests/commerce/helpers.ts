/**
 * Commerce test support on top of ../helpers: a server whose calendar the test can move
 * (real time stays real, so OTP codes computed here keep working), and the purchase steps
 * a client performs, each over real HTTP.
 */
import { expect } from 'vitest'
import type { Clock } from '../../src/clock'
import { startServer, type RunningServer } from '../../src/server'
import { TestModeGateway, type PaymentGateway } from '../../src/commerce/payment-gateway'
import type { ServerContext } from '../../src/context'
import {
  createTestDatabase,
  seedUser,
  testConfig,
  totpNow,
  type ApiResponse,
  type DatabaseTargetName,
  type RequestOptions,
  type SeededUser,
  type TestDatabase,
} from '../helpers'

const dayMs = 86_400_000

/** The only fake here: a calendar the test moves. Real time is never faked. */
export class MovableCalendar implements Clock {
  private offsetMs = 0
  calendarNow(): Date {
    return new Date(Date.now() + this.offsetMs)
  }
  realNow(): Date {
    return new Date()
  }
  bothNow(): { real: Date; calendar: Date } {
    const real = Date.now()
    return { real: new Date(real), calendar: new Date(real + this.offsetMs) }
  }
  moveDays(days: number): void {
    this.offsetMs += days * dayMs
  }
  /** Sets the calendar so that it reads `target` now. */
  setTo(target: Date): void {
    this.offsetMs = target.getTime() - Date.now()
  }
}

export interface CommerceTestServer {
  url: string
  ctx: ServerContext
  calendar: MovableCalendar
  gateway: TestModeGateway
  database: TestDatabase
  request<T = Json>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>
  /** A second service instance on the same database (PostgreSQL only). */
  startSecondInstance(): Promise<RunningServer>
  close(): Promise<void>
}

// Response bodies are read loosely by tests; schemas are checked by the server itself.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any

async function call<T>(
  baseUrl: string,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers }
  const body = options.body === undefined ? undefined : JSON.stringify(options.body)
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  const response = await fetch(baseUrl + path, { method, headers, body })
  const text = await response.text()
  const parsed: unknown =
    (response.headers.get('content-type') ?? '').includes('application/json') && text !== ''
      ? JSON.parse(text)
      : text
  return { status: response.status, body: parsed as T, headers: response.headers }
}

export async function startCommerceServer(
  target: DatabaseTargetName,
  options: {
    graceDays?: number
    processingLeaseMs?: number
    /** Wraps the test-mode gateway, to inject faults that cannot be produced for real. */
    wrapGateway?: (gateway: TestModeGateway) => PaymentGateway
  } = {},
): Promise<CommerceTestServer> {
  const database = await createTestDatabase(target)
  const config = testConfig(database, { renewalGraceDays: options.graceDays ?? 0 })
  const calendar = new MovableCalendar()
  const gateway = new TestModeGateway()
  const commerce = {
    gateway: options.wrapGateway ? options.wrapGateway(gateway) : gateway,
    ...(options.processingLeaseMs !== undefined
      ? { processingLeaseMs: options.processingLeaseMs }
      : {}),
  }
  let server: RunningServer
  try {
    server = await startServer(config, { clock: calendar, commerce })
  } catch (error) {
    await database.drop()
    throw error
  }
  const extra: RunningServer[] = []
  return {
    url: server.url,
    ctx: server.ctx,
    calendar,
    gateway,
    database,
    request: (method, path, requestOptions) => call(server.url, method, path, requestOptions),
    startSecondInstance: async () => {
      if (target !== 'postgres') throw new Error('a second instance needs PostgreSQL')
      // Same database and the same secret key file in the same data dir; its own memory.
      const second = await startServer(config, { clock: calendar, commerce })
      extra.push(second)
      return second
    },
    close: async () => {
      for (const s of extra) await s.close()
      await server.close()
      await database.drop()
    },
  }
}

export const goodCard = { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2034, cvc: '123' }
export const declinedCard = { ...goodCard, number: '4000000000000002' }

let keyCounter = 0
export function newIdempotencyKey(): string {
  keyCounter += 1
  return `test-key-${Date.now()}-${keyCounter}-${Math.random().toString(36).slice(2)}`
}

export interface Shopper {
  user: SeededUser
  token: string
}

export async function newShopper(server: CommerceTestServer, label: string): Promise<Shopper> {
  const user = await seedUser(server.ctx, `${label}${Math.random().toString(36).slice(2, 8)}`)
  const session = await server.request('POST', '/api/v1/auth/sign-in', {
    body: { identifier: user.email, password: user.password },
  })
  expect(session.status, JSON.stringify(session.body)).toBe(200)
  return { user, token: session.body.accessToken as string }
}

export async function cartWith(
  server: CommerceTestServer,
  shopper: Shopper,
  productId: string,
  credentialId?: string,
): Promise<string> {
  const cart = await server.request('POST', '/api/v1/carts', { token: shopper.token })
  expect(cart.status).toBe(201)
  const added = await server.request('POST', `/api/v1/carts/${cart.body.id}/items`, {
    token: shopper.token,
    body: credentialId === undefined ? { productId } : { productId, credentialId },
  })
  expect(added.status, JSON.stringify(added.body)).toBe(200)
  return cart.body.id as string
}

export function checkoutCart(
  server: CommerceTestServer,
  shopper: Shopper,
  cartId: string,
  payment: { method: 'card'; card: typeof goodCard } | { method: 'invoice' } = {
    method: 'card',
    card: goodCard,
  },
  idempotencyKey: string = newIdempotencyKey(),
): Promise<ApiResponse<Json>> {
  return server.request('POST', `/api/v1/carts/${cartId}/checkout`, {
    token: shopper.token,
    body: payment,
    headers: { 'idempotency-key': idempotencyKey },
  })
}

/** Buys one product by card and answers the paid order. */
export async function buy(
  server: CommerceTestServer,
  shopper: Shopper,
  productId: string,
  credentialId?: string,
): Promise<Json> {
  const cartId = await cartWith(server, shopper, productId, credentialId)
  const order = await checkoutCart(server, shopper, cartId)
  expect(order.status, JSON.stringify(order.body)).toBe(200)
  expect(order.body.status).toBe('paid')
  return order.body
}

export function secretOf(otpauthUri: string): string {
  const secret = new URL(otpauthUri).searchParams.get('secret')
  if (secret === null) throw new Error('otpauth link without secret')
  return secret
}

/** Buys, activates and confirms a Desktop OTP credential the way the app does. */
export async function buyAndActivateDesktopOtp(
  server: CommerceTestServer,
  shopper: Shopper,
): Promise<{ credentialId: string; secret: string; order: Json }> {
  const order = await buy(server, shopper, 'desktop-otp')
  const activation = await server.request('POST', '/api/v1/activations', {
    token: shopper.token,
    body: { licenseKey: order.licenseKeys[0].licenseKey },
  })
  expect(activation.status, JSON.stringify(activation.body)).toBe(201)
  const secret = secretOf(activation.body.otpauthUri)
  const credentialId = activation.body.credential.id as string
  const confirmed = await server.request('POST', `/api/v1/credentials/${credentialId}/confirm`, {
    token: shopper.token,
    body: { code: totpNow(secret, -1) },
  })
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200)
  expect(confirmed.body.status).toBe('active')
  return { credentialId, secret, order }
}

export async function credentialOf(
  server: CommerceTestServer,
  shopper: Shopper,
  credentialId: string,
): Promise<Json> {
  const response = await server.request('GET', `/api/v1/credentials/${credentialId}`, {
    token: shopper.token,
  })
  expect(response.status).toBe(200)
  return response.body
}
