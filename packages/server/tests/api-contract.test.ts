import { Ajv2020 } from 'ajv/dist/2020.js'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { endpointNames, magApi, magErrorCodes } from '@mag/mag-contract'
import { registeredRoutes } from '../src/http/route-list'
import {
  describeEachDatabase,
  seedApp,
  seedCredential,
  seedUser,
  signIn,
  startTestServer,
  type TestServer,
} from './helpers'

type Doc = {
  openapi: string
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content: { 'application/json': { schema: object } } }> }
    >
  >
}

describeEachDatabase('API contract: OpenAPI, errors, limits', (target) => {
  let server: TestServer
  let doc: Doc

  beforeAll(async () => {
    server = await startTestServer(target, { offsetDays: 100 })
    const response = await server.request<Doc>('GET', '/api/v1/openapi.json')
    expect(response.status).toBe(200)
    doc = response.body
  })
  afterAll(async () => {
    await server?.close()
  })

  function responseSchema(method: string, path: string, status: number): object {
    const operation = doc.paths[path]?.[method.toLowerCase()]
    if (operation === undefined) throw new Error(`${method} ${path} missing from OpenAPI`)
    const content = operation.responses[String(status)]?.content['application/json']
    if (content === undefined) throw new Error(`${method} ${path} has no ${status} schema`)
    return content.schema
  }

  function expectValid(schema: object, body: unknown): void {
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    const validate = ajv.compile(schema)
    const valid = validate(body)
    expect(validate.errors ?? [], JSON.stringify(body)).toEqual([])
    expect(valid).toBe(true)
  }

  it('documents every contract endpoint, with its method, in the OpenAPI document', () => {
    expect(doc.openapi).toBe('3.1.0')
    expect(endpointNames.length).toBeGreaterThan(8)
    for (const name of endpointNames) {
      const endpoint = magApi[name]
      const path = endpoint.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
      const operation = doc.paths[path]?.[endpoint.method.toLowerCase()] as
        { operationId: string; 'x-error-codes': string[] } | undefined
      expect(operation, `${endpoint.method} ${endpoint.path}`).toBeDefined()
      expect(operation?.operationId).toBe(name)
      // Every code the endpoint lists is documented on it, each one from the closed enum.
      expect(operation?.['x-error-codes']).toEqual(expect.arrayContaining([...endpoint.errors]))
      for (const code of operation?.['x-error-codes'] ?? []) expect(magErrorCodes).toContain(code)
    }
    // Every API route Fastify knows is documented (the document itself aside).
    const apiRoutes = registeredRoutes(server.server.app).filter(
      (r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.url !== '/api/v1/openapi.json',
    )
    expect(apiRoutes.length).toBe(endpointNames.length)
    for (const route of apiRoutes) {
      const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
      expect(
        doc.paths[path]?.[route.method.toLowerCase()],
        `${route.method} ${route.url}`,
      ).toBeDefined()
    }
    const launch = doc.paths['/api/v1/apps/{slug}/launch']?.post as unknown as {
      parameters: { name: string; in: string }[]
      security: unknown[]
    }
    expect(launch.parameters).toEqual([expect.objectContaining({ name: 'slug', in: 'path' })])
    expect(launch.security).toEqual([{ bearer: [] }])
  })

  it('documents the checkout Idempotency-Key as a required header parameter', () => {
    const checkout = doc.paths['/api/v1/carts/{cartId}/checkout']?.post as unknown as {
      parameters: { name: string; in: string; required: boolean; schema: { pattern?: string } }[]
    }
    const header = checkout.parameters.find((p) => p.in === 'header')
    expect(header).toMatchObject({ name: 'idempotency-key', required: true })
    expect(header?.schema.pattern).toBe('^[A-Za-z0-9_.:-]{8,200}$')
    // Only the declared header; the rest of the request's headers are not parameters.
    expect(checkout.parameters.filter((p) => p.in === 'header')).toHaveLength(1)
  })

  it('real responses validate against their documented schemas', async () => {
    const user = await seedUser(server.ctx, 'schema')
    await seedApp(server.ctx, server, 'schema-app', 'otp', user.email)
    await seedCredential(server.ctx, user.id)
    const session = await signIn(server, user.email, user.password)

    const signInResponse = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: user.username, password: user.password },
    })
    expectValid(responseSchema('POST', '/api/v1/auth/sign-in', 200), signInResponse.body)
    const me = await server.request('GET', '/api/v1/me', { token: session.accessToken })
    expectValid(responseSchema('GET', '/api/v1/me', 200), me.body)
    const apps = await server.request('GET', '/api/v1/apps', { token: session.accessToken })
    expectValid(responseSchema('GET', '/api/v1/apps', 200), apps.body)
    const health = await server.request('GET', '/api/v1/health')
    expectValid(responseSchema('GET', '/api/v1/health', 200), health.body)

    const refused = await server.request('POST', '/api/v1/apps/schema-app/launch', {
      token: session.accessToken,
    })
    expect(refused.status).toBe(403)
    const errorSchema =
      doc.paths['/api/v1/apps/{slug}/launch']!.post!.responses.default!.content['application/json']
        .schema
    expectValid(errorSchema, refused.body)
  })

  it('names the invalid field and changes nothing', async () => {
    const before = await server.ctx.db.selectFrom('sessions').select('id').execute()
    const missing = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { password: 'x' },
    })
    expect(missing.status).toBe(400)
    expect(missing.body.error.code).toBe('validation-failed')
    expect(missing.body.error.message).toMatch(/^body\.identifier: /)
    const badOtp = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: 'a', password: 'b', otp: '12ab56' },
    })
    expect(badOtp.body.error.message).toBe('body.otp: must be 6 digits')
    const after = await server.ctx.db.selectFrom('sessions').select('id').execute()
    expect(after.length).toBe(before.length)
  })

  it('answers malformed, oversized, wrongly typed and unknown requests with stable codes', async () => {
    const invalidJson = await server.request('POST', '/api/v1/auth/sign-in', {
      rawBody: '{"identifier":',
    })
    expect(invalidJson.status).toBe(400)
    expect(invalidJson.body.error.code).toBe('invalid-json')

    const huge = await server.request('POST', '/api/v1/auth/sign-in', {
      body: { identifier: 'x'.repeat(100 * 1024), password: 'y' },
    })
    expect(huge.status).toBe(413)
    expect(huge.body.error.code).toBe('payload-too-large')

    const text = await server.request('POST', '/api/v1/auth/sign-in', {
      rawBody: 'identifier=a',
      headers: { 'content-type': 'text/plain' },
    })
    expect(text.status).toBe(415)
    expect(text.body.error.code).toBe('unsupported-media-type')

    const unknown = await server.request('GET', '/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(unknown.body.error.code).toBe('not-found')
    expect(unknown.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('keeps the Date header on real time while the calendar is shifted', async () => {
    const health = await server.request('GET', '/api/v1/health')
    const date = new Date(health.headers.get('date')!)
    expect(Math.abs(date.getTime() - Date.now())).toBeLessThan(86_400_000)
    const calendar = new Date(health.body.calendarTime)
    const shiftDays = (calendar.getTime() - new Date(health.body.realTime).getTime()) / 86_400_000
    expect(shiftDays).toBe(100)
    expect(health.body.devTimeOffsetDays).toBe(100)
  })

  it('a database failure is a generic 500: no SQL, no stack', async () => {
    const user = await seedUser(server.ctx, 'fault')
    const session = await signIn(server, user.email, user.password)
    await sql`ALTER TABLE app_grants RENAME TO app_grants_away`.execute(server.ctx.db)
    try {
      const response = await server.request('GET', '/api/v1/apps', { token: session.accessToken })
      expect(response.status).toBe(500)
      expect(response.body).toEqual({
        error: { code: 'internal-error', message: 'Something went wrong on the server; try again' },
      })
    } finally {
      await sql`ALTER TABLE app_grants_away RENAME TO app_grants`.execute(server.ctx.db)
    }
    const again = await server.request('GET', '/api/v1/apps', { token: session.accessToken })
    expect(again.status).toBe(200)
  })
})
