/**
 * Handlers of the partner-application endpoints (granted apps, launch, ticket redemption),
 * and the hosted partner pages, which are HTML for a browser and so outside the contract.
 */
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../context'
import { MagDomainError } from '../errors'
import type { EndpointHandlers } from '../http/routes'
import {
  launchApp,
  listGrantedApps,
  meetsRequirement,
  redeemTicket,
  type RedeemFailure,
} from './launch'
import { partnerPageCsp, renderPartnerPage } from './partner-page'

type AppEndpoints = 'listApps' | 'launchApp' | 'redeemTicket'

export function appHandlers(ctx: ServerContext): Pick<EndpointHandlers, AppEndpoints> {
  return {
    listApps: async ({ auth }) => ({
      strength: auth.strength,
      apps: (await listGrantedApps(ctx, auth.userId)).map((a) => ({
        slug: a.slug,
        name: a.name,
        origin: a.origin,
        requiredStrength: a.required_strength,
        requirementsMet: meetsRequirement(auth.strength, a.required_strength),
      })),
    }),
    launchApp: async ({ auth, params, ip }) => {
      const launched = await launchApp(ctx, auth, params.slug, ip)
      return { url: launched.url, expiresAt: launched.expiresAt }
    },
    redeemTicket: async ({ params, body, ip }) => {
      const result = await redeemTicket(ctx, params.slug, body.ticket, ip)
      if (!result.ok)
        throw new MagDomainError(`ticket-${result.reason}`, ticketMessage(result.reason))
      return { app: result.app, user: result.user, strength: result.strength }
    },
  }
}

export function registerPartnerPages(app: FastifyInstance, ctx: ServerContext): void {
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
