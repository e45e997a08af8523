/**
 * The Fastify app factory: error model, body limit, route support, every route module and
 * the OpenAPI document. Listening is the caller's business (server.ts).
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify'
import { z } from 'zod'
import { registerAppRoutes } from '../apps/routes'
import { authenticateRequest } from '../auth/authenticate'
import { registerAuthRoutes } from '../auth/routes'
import { registerCommerceRoutes, type CommerceOptions } from '../commerce/routes'
import { registerOtpRoutes } from '../otp/routes'
import type { ServerContext } from './context'
import { ApiError, errorBody } from './errors'
import { buildOpenApiDocument } from './openapi'
import { defineRoute, installRouteSupport, recordedRoutes } from './routes'

export interface AppOptions {
  commerce?: CommerceOptions
  /** Fastify's logger; off in tests, on (info) for `npm run server`. */
  logger?: boolean
}

function fastifyErrorToApiError(error: FastifyError): ApiError | null {
  const status = error.statusCode ?? 500
  if (status >= 500) return null
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload-too-large', 'The request body is too large')
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(
        415,
        'unsupported-media-type',
        'Send the request body as application/json',
      )
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid-json', 'The request body is empty; send a JSON object')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'invalid-json', 'The request body is not valid JSON')
    default:
      if (error instanceof SyntaxError)
        return new ApiError(400, 'invalid-json', 'The request body is not valid JSON')
      return new ApiError(status, 'bad-request', 'The request could not be understood')
  }
}

export async function createApp(
  ctx: ServerContext,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    // Request URLs are logged without their query: a launch ticket travels in one.
    logger:
      options.logger === true
        ? {
            level: 'info',
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: req.url.split('?')[0],
                remoteAddress: req.ip,
              }),
            },
          }
        : false,
    bodyLimit: ctx.config.bodyLimitBytes,
    // Only behind a proxy we configure would X-Forwarded-For be honest.
    trustProxy: false,
    return503OnClosing: true,
  })

  // The API speaks JSON only; anything else is refused as 415 rather than parsed.
  app.removeContentTypeParser('text/plain')

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const apiError = error instanceof ApiError ? error : fastifyErrorToApiError(error)
    if (apiError === null) {
      request.log.error({ err: error }, 'unhandled error')
      return reply
        .code(500)
        .send(errorBody('internal-error', 'Something went wrong on the server; try again'))
    }
    const retryAfter = apiError.details?.retryAfterSeconds
    if (apiError.status === 429)
      reply.header('retry-after', String(typeof retryAfter === 'number' ? retryAfter : 60))
    return reply
      .code(apiError.status)
      .send(errorBody(apiError.code, apiError.message, apiError.details))
  })
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody('not-found', `No route ${request.method} ${request.url.split('?')[0]}`)),
  )
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    return payload
  })

  installRouteSupport(app, (request) => authenticateRequest(ctx, request))

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/health',
    summary: 'Liveness and the calendar the service judges subscriptions by',
    tags: ['service'],
    auth: 'none',
    response: {
      200: z.object({
        status: z.literal('ok'),
        database: z.enum(['sqlite', 'postgres']),
        realTime: z.string(),
        calendarTime: z.string(),
        devTimeOffsetDays: z.number(),
      }),
    },
    handler: async () => {
      await ctx.db.selectFrom('organizations').select('id').limit(1).execute()
      return {
        status: 'ok' as const,
        database: ctx.dbKind,
        realTime: ctx.clock.realNow().toISOString(),
        calendarTime: ctx.clock.calendarNow().toISOString(),
        devTimeOffsetDays: ctx.config.devTimeOffsetDays,
      }
    },
  })

  registerAuthRoutes(app, ctx)
  registerAppRoutes(app, ctx)
  registerOtpRoutes(app, ctx)
  await registerCommerceRoutes(app, ctx, options.commerce ?? {})

  // Built on first request so it includes every route registered above.
  let document: Record<string, unknown> | undefined
  app.get('/api/v1/openapi.json', async (_request, reply) => {
    document ??= buildOpenApiDocument(recordedRoutes(app))
    return reply.header('content-type', 'application/json; charset=utf-8').send(document)
  })

  return app
}
