/**
 * The Fastify app factory: error model, body limit, readiness, every contract endpoint and
 * its handler, the partner pages and the OpenAPI document. Listening is the caller's
 * business (server.ts).
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import type { Socket } from 'node:net'
import { appHandlers, registerPartnerPages } from '../apps/routes'
import { authenticateRequest } from '../auth/authenticate'
import { authHandlers } from '../auth/routes'
import { commerceHandlers, type CommerceOptions } from '../commerce/routes'
import type { ServerContext } from '../context'
import { otpHandlers } from '../otp/routes'
import {
  clientErrorReply,
  errorReplyOf,
  internalErrorReply,
  rawHttpAnswer,
  replyFor,
  type ErrorReply,
} from './errors'
import { buildOpenApiDocument } from './openapi'
import { Readiness } from './readiness'
import { recordRoutes } from './route-list'
import { endpointOf, serveApi, type EndpointHandlers } from './routes'
import { serviceHandlers } from './service-routes'
import { errorCodesOf, magApi } from '@mag/mag-contract'

export interface AppOptions {
  commerce?: CommerceOptions
  /** Fastify's logger; off in tests, on (info) for `npm run server`. */
  logger?: boolean
  /** Omitted: ready at once (the database is migrated before the app is built). */
  readiness?: Readiness
}

/**
 * Routes outside the contract, on purpose: the partner pages are HTML for a browser (the
 * hosted stand-in for a partner application), and the OpenAPI document describes the
 * contract rather than being part of it.
 */
export const routesOutsideContract = [
  { method: 'GET', url: '/partner/:slug/' },
  { method: 'GET', url: '/api/v1/openapi.json' },
] as const

export async function createApp(
  ctx: ServerContext,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const readiness = options.readiness ?? new Readiness('ready')
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
    // Fastify's own 503 while closing has its own body; readiness answers it in ours.
    return503OnClosing: false,
    // The router's failures (bad percent-encoding, over-long parameter) would otherwise be
    // answered by Fastify itself, in its shape and echoing the path.
    frameworkErrors: (error, _request, reply) => send(reply, errorReplyOf(error)),
    clientErrorHandler: (error: Error & { code?: string }, socket: Socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return
      if (socket.writable) socket.write(rawHttpAnswer(clientErrorReply(error.code)))
      socket.destroy(error)
    },
  })
  recordRoutes(app)

  function send(reply: FastifyReply, answer: ErrorReply | null): FastifyReply {
    const chosen = answer ?? internalErrorReply()
    if (chosen.retryAfterSeconds !== undefined)
      reply.header('retry-after', String(chosen.retryAfterSeconds))
    reply.code(chosen.status)
    return reply.send(chosen.body)
  }

  // The API speaks JSON only; anything else is refused as 415 rather than parsed.
  app.removeContentTypeParser('text/plain')

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const answer = errorReplyOf(error)
    if (answer === null) request.log.error({ err: error }, 'unhandled error')
    const endpoint = endpointOf(request)
    if (answer !== null && endpoint !== undefined) {
      // The contract lists what each endpoint may answer; a code outside it is a contract
      // bug to fix (in the map or the domain), so it is logged, never hidden from the client.
      const code = answer.body.error.code
      if (!errorCodesOf(magApi[endpoint]).includes(code)) {
        request.log.warn({ endpoint, code }, 'error code not listed for this endpoint')
      }
    }
    return send(reply, answer)
  })
  app.setNotFoundHandler((_request, reply) =>
    // No path in the message: an error must not reflect the request.
    send(reply, replyFor('not-found', 'There is no such route')),
  )
  app.addHook('onRequest', async (request, reply) => {
    if (readiness.state === 'ready' || !request.url.startsWith('/api/')) return
    if (readiness.state === 'starting') {
      reply.header('retry-after', '1')
      return send(reply, replyFor('not-ready', 'The service is starting; try again in a moment'))
    }
    reply.header('connection', 'close')
    return send(reply, replyFor('service-unavailable', 'The service is shutting down'))
  })
  app.addHook('preClose', async () => {
    readiness.markClosing()
  })
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff')
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store')
    return payload
  })

  const handlers: EndpointHandlers = {
    ...serviceHandlers(ctx),
    ...authHandlers(ctx),
    ...appHandlers(ctx),
    ...otpHandlers(ctx),
    ...commerceHandlers(ctx, options.commerce ?? {}),
  }
  serveApi(app, handlers, (request) => authenticateRequest(ctx, request))
  registerPartnerPages(app, ctx)

  // Built on first request; it depends on the contract only.
  let document: Record<string, unknown> | undefined
  app.get('/api/v1/openapi.json', async (_request, reply) => {
    document ??= buildOpenApiDocument()
    return reply.header('content-type', 'application/json; charset=utf-8').send(document)
  })

  return app
}
