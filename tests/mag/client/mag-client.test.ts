import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MagCallError } from '../../../src/main/mag/client/mag-call-error'
import { MagClient, type MagClientOptions } from '../../../src/main/mag/client/mag-client'
import {
  demoApps,
  demoUser,
  startReferenceService,
  type ReferenceService,
} from '../reference-service'
import { refusedPortUrl, startLocalHttp, type LocalHttp } from './local-http'

let service: ReferenceService

beforeAll(async () => {
  service = await startReferenceService()
})
afterAll(async () => {
  await service.stop()
})

/** fetch that counts what it was asked to send, so a test can prove nothing was sent. */
function countingFetch(): { fetch: typeof globalThis.fetch; calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    fetch: (input, init) => {
      calls.push(`${init?.method ?? 'GET'} ${String(input)}`)
      return globalThis.fetch(input, init)
    },
  }
}

async function caught(promise: Promise<unknown>): Promise<MagCallError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (e: unknown) => e,
  )
  if (!(error instanceof MagCallError)) throw error
  return error
}

function clientFor(baseUrl: string, options: Partial<MagClientOptions> = {}): MagClient {
  return new MagClient({ baseUrl, sleep: async () => undefined, ...options })
}

describe('MagClient against the reference service', () => {
  it('signs in, reads the profile and the granted apps', async () => {
    const client = clientFor(`${service.url}/`)
    expect(client.baseUrl).toBe(service.url)
    const health = await client.call('health', {})
    expect(health.status).toBe('ok')

    const signedIn = await client.call('signIn', {
      body: { identifier: demoUser.username, password: demoUser.password },
    })
    expect(signedIn.strength).toBe('password')
    expect(signedIn.accessToken.length).toBeGreaterThan(10)

    const auth = { accessToken: signedIn.accessToken }
    const profile = await client.call('getProfile', {}, auth)
    expect(profile).toMatchObject({ email: demoUser.email, username: demoUser.username })
    expect(profile.id).toBe(signedIn.userId)

    const apps = await client.call('listApps', {}, auth)
    expect(apps.apps.map((app) => app.slug).sort()).toEqual(demoApps.map((a) => a.slug).sort())
  })

  it('answers a wrong password with the service code, without the password in the message', async () => {
    const client = clientFor(service.url)
    const error = await caught(
      client.call('signIn', { body: { identifier: demoUser.email, password: 'wrong-Pa55word!' } }),
    )
    expect(error.code).toBe('invalid-credentials')
    expect(error.status).toBe(401)
    expect(error.message).not.toContain('wrong-Pa55word!')
  })

  it('answers an unknown access token with unauthenticated, never echoing the token', async () => {
    const token = 'not-a-real-token-0123456789'
    const error = await caught(
      clientFor(service.url).call('getProfile', {}, { accessToken: token }),
    )
    expect(error.code).toBe('unauthenticated')
    expect(error.status).toBe(401)
    expect(error.message).not.toContain(token)
  })

  it('passes details of a service error through (launch needs more strength)', async () => {
    const client = clientFor(service.url)
    const { accessToken } = await client.call('signIn', {
      body: { identifier: demoUser.username, password: demoUser.password },
    })
    const error = await caught(
      client.call('launchApp', { params: { slug: 'billing' } }, { accessToken }),
    )
    expect(error.code).toBe('login-requirements-not-met')
    expect(error.status).toBe(403)
    expect(error.details).toMatchObject({ requiredStrength: 'otp' })
    const launched = await client.call('launchApp', { params: { slug: 'crm' } }, { accessToken })
    expect(new URL(launched.url).origin).toBe(service.url)
  })

  it('refuses an invalid request before sending anything, naming the field only', async () => {
    const counting = countingFetch()
    const client = clientFor(service.url, { fetch: counting.fetch })
    const longPassword = 'p'.repeat(1025)
    const tooLong = await caught(
      client.call('signIn', { body: { identifier: 'demo', password: longPassword } }),
    )
    expect(tooLong.code).toBe('validation-failed')
    expect(tooLong.status).toBeNull()
    expect(tooLong.message).toContain('password')
    expect(tooLong.message).not.toContain(longPassword)

    const empty = await caught(client.call('signIn', { body: { identifier: ' ', password: 'x' } }))
    expect(empty.message).toContain('identifier')

    const accessToken = 'never-sent-token'
    const noKey = await caught(
      client.call(
        'checkout',
        {
          params: { cartId: '6f1c2f9e-2f6e-4c53-9d2b-3b8f1f0a7c11' },
          // Runtime check of what the type forbids: a checkout without its Idempotency-Key.
          headers: {} as { 'idempotency-key': string },
          body: { method: 'invoice' },
        },
        { accessToken },
      ),
    )
    expect(noKey.code).toBe('validation-failed')
    // And the type says so first: checkout without its Idempotency-Key does not compile.
    const withoutKey = { params: { cartId: 'c' }, body: { method: 'invoice' as const } }
    // @ts-expect-error headers are required where the endpoint defines them
    const typeCheckOnly = () => client.call('checkout', withoutKey, { accessToken })
    void typeCheckOnly
    expect(noKey.message).toContain('headers')
    expect(counting.calls).toEqual([])
  })

  it('needs an access token for an authenticated endpoint, before sending', async () => {
    const counting = countingFetch()
    const error = await caught(
      clientFor(service.url, { fetch: counting.fetch }).call('listApps', {}),
    )
    expect(error.code).toBe('mag-signed-out')
    expect(counting.calls).toEqual([])
  })
})

