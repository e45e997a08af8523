/** Handlers of the sign-in, session and profile endpoints (contract: @mag/mag-contract). */
import type { ServerContext } from '../context'
import type { EndpointHandlers } from '../http/routes'
import { elevateSession } from './elevate'
import { loadProfile } from './profile'
import { revokeSession, rotateRefreshToken } from './sessions'
import { signIn } from './sign-in'

type AuthEndpoints = 'signIn' | 'refreshTokens' | 'signOut' | 'getProfile' | 'elevate'

export function authHandlers(ctx: ServerContext): Pick<EndpointHandlers, AuthEndpoints> {
  return {
    signIn: async ({ body, ip }) => {
      const result = await signIn(ctx, body, ip)
      return {
        accessToken: result.accessToken,
        accessTokenExpiresAt: result.accessTokenExpiresAt,
        refreshToken: result.refreshToken,
        refreshTokenExpiresAt: result.refreshTokenExpiresAt,
        userId: result.userId,
        strength: result.strength,
      }
    },
    refreshTokens: async ({ body, ip }) => rotateRefreshToken(ctx, body.refreshToken, ip),
    signOut: async ({ auth, ip }) => {
      await revokeSession(ctx, auth.sessionId, 'sign-out')
      await ctx.audit({
        type: 'auth.sign-out',
        userId: auth.userId,
        ip,
        detail: { sessionId: auth.sessionId },
      })
      return { signedOut: true as const }
    },
    getProfile: async ({ auth }) => loadProfile(ctx, auth),
    elevate: async ({ auth, body, ip }) =>
      elevateSession(ctx, auth, body.code, body.credentialId, ip),
  }
}
