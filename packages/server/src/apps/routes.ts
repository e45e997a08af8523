/** HTTP routes: granted applications, launch, ticket redemption, hosted partner pages. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ServerContext } from '../http/context'
import { ApiError } from '../http/errors'
import { defineRoute } from '../http/routes'
import { isoTimestamp, strengthSchema } from '../http/schemas'
import {
  launchApp,
  listGrantedApps,
  meetsRequirement,
  redeemTicket,
  type RedeemFailure,
} from './launch'
import { partnerPageCsp, renderPartnerPage } from './partner-page'

const slugParams = z.object({ slug: z.string().min(1).max(40) })

export function registerAppRoutes(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/apps',
    summary: 'Partner applications granted to the user, with their required strength',
    tags: ['apps'],
    auth: 'user',
    response: {
      200: z.object({
        strength: strengthSchema,
        apps: z.array(
          z.object({
            slug: z.string(),
            name: z.string(),
            origin: z.string(),
            requiredStrength: z.enum(['password', 'otp']),
            requirementsMet: z.boolean(),
          }),
        ),
      }),
    },
    handler: async ({ auth }) => ({
      strength: auth.strength,
      apps: (await listGrantedApps(ctx, auth.userId)).map((a) => ({
        slug: a.slug,
        name: a.name,
        origin: a.origin,
        requiredStrength: a.required_strength,
        requirementsMet: meetsRequirement(auth.strength, a.required_strength),
      })),
    }),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/apps/:slug/launch',
    summary: 'Launch: a single-use ticket URL on the application origin, valid 60 s',
    description:
      'Answers 403 login-requirements-not-met (details.requiredStrength) when the session is too weak; elevate and retry.',
    tags: ['apps'],
    auth: 'user',
    params: slugParams,
    response: { 200: z.object({ url: z.string(), expiresAt: isoTimestamp }) },
    handler: async ({ auth, params, ip }) => {
      const launched = await launchApp(ctx, auth, params.slug, ip)
      return { url: launched.url, expiresAt: launched.expiresAt }
    },
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/apps/:slug/tickets/redeem',
    summary: "For a partner application's back end: redeem a launch ticket once",
    tags: ['apps'],
    auth: 'none',
    params: slugParams,
    body: z.object({ ticket: z.string().min(1).max(200) }),
    response: {
      200: z.object({
        app: z.object({ slug: z.string(), name: z.string() }),
        user: z.object({
          id: z.string(),
          email: z.string(),
          username: z.string(),
          displayName: z.string(),
        }),
        strength: strengthSchema,
      }),
    },
    handler: async ({ params, body, ip }) => {
      const result = await redeemTicket(ctx, params.slug, body.ticket, ip)
      if (!result.ok) {
        throw new ApiError(403, `ticket-${result.reason}`, ticketMessage(result.reason))
      }
      return { app: result.app, user: result.user, strength: result.strength }
    },
  })

  // HTML, not JSON: outside the API, so registered directly.
  app.get<{ Params: { slug: string }; Querystring: { ticket?: string } }>(
    '/partner/:slug/',
    async (request, reply) => {
      const partner = await ctx.db
        .selectFrom('partner_apps')
        .select(['name', 'slug'])
        .where('slug', '=', request.params.slug)
        .executeTakeFirst()
      const name = partner?.name ?? 'Partner application'
      const ticket = typeof request.query.ticket === 'string' ? request.query.ticket : ''
      const result =
        ticket === ''
          ? ({ ok: false, reason: 'missing' } as const)
          : await redeemTicket(ctx, request.params.slug, ticket, request.ip)
      const { status, html } = renderPartnerPage(name, result)
      return reply
        .code(partner === undefined ? 404 : status)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .header('content-security-policy', partnerPageCsp)
        .send(html)
    },
  )
}

function ticketMessage(reason: RedeemFailure): string {
  switch (reason) {
    case 'unknown':
      return 'The launch ticket is not valid for this application'
    case 'used':
      return 'The launch ticket was already used'
    case 'expired':
      return 'The launch ticket has expired'
    case 'signed-out':
      return 'The MAG session that launched this application has ended'
  }
}