describe('MagClient against answers that are not the MAG API', () => {
  let garbage: LocalHttp
  beforeAll(async () => {
    garbage = await startLocalHttp((request, response) => {
      const send = (status: number, type: string, text: string) => {
        response.writeHead(status, { 'content-type': type })
        response.end(text)
      }
      if (request.url === '/api/v1/health') send(200, 'text/html', '<html>Welcome to nginx</html>')
      else if (request.url === '/api/v1/catalogue') send(200, 'application/json', '{"items":[]}')
      else if (request.url === '/api/v1/orders')
        send(200, 'application/json', `{"orders":[${'{},'.repeat(2_000_000)}{}]}`)
      else if (request.url === '/api/v1/me')
        send(401, 'application/json', '{"error":{"code":"no-such-code","message":"x"}}')
      else if (request.url === '/api/v1/apps') {
        response.writeHead(302, { location: 'https://example.com/login' })
        response.end()
      } else send(502, 'text/html', '<html>Bad gateway</html>')
    })
  })
  afterAll(async () => {
    await garbage.close()
  })

  it.each([
    ['health', 'not JSON'],
    ['getCatalogue', 'a JSON body of the wrong shape'],
  ] as const)('%s: %s → mag-bad-response', async (name, what) => {
    const error = await caught(clientFor(garbage.url).call(name, {}))
    expect(error.code, what).toBe('mag-bad-response')
    expect(error.status).toBe(200)
  })

  it('an answer far longer than any MAG answer → mag-bad-response, not read to the end', async () => {
    const error = await caught(
      clientFor(garbage.url).call('listOrders', {}, { accessToken: 'token-abc' }),
    )
    expect(error.code).toBe('mag-bad-response')
    expect(error.message).toContain('more than')
  })

  it('an error code outside the closed list → mag-bad-response', async () => {
    const error = await caught(
      clientFor(garbage.url).call('getProfile', {}, { accessToken: 'token-abc' }),
    )
    expect(error.code).toBe('mag-bad-response')
    expect(error.status).toBe(401)
  })

  it('a redirect or an HTML error page → mag-bad-response, not retried', async () => {
    const before = garbage.hits.length
    const redirect = await caught(
      clientFor(garbage.url).call('listApps', {}, { accessToken: 'token-abc' }),
    )
    expect(redirect.code).toBe('mag-bad-response')
    expect(redirect.status).toBe(302)
    const page = await caught(
      clientFor(garbage.url).call(
        'getOrder',
        { params: { orderId: '6f1c2f9e-2f6e-4c53-9d2b-3b8f1f0a7c11' } },
        { accessToken: 'token-abc' },
      ),
    )
    expect(page.code).toBe('mag-bad-response')
    expect(page.status).toBe(502)
    expect(garbage.hits.length - before).toBe(2)
  })
})

