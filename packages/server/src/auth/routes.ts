/** HTTP routes: sign-in, refresh, sign-out, profile, elevate. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { ServerContext } from '../http/context'
import { ApiError } from '../http/errors'
import { defineRoute } from '../http/routes'
import { isoTimestamp, otpCodeSchema, strengthSchema, tokensSchema } from '../http/schemas'
import { elevateSession } from './elevate'
import { revokeSession, rotateRefreshToken } from './sessions'
import { signIn } from './sign-in'

const profileSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string(),
  displayName: z.string(),
  organization: z.object({ id: z.string(), name: z.string() }),
  strength: strengthSchema,
  strengthCredential: z
    .object({
      id: z.string(),
      type: z.enum(['Desktop OTP', 'OTP Hardware Token']),
      expiresAt: isoTimestamp,
    })
    .nullable(),
  session: z.object({ id: z.string(), createdAt: isoTimestamp, expiresAt: isoTimestamp }),
})

export function registerAuthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    summary: 'Sign in with email or username and password, optionally with an OTP',
    tags: ['auth'],
    auth: 'none',
    body: z.object({
      identifier: z.string().trim().min(1, 'enter your email or username').max(320),
      password: z.string().min(1, 'enter your password').max(1024),
      otp: otpCodeSchema.optional(),
      credentialId: z.string().min(1).max(64).optional(),
    }),
    response: {
      200: tokensSchema.extend({ userId: z.string(), strength: strengthSchema }),
    },
    handler: async ({ body, ip }) => {
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
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/auth/refresh',
    summary: 'Exchange a refresh token for new tokens (the old refresh token stops working)',
    tags: ['auth'],
    auth: 'none',
    body: z.object({ refreshToken: z.string().min(1).max(512) }),
    response: { 200: tokensSchema },
    handler: async ({ body, ip }) => rotateRefreshToken(ctx, body.refreshToken, ip),
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/auth/sign-out',
    summary: 'End the current session; its tokens stop working',
    tags: ['auth'],
    auth: 'user',
    response: { 200: z.object({ signedOut: z.literal(true) }) },
    handler: async ({ auth, ip }) => {
      await revokeSession(ctx, auth.sessionId, 'sign-out')
      await ctx.audit({
        type: 'auth.sign-out',
        userId: auth.userId,
        ip,
        detail: { sessionId: auth.sessionId },
      })
      return { signedOut: true as const }
    },
  })

  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/me',
    summary: "The signed-in user's profile and current credential strength",
    tags: ['account'],
    auth: 'user',
    response: { 200: profileSchema },
    handler: async ({ auth }) => {
      const row = await ctx.db
        .selectFrom('users')
        .innerJoin('organizations', 'organizations.id', 'users.organization_id')
        .innerJoin('sessions', 'sessions.user_id', 'users.id')
        .select([
          'users.id',
          'users.email',
          'users.username',
          'users.display_name',
          'organizations.id as orgId',
          'organizations.name as orgName',
          'sessions.created_at as sessionCreatedAt',
          'sessions.expires_at as sessionExpiresAt',
        ])
        .where('users.id', '=', auth.userId)
        .where('sessions.id', '=', auth.sessionId)
        .executeTakeFirst()
      if (row === undefined)
        throw new ApiError(401, 'unauthenticated', 'This session has ended; sign in again')
      const credential =
        auth.strengthCredentialId === null
          ? undefined
          : await ctx.db
              .selectFrom('credentials')
              .select(['id', 'type', 'expires_at'])
              .where('id', '=', auth.strengthCredentialId)
              .executeTakeFirst()
      return {
        id: row.id,
        email: row.email,
        username: row.username,
        displayName: row.display_name,
        organization: { id: row.orgId, name: row.orgName },
        strength: auth.strength,
        strengthCredential:
          credential === undefined
            ? null
            : { id: credential.id, type: credential.type, expiresAt: credential.expires_at },
        session: {
          id: auth.sessionId,
          createdAt: row.sessionCreatedAt,
          expiresAt: row.sessionExpiresAt,
        },
      }
    },
  })

  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/auth/elevate',
    summary: "Elevate: raise the current session's strength with a valid OTP",
    tags: ['auth'],
    auth: 'user',
    body: z.object({ code: otpCodeSchema, credentialId: z.string().min(1).max(64).optional() }),
    response: { 200: z.object({ strength: strengthSchema, credentialId: z.string() }) },
    handler: async ({ auth, body, ip }) =>
      elevateSession(ctx, auth, body.code, body.credentialId, ip),
  })
}
