/**
 * The one way routes are added: `defineRoute(app, { ... })` validates params, query, headers
 * and body with zod, authenticates `auth: 'user'` routes, validates (and strips) the response with its
 * zod schema, registers the route on Fastify and records it for /api/v1/openapi.json, so the
 * schemas that check traffic are the ones documented.
 *
 *   defineRoute(app, {
 *     method: 'POST', url: '/api/v1/things/:id', summary: 'Do a thing', tags: ['things'],
 *     auth: 'user', params: z.object({ id: z.string() }), body: z.object({ n: z.number() }),
 *     response: { 200: z.object({ ok: z.boolean() }) },
 *     handler: async ({ params, body, auth, ip }) => ({ ok: true }),
 *   })
 *
 * `headers` is a z.object keyed by lower-case header name (Node lower-cases them); keys not in
 * it are ignored, and each key becomes an OpenAPI `in: header` parameter.
 *
 * The success status is `status` if given, else the lowest status key of `response`.
 * Handlers signal failures by throwing ApiError (./errors.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { AuthInfo } from './context'
import { ApiError } from './errors'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type RouteAuth = 'none' | 'user'

type AnySchema = z.ZodType
type Out<S> = S extends z.ZodType ? z.output<S> : undefined

export interface RouteInput<TAuth extends RouteAuth, TBody, TParams, TQuery, THeaders> {
  body: Out<TBody>
  params: Out<TParams>
  query: Out<TQuery>
  headers: Out<THeaders>
  auth: TAuth extends 'user' ? AuthInfo : null
  /** The caller's address as Fastify sees it (trustProxy is off unless configured). */
  ip: string
  request: FastifyRequest
  reply: FastifyReply
}

export interface RouteDefinition<
  TAuth extends RouteAuth,
  TBody extends AnySchema | undefined,
  TParams extends AnySchema | undefined,
  TQuery extends AnySchema | undefined,
  THeaders extends AnySchema | undefined,
  TResponse extends Record<number, AnySchema>,
> {
  method: HttpMethod
  /** Fastify path syntax: `/api/v1/apps/:slug/launch`. */
  url: string
  summary: string
  description?: string
  tags: string[]
  auth: TAuth
  body?: TBody
  params?: TParams
  query?: TQuery
  headers?: THeaders
  response: TResponse
  status?: keyof TResponse & number
  handler(
    input: RouteInput<TAuth, TBody, TParams, TQuery, THeaders>,
  ): Promise<z.input<TResponse[keyof TResponse]>>
}

export interface RecordedRoute {
  method: HttpMethod
  url: string
  summary: string
  description: string | undefined
  tags: string[]
  auth: RouteAuth
  body: AnySchema | undefined
  params: AnySchema | undefined
  query: AnySchema | undefined
  headers: AnySchema | undefined
  response: Record<number, AnySchema>
}

export type Authenticate = (request: FastifyRequest) => Promise<AuthInfo>

interface RouteSupport {
  authenticate: Authenticate
  routes: RecordedRoute[]
  /** Every route Fastify registered, however it was added: what the OpenAPI test checks. */
  registered: { method: string; url: string }[]
}

const supportByApp = new WeakMap<FastifyInstance, RouteSupport>()

/** Called once by the app factory before any defineRoute. */
export function installRouteSupport(app: FastifyInstance, authenticate: Authenticate): void {
  const support: RouteSupport = { authenticate, routes: [], registered: [] }
  supportByApp.set(app, support)
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) support.registered.push({ method, url: route.url })
  })
}

export function recordedRoutes(app: FastifyInstance): readonly RecordedRoute[] {
  return supportOf(app).routes
}

export function registeredRoutes(app: FastifyInstance): readonly { method: string; url: string }[] {
  return supportOf(app).registered
}

function supportOf(app: FastifyInstance): RouteSupport {
  const support = supportByApp.get(app)
  if (support === undefined) throw new Error('installRouteSupport(app, ...) was not called')
  return support
}

function formatPath(prefix: string, path: PropertyKey[]): string {
  return [prefix, ...path.map(String)].join('.')
}

/** Parses one part of a request; a failure names the field and changes nothing. */
export function parseOrThrow<S extends AnySchema>(
  schema: S,
  value: unknown,
  part: 'body' | 'params' | 'query' | 'headers',
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = result.error.issues.map((issue) => ({
    field: formatPath(part, issue.path),
    message: issue.message,
  }))
  const first = issues[0]
  const message =
    first === undefined ? `invalid ${part}` : `${first.field}: ${first.message}`.replace(/\.$/, '')
  throw new ApiError(400, 'validation-failed', message, { issues })
}

export function successStatus(response: Record<number, AnySchema>, explicit?: number): number {
  if (explicit !== undefined) return explicit
  const statuses = Object.keys(response)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
    .sort((a, b) => a - b)
  const first = statuses[0]
  if (first === undefined) throw new Error('a route needs at least one 2xx response schema')
  return first
}

export function defineRoute<
  TAuth extends RouteAuth,
  TBody extends AnySchema | undefined = undefined,
  TParams extends AnySchema | undefined = undefined,
  TQuery extends AnySchema | undefined = undefined,
  THeaders extends AnySchema | undefined = undefined,
  TResponse extends Record<number, AnySchema> = Record<number, AnySchema>,
>(
  app: FastifyInstance,
  def: RouteDefinition<TAuth, TBody, TParams, TQuery, THeaders, TResponse>,
): void {
  const support = supportOf(app)
  const status = successStatus(def.response, def.status)
  const responseSchema = def.response[status]
  if (responseSchema === undefined) throw new Error(`${def.url}: no response schema for ${status}`)
  support.routes.push({
    method: def.method,
    url: def.url,
    summary: def.summary,
    description: def.description,
    tags: def.tags,
    auth: def.auth,
    body: def.body,
    params: def.params,
    query: def.query,
    headers: def.headers,
    response: def.response,
  })

  app.route({
    method: def.method,
    url: def.url,
    handler: async (request, reply) => {
      const auth = def.auth === 'user' ? await support.authenticate(request) : null
      const params = def.params ? parseOrThrow(def.params, request.params, 'params') : undefined
      const query = def.query ? parseOrThrow(def.query, request.query, 'query') : undefined
      const headers = def.headers
        ? parseOrThrow(def.headers, request.headers, 'headers')
        : undefined
      const body = def.body ? parseOrThrow(def.body, request.body ?? {}, 'body') : undefined
      const input = { body, params, query, headers, auth, ip: request.ip, request, reply }
      const result = await def.handler(input as RouteInput<TAuth, TBody, TParams, TQuery, THeaders>)
      const checked = responseSchema.safeParse(result)
      if (!checked.success) {
        request.log.error(
          { route: def.url, issues: checked.error.issues.map((i) => i.path.join('.')) },
          'response failed its schema',
        )
        throw new Error('response failed its schema')
      }
      return reply.code(status).send(checked.data)
    },
  })
}