describe('MagClient network failures', () => {
  it('connection refused: a GET is tried again with backoff, then mag-offline', async () => {
    const url = await refusedPortUrl()
    const counting = countingFetch()
    const delays: number[] = []
    const client = new MagClient({
      baseUrl: url,
      fetch: counting.fetch,
      sleep: async (ms) => void delays.push(ms),
      retry: { attempts: 3, baseDelayMs: 100 },
    })
    const error = await caught(client.call('health', {}))
    expect(error.code).toBe('mag-offline')
    expect(error.status).toBeNull()
    expect(error.details).toEqual({ mayHaveBeenApplied: false })
    expect(counting.calls).toHaveLength(3)
    expect(delays).toEqual([100, 200])
  })

  it('connection refused: a POST was never sent, so it is tried again too', async () => {
    const url = await refusedPortUrl()
    const counting = countingFetch()
    const client = clientFor(url, { fetch: counting.fetch, retry: { attempts: 2, baseDelayMs: 1 } })
    const error = await caught(
      client.call('signIn', { body: { identifier: 'demo', password: 'secret-pw-1' } }),
    )
    expect(error.code).toBe('mag-offline')
    expect(error.message).not.toContain('secret-pw-1')
    expect(counting.calls).toHaveLength(2)
  })

  describe('a connection reset after the request arrived', () => {
    let resetting: LocalHttp
    beforeAll(async () => {
      resetting = await startLocalHttp((request) => request.socket.destroy())
    })
    afterAll(async () => {
      await resetting.close()
    })

    it('a POST that may have been applied is never sent again', async () => {
      const client = clientFor(resetting.url, { retry: { attempts: 3, baseDelayMs: 1 } })
      const before = resetting.hits.length
      const error = await caught(
        client.call(
          'checkout',
          {
            params: { cartId: '6f1c2f9e-2f6e-4c53-9d2b-3b8f1f0a7c11' },
            headers: { 'idempotency-key': 'cart-key-0001' },
            body: { method: 'invoice' },
          },
          { accessToken: 'token-abc' },
        ),
      )
      expect(error.code).toBe('mag-offline')
      expect(error.details).toEqual({ mayHaveBeenApplied: true })
      expect(resetting.hits.length - before).toBe(1)
    })

    it('a GET is sent again', async () => {
      const client = clientFor(resetting.url, { retry: { attempts: 3, baseDelayMs: 1 } })
      const before = resetting.hits.length
      const error = await caught(client.call('getCatalogue', {}))
      expect(error.code).toBe('mag-offline')
      expect(resetting.hits.length - before).toBe(3)
    })
  })

  it('no answer within the timeout → mag-offline; a POST is not repeated', async () => {
    const silent = await startLocalHttp(() => undefined)
    try {
      const client = clientFor(silent.url, {
        timeoutMs: 200,
        retry: { attempts: 3, baseDelayMs: 1 },
      })
      const error = await caught(
        client.call('signIn', { body: { identifier: 'demo', password: 'pw' } }),
      )
      expect(error.code).toBe('mag-offline')
      expect(error.message).toContain('200 ms')
      expect(silent.hits).toHaveLength(1)
    } finally {
      await silent.close()
    }
  })
})

describe('MagClient clock samples', () => {
  it('measures the service clock from the Date header at the middle of the round trip', async () => {
    const serviceDate = 'Tue, 01 Dec 2026 10:00:00 GMT'
    const ahead = await startLocalHttp((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', date: serviceDate })
      response.end(JSON.stringify({ products: [] }))
    })
    try {
      // Our clock: sent at T, answer at T + 400 ms, where T is 90 s behind the service.
      const sentAt = Date.parse(serviceDate) - 90_000
      const readings = [sentAt, sentAt + 400]
      const samples: { skewMs: number; measuredAt: number }[] = []
      const client = clientFor(ahead.url, {
        now: () => readings.shift() ?? Number.NaN,
        onClockSample: (sample) => samples.push(sample),
      })
      await client.call('getCatalogue', {})
      // Service time ≈ 10:00:00.5 (the middle of its second); ours ≈ sentAt + 200 ms.
      expect(samples).toEqual([{ skewMs: 90_000 + 500 - 200, measuredAt: sentAt + 200 }])
      expect(client.clockSample()).toEqual(samples[0])
    } finally {
      await ahead.close()
    }
  })

  it('samples error answers too, and the real service agrees with our clock', async () => {
    const samples: number[] = []
    const readings: number[] = []
    const client = clientFor(service.url, {
      now: () => {
        const now = Date.now()
        readings.push(now)
        return now
      },
      onClockSample: (s) => samples.push(s.skewMs),
    })
    await caught(client.call('getProfile', {}, { accessToken: 'nope-nope-nope' }))
    await client.call('health', {})
    expect(samples).toHaveLength(2)
    // Same clock on both sides: the estimate is off by at most half a second (the header's
    // resolution) plus half the round trip.
    samples.forEach((skew, i) => {
      const roundTrip = (readings[2 * i + 1] ?? Infinity) - (readings[2 * i] ?? 0)
      expect(Math.abs(skew)).toBeLessThanOrEqual(500 + roundTrip / 2 + 1)
    })
  })
})

describe('MagClient headers', () => {
  it('sends the access token only to endpoints that take it', async () => {
    const seen: (string | undefined)[] = []
    const echo = await startLocalHttp((request, response) => {
      seen.push(request.headers.authorization)
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ products: [] }))
    })
    try {
      const client = clientFor(echo.url)
      await client.call('getCatalogue', {}, { accessToken: 'token-for-auth-only' })
      await caught(client.call('listOrders', {}, { accessToken: 'token-for-auth-only' }))
      expect(seen).toEqual([undefined, 'Bearer token-for-auth-only'])
    } finally {
      await echo.close()
    }
  })
})
