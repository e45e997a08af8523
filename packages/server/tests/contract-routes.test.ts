/**
 * The served routes and the contract agree both ways: every endpoint in @mag/mag-contract's
 * map is served with its method and path, and every route Fastify serves is a contract
 * endpoint, except the ones app.ts names as outside the contract on purpose (the HTML
 * partner pages and the OpenAPI document). Health is in the contract.
 */
import {
  endpointNames,
  errorBodySchema,
  httpStatusOf,
  magApi,
  magErrorCodes,
  magErrors,
  errorCodesTable,
} from '@mag/mag-contract'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { routesOutsideContract } from '../src/http/app'
import { registeredRoutes } from '../src/http/route-list'
import { startTestServer, type TestServer } from './helpers'

describe('contract ⇄ served routes', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer('sqlite')
  })
  afterAll(async () => {
    await server?.close()
  })

  const key = (route: { method: string; url: string }) => `${route.method} ${route.url}`

  it('serves every contract endpoint, and serves nothing the contract lacks', () => {
    const served = registeredRoutes(server.server.app)
      // HEAD is Fastify's automatic twin of each GET.
      .filter((route) => route.method !== 'HEAD')
      .map(key)
    const contract = endpointNames.map((name) => key({ ...magApi[name], url: magApi[name].path }))
    const outside = routesOutsideContract.map(key)

    expect(served.filter((route) => !contract.includes(route) && !outside.includes(route))).toEqual(
      [],
    )
    expect(contract.filter((route) => !served.includes(route))).toEqual([])
    expect(outside.filter((route) => !served.includes(route))).toEqual([])
    // Each served once: two handlers on one method and path would shadow each other.
    expect(new Set(served).size).toBe(served.length)
  })

  it('answers each contract endpoint on its path, not 404 (a bogus token or body is fine)', async () => {
    for (const name of endpointNames) {
      const endpoint = magApi[name]
      const path = endpoint.path
        .replace(':slug', 'no-such-app')
        .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')
      const response = await server.request(endpoint.method, path, {
        ...(endpoint.method === 'GET' || endpoint.method === 'DELETE' ? {} : { body: {} }),
        token: 'not-a-token',
      })
      const code = (response.body as { error?: { code?: string } }).error?.code
      expect(code, `${name}: ${endpoint.method} ${path}`).not.toBe('not-found')
      if (response.status >= 400) {
        expect(errorBodySchema.safeParse(response.body).success, name).toBe(true)
      }
    }
  })

  it('has one closed table of codes with an error status each', () => {
    expect(magErrorCodes.length).toBeGreaterThanOrEqual(50)
    for (const code of magErrorCodes) {
      expect(httpStatusOf(code), code).toBeGreaterThanOrEqual(400)
      expect(httpStatusOf(code), code).toBeLessThan(600)
      expect(magErrors[code].meaning.length, code).toBeGreaterThan(0)
    }
    // The endpoints list only codes of the table.
    for (const name of endpointNames)
      for (const code of magApi[name].errors) expect(magErrorCodes, name).toContain(code)
  })

  it("API.md's error-code table is the enum's", () => {
    const doc = readFileSync(path.resolve(import.meta.dirname, '../src/docs/API.md'), 'utf8')
    const table = /<!-- error-codes:start[^>]*-->\n([\s\S]*?)<!-- error-codes:end -->/.exec(doc)
    expect(table?.[1]).toBe(errorCodesTable())
  })
})
