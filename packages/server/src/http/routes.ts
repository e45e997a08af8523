/**
 * Routes are built from the contract (@mag/mag-contract's `magApi`): method, path, auth and
 * every schema come from there; the service supplies only a handler per endpoint name.
 * `serveApi(app, handlers)` takes one handler for every contract endpoint (the type
 * `EndpointHandlers` makes a missing or unknown name a compile error), and for each:
 * authenticates `auth: 'access-token'` endpoints, validates params, query, headers and body
 * with zod, validates (and strips) the response with its schema, and registers the route on
 * Fastify. The OpenAPI document is generated from the same map (openapi.ts), so the schemas
 * that check traffic are the ones documented.
 *
 * Handlers signal failures by throwing MagDomainError (../errors.ts) with a contract code.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  endpointNames,
  fieldErrorsOf,
  magApi,
  successStatusOf,
  type EndpointBody,
  type EndpointDefinition,
  type EndpointHeaders,
  type EndpointName,
  type EndpointParams,
  type EndpointQuery,
  type EndpointResultInput,
  type MagApi,
} from '@mag/mag-contract'
import type { z } from 'zod'
import type { AuthInfo } from '../context'
import { MagDomainError } from '../errors'

export interface EndpointInput<E extends EndpointName> {
  params: EndpointParams<E>
  query: EndpointQuery<E>
  headers: EndpointHeaders<E>
  body: EndpointBody<E>
  auth: MagApi[E]['auth'] extends 'access-token' ? AuthInfo : null
  /** The caller's address as Fastify sees it (trustProxy is off unless configured). */
  ip: string
  request: FastifyRequest
  reply: FastifyReply
}

export type EndpointHandler<E extends EndpointName> = (
  input: EndpointInput<E>,
) => Promise<EndpointResultInput<E>>

/** One handler per contract endpoint: the compile-time check that names and map agree. */
export type EndpointHandlers = { [E in EndpointName]: EndpointHandler<E> }

export type Authenticate = (request: FastifyRequest) => Promise<AuthInfo>

type RequestPart = 'body' | 'params' | 'query' | 'headers'

/** Parses one part of a request; a failure names the field and changes nothing. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  part: RequestPart,
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issues = fieldErrorsOf(result.error).map((issue) => ({
    field: issue.field === '' ? part : `${part}.${issue.field}`,
    message: issue.message,
  }))
  const first = issues[0]
  const message =
    first === undefined ? `invalid ${part}` : `${first.field}: ${first.message}`.replace(/\.$/, '')
  throw new MagDomainError('validation-failed', message, { issues })
}

/** Registers every contract endpoint on `app` with its handler. */
export function serveApi(
  app: FastifyInstance,
  handlers: EndpointHandlers,
  authenticate: Authenticate,
): void {
  for (const name of endpointNames) {
    // TypeScript cannot correlate handlers[name] with name across the union; the runtime
    // parse in serveEndpoint is what stands behind each handler's input type.
    serveEndpoint(app, name, handlers[name] as unknown as UntypedHandler, authenticate)
  }
}

type UntypedHandler = (input: unknown) => Promise<unknown>

function serveEndpoint(
  app: FastifyInstance,
  name: EndpointName,
  handler: UntypedHandler,
  authenticate: Authenticate,
): void {
  const endpoint: EndpointDefinition = magApi[name]
  const status = successStatusOf(endpoint)
  const responseSchema = endpoint.response[status]
  if (responseSchema === undefined) throw new Error(`${name}: no response schema for ${status}`)
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    // Lets the error handler and the tests tell which contract endpoint a route serves.
    config: { endpoint: name },
    handler: async (request, reply) => {
      const auth = endpoint.auth === 'access-token' ? await authenticate(request) : null
      const parse = (schema: z.ZodType | undefined, value: unknown, part: RequestPart) =>
        schema === undefined ? undefined : parseOrThrow(schema, value, part)
      const input = {
        params: parse(endpoint.params, request.params, 'params'),
        query: parse(endpoint.query, request.query, 'query'),
        headers: parse(endpoint.headers, request.headers, 'headers'),
        body: parse(endpoint.body, request.body ?? {}, 'body'),
        auth,
        ip: request.ip,
        request,
        reply,
      }
      const result = await handler(input)
      const checked = responseSchema.safeParse(result)
      if (!checked.success) {
        request.log.error(
          { endpoint: name, issues: checked.error.issues.map((i) => i.path.join('.')) },
          'response failed its schema',
        )
        throw new Error('response failed its schema')
      }
      return reply.code(status).send(checked.data)
    },
  })
}

/** The contract endpoint a request was routed to, if any (for logging an unlisted code). */
export function endpointOf(request: FastifyRequest): EndpointName | undefined {
  const config = request.routeOptions.config as { endpoint?: EndpointName } | undefined
  return config?.endpoint
}
