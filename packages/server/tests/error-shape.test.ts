/**
 * Every error the service answers, the framework's own included, has the documented shape
 * `{ error: { code, message } }` with a code from the contract's closed enum, the status the
 * contract's table gives that code, and never echoes the request (path, query or body).
 */
import { connect } from 'node:net'
import { errorBodySchema, httpStatusOf, type MagErrorCode } from '@mag/mag-contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type ApiResponse, type TestServer } from './helpers'

/** A marker that must never come back in an error body. */
const marker = 'ECHOMARKER'

function expectContractError(response: ApiResponse, code: MagErrorCode): void {
  expect(response.status).toBe(httpStatusOf(code))
  const parsed = errorBodySchema.safeParse(response.body)
  expect(parsed.success, JSON.stringify(response.body)).toBe(true)
  expect(parsed.data?.error.code).toBe(code)
  expect(Object.keys(response.body as object)).toEqual(['error'])
  expect(JSON.stringify(response.body)).not.toContain(marker)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
}

/** Sends raw bytes (what fetch refuses to send) and reads the whole answer. */
function rawRequest(url: string, bytes: string): Promise<{ status: number; body: unknown }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes))
    let text = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => (text += chunk))
    socket.on('error', reject)
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n')
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1])
      try {
        resolve({ status, body: JSON.parse(body) })
      } catch {
        reject(new Error(`not JSON: ${text}`))
      }
    })
  })
}

describe('error shape: framework failures answer in the contract shape', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer('sqlite')
  })
  afterAll(async () => {
    await server?.close()
  })

  it('over-long path parameter: 414 parameter-too-long, path not echoed', async () => {
    const slug = marker + 'x'.repeat(101 - marker.length)
    const response = await server.request('POST', `/api/v1/apps/${slug}/launch`, {
      token: 'whatever',
    })
    expectContractError(response, 'parameter-too-long')
  })

  it('unknown route: 404 not-found, path not echoed', async () => {
    const response = await server.request('GET', `/api/v1/${marker}?q=${marker}`)
    expectContractError(response, 'not-found')
  })

  it('bad percent-encoding in a parameter: 400 invalid-url, path not echoed', async () => {
    const response = await server.request('POST', `/api/v1/apps/${marker}%E0%A4%A/launch`)
    expectContractError(response, 'invalid-url')
  })

  it('body over the limit: 413 payload-too-large', async () => {
    const response = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: marker.repeat(10_000), password: 'y' },
    })
    expectContractError(response, 'payload-too-large')
  })

  it('not JSON: 415 unsupported-media-type', async () => {
    const response = await server.request('POST', '/api/v1/auth/sign-in', {
      rawBody: `identifier=${marker}`,
      headers: { 'content-type': 'text/plain' },
    })
    expectContractError(response, 'unsupported-media-type')
    const form = await server.request('POST', '/api/v1/auth/sign-in', {
      rawBody: `identifier=${marker}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expectContractError(form, 'unsupported-media-type')
  })

  it('malformed and empty JSON: 400 invalid-json, body not echoed', async () => {
    const malformed = await server.request('POST', '/api/v1/auth/sign-in', {
      rawBody: `{"identifier": ${marker}`,
    })
    expectContractError(malformed, 'invalid-json')
    const empty = await server.request('POST', '/api/v1/auth/sign-in', {
      rawBody: '',
      headers: { 'content-type': 'application/json' },
    })
    expectContractError(empty, 'invalid-json')
  })

  it('invalid field: 400 validation-failed naming the field, not its value', async () => {
    const response = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: 'a', password: 'b', otp: marker },
    })
    expectContractError(response, 'validation-failed')
    expect((response.body as { error: { message: string } }).error.message).toBe(
      'body.otp: must be 6 digits',
    )
  })

  it('missing or bad token: 401 unauthenticated', async () => {
    expectContractError(await server.request('GET', '/api/v1/me'), 'unauthenticated')
    expectContractError(
      await server.request('GET', '/api/v1/me', { token: marker }),
      'unauthenticated',
    )
  })

  it('headers too large: 431 header-too-large, from the socket-level handler', async () => {
    const answer = await rawRequest(
      server.url,
      `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${marker}${'y'.repeat(20_000)}\r\n\r\n`,
    )
    expect(answer.status).toBe(431)
    expect(errorBodySchema.parse(answer.body).error.code).toBe('header-too-large')
    expect(JSON.stringify(answer.body)).not.toContain(marker)
  })

  it('a request HTTP cannot parse: 400 bad-request, from the socket-level handler', async () => {
    const answer = await rawRequest(server.url, `GET /${marker} HTTP/9.9 nonsense\r\n\r\n`)
    expect(answer.status).toBe(400)
    expect(errorBodySchema.parse(answer.body).error.code).toBe('bad-request')
    expect(JSON.stringify(answer.body)).not.toContain(marker)
  })

  it('a domain error answers the status of its code in the contract table', async () => {
    const response = await server.request('POST', '/api/v1/auth/refresh', {
      body: { refreshToken: 'not-a-refresh-token' },
    })
    expectContractError(response, 'refresh-token-invalid')
  })
})
