/** HTTP route: resync a (locked) credential with two consecutive codes. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ServerContext } from '../http/context'
import { defineRoute } from '../http/routes'
import { otpCodeSchema } from '../http/schemas'
import { resyncCredential } from './resync'

export function registerOtpRoutes(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(app, {
    method: 'POST',
    // Same parameter name as the other /credentials/{credentialId} routes in the OpenAPI document.
    url: '/api/v1/credentials/:credentialId/resync',
    summary: 'Resync a credential (and unlock it) with two consecutive codes',
    tags: ['credentials'],
    auth: 'user',
    params: z.object({ credentialId: z.uuid() }),
    body: z.object({ code1: otpCodeSchema, code2: otpCodeSchema }),
    response: { 200: z.object({ id: z.string(), status: z.literal('active') }) },
    handler: async ({ auth, params, body, ip }) => {
      const { credentialId } = params
      const result = await resyncCredential(
        ctx,
        auth.userId,
        credentialId,
        body.code1,
        body.code2,
        ip,
      )
      return { id: credentialId, status: result.status }
    },
  })
}
