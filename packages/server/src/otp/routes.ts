/** Handler of the resync endpoint: unlock a credential with two consecutive codes. */
import type { ServerContext } from '../context'
import type { EndpointHandlers } from '../http/routes'
import { resyncCredential } from './resync'

export function otpHandlers(ctx: ServerContext): Pick<EndpointHandlers, 'resyncCredential'> {
  return {
    resyncCredential: async ({ auth, params, body, ip }) => {
      const { credentialId } = params
      const result = await resyncCredential(ctx, {
        userId: auth.userId,
        credentialId,
        code1: body.code1,
        code2: body.code2,
        ip,
      })
      return { id: credentialId, status: result.status }
    },
  }
}
