/**
 * Partner applications: the user's granted list, launch (a single-use ticket valid
 * launchTicketTtlSeconds on real time, on the app's registered origin) and ticket redemption.
 * Redemption is one conditional UPDATE, so a ticket is used once even across instances.
 */
import { randomUUID } from 'node:crypto'
import type { RequiredStrength, SessionStrength } from '../db/schema'
import { toIso } from '../db/time'
import type { AuthInfo, ServerContext } from '../context'
import { MagDomainError } from '../errors'
import { newOpaqueToken, sha256Hex } from '../auth/tokens'

export function meetsRequirement(strength: SessionStrength, required: RequiredStrength): boolean {
  return required === 'password' || strength !== 'password'
}

export async function listGrantedApps(ctx: ServerContext, userId: string) {
  return ctx.db
    .selectFrom('app_grants')
    .innerJoin('partner_apps', 'partner_apps.id', 'app_grants.app_id')
    .select([
      'partner_apps.id',
      'partner_apps.slug',
      'partner_apps.name',
      'partner_apps.origin',
      'partner_apps.required_strength',
    ])
    .where('app_grants.user_id', '=', userId)
    .orderBy('partner_apps.name')
    .execute()
}

export function ticketUrl(origin: string, landingPath: string, ticket: string): string {
  const url = new URL(landingPath, origin)
  // A ticket is a sign-in: it must never travel to anything but the registered origin.
  if (url.origin !== new URL(origin).origin) {
    throw new Error('partner application landing path leaves its registered origin')
  }
  url.searchParams.set('ticket', ticket)
  return url.toString()
}

export async function launchApp(ctx: ServerContext, auth: AuthInfo, slug: string, ip: string) {
  const app = await ctx.db
    .selectFrom('partner_apps')
    .innerJoin('app_grants', 'app_grants.app_id', 'partner_apps.id')
    .selectAll('partner_apps')
    .where('partner_apps.slug', '=', slug)
    .where('app_grants.user_id', '=', auth.userId)
    .executeTakeFirst()
  if (app === undefined) {
    throw new MagDomainError(
      'app-not-found',
      // No slug in the message: an error never repeats the request's path.
      'No such partner application is granted to this account',
    )
  }
  if (!meetsRequirement(auth.strength, app.required_strength)) {
    await ctx.audit({
      type: 'apps.launch-refused',
      userId: auth.userId,
      ip,
      detail: { app: slug, required: app.required_strength, strength: auth.strength },
    })
    throw new MagDomainError(
      'login-requirements-not-met',
      `login requirements not met: ${app.name} requires OTP strength; elevate with a one-time code`,
      { requiredStrength: app.required_strength, currentStrength: auth.strength },
    )
  }
  const { token, hash } = newOpaqueToken()
  const url = ticketUrl(app.origin, app.landing_path, token)
  const now = ctx.clock.realNow()
  const expiresAt = new Date(now.getTime() + ctx.config.launchTicketTtlSeconds * 1000)
  await ctx.db
    .insertInto('launch_tickets')
    .values({
      id: randomUUID(),
      token_hash: hash,
      user_id: auth.userId,
      app_id: app.id,
      session_id: auth.sessionId,
      strength: auth.strength,
      created_at: toIso(now),
      expires_at: toIso(expiresAt),
      used_at: null,
    })
    .execute()
  await ctx.audit({
    type: 'apps.launch',
    userId: auth.userId,
    ip,
    detail: { app: slug, strength: auth.strength, sessionId: auth.sessionId },
  })
  return { url, expiresAt: toIso(expiresAt), app }
}

export type RedeemFailure = 'unknown' | 'used' | 'expired' | 'signed-out'

export type RedeemResult =
  | {
      ok: true
      app: { slug: string; name: string }
      user: { id: string; email: string; username: string; displayName: string }
      strength: SessionStrength
    }
  | { ok: false; reason: RedeemFailure }

export async function redeemTicket(
  ctx: ServerContext,
  slug: string,
  ticket: string,
  ip: string,
): Promise<RedeemResult> {
  const app = await ctx.db
    .selectFrom('partner_apps')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst()
  if (app === undefined || ticket.length < 20 || ticket.length > 100)
    return { ok: false, reason: 'unknown' }
  const hash = sha256Hex(ticket)
  const now = toIso(ctx.clock.realNow())
  const claimed = await ctx.db
    .updateTable('launch_tickets')
    .set({ used_at: now })
    .where('token_hash', '=', hash)
    .where('app_id', '=', app.id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    // A ticket speaks for the session that launched it: signed out or revoked, it is void.
    .where((eb) =>
      eb(
        'session_id',
        'in',
        eb
          .selectFrom('sessions')
          .select('sessions.id')
          .where('sessions.revoked_at', 'is', null)
          .where('sessions.expires_at', '>', now),
      ),
    )
    .executeTakeFirst()
  const row = await ctx.db
    .selectFrom('launch_tickets')
    .innerJoin('users', 'users.id', 'launch_tickets.user_id')
    .select([
      'launch_tickets.used_at',
      'launch_tickets.expires_at',
      'launch_tickets.strength',
      'launch_tickets.app_id',
      'users.id as userId',
      'users.email',
      'users.username',
      'users.display_name',
    ])
    .where('launch_tickets.token_hash', '=', hash)
    .executeTakeFirst()
  if (Number(claimed.numUpdatedRows) !== 1) {
    const reason: RedeemFailure =
      row === undefined || row.app_id !== app.id
        ? 'unknown'
        : row.used_at !== null
          ? 'used'
          : row.expires_at <= now
            ? 'expired'
            : 'signed-out'
    await ctx.audit({
      type: 'apps.ticket-refused',
      userId: row?.userId ?? null,
      ip,
      detail: { app: slug, reason },
    })
    return { ok: false, reason }
  }
  if (row === undefined) return { ok: false, reason: 'unknown' }
  await ctx.audit({ type: 'apps.ticket-redeemed', userId: row.userId, ip, detail: { app: slug } })
  return {
    ok: true,
    app: { slug: app.slug, name: app.name },
    user: {
      id: row.userId,
      email: row.email,
      username: row.username,
      displayName: row.display_name,
    },
    strength: row.strength,
  }
}
