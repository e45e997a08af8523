/**
 * Administrative operations shared by the admin CLI, the demo seed and tests. Each input is
 * validated with zod; a bad one throws AdminInputError naming the field and changes nothing.
 */
import { randomUUID } from 'node:crypto'
import { partnerOriginSchema, requiredStrengthSchema } from '@mag/mag-contract'
import { z } from 'zod'
import { hashPassword } from '../auth/password'
import { sql, type ExpressionBuilder } from 'kysely'
import type { CredentialStatus, Database, RequiredStrength } from '../db/schema'
import { toIso } from '../db/time'
import type { ServerContext } from '../context'
import { canonicalBase32, decodeBase32 } from '../otp/totp'

export class AdminInputError extends Error {
  override name = 'AdminInputError'
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  throw new AdminInputError(`${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}`)
}

/**
 * A partner application's origin: the contract's one rule, which the app's safe-shell also
 * applies (https anywhere, http only on loopback: 127.0.0.0/8, localhost, [::1]).
 */
export const originSchema = partnerOriginSchema

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes')

export async function createOrganization(ctx: ServerContext, input: { name: string }) {
  const { name } = parse(z.object({ name: z.string().trim().min(1).max(200) }), input)
  const id = randomUUID()
  await ctx.db
    .insertInto('organizations')
    .values({ id, name, created_at: toIso(ctx.clock.realNow()) })
    .execute()
  return { id, name }
}

const userInput = z.object({
  organizationId: z.string().min(1),
  email: z.string().trim().toLowerCase().pipe(z.email()),
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{2,64}$/, 'must be 2-64 letters, digits, dots, dashes or underscores'),
  password: z.string().min(10, 'must be at least 10 characters').max(1024),
  displayName: z.string().trim().min(1).max(200),
})

export async function createUser(ctx: ServerContext, input: z.input<typeof userInput>) {
  const data = parse(userInput, input)
  const org = await ctx.db
    .selectFrom('organizations')
    .select('id')
    .where('id', '=', data.organizationId)
    .executeTakeFirst()
  if (org === undefined)
    throw new AdminInputError(`organizationId: no organization ${data.organizationId}`)
  const clash = await ctx.db
    .selectFrom('users')
    .select(['email', 'username'])
    .where((eb) => eb.or([eb('email', '=', data.email), eb('username', '=', data.username)]))
    .executeTakeFirst()
  if (clash !== undefined) {
    throw new AdminInputError(
      clash.email === data.email ? 'email: already in use' : 'username: already in use',
    )
  }
  const id = randomUUID()
  await ctx.db
    .insertInto('users')
    .values({
      id,
      organization_id: data.organizationId,
      email: data.email,
      username: data.username,
      password_hash: await hashPassword(data.password),
      display_name: data.displayName,
      disabled: 0,
      failed_sign_ins: 0,
      locked_until: null,
      created_at: toIso(ctx.clock.realNow()),
    })
    .execute()
  return { id, email: data.email, username: data.username }
}

const appInput = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1).max(200),
  origin: originSchema,
  landingPath: z
    .string()
    // Not "//host/...": resolved against the origin, that would name another host.
    .regex(/^\/(?!\/)[A-Za-z0-9._~\-/]*$/, 'must be an absolute path on the origin')
    .optional(),
  requiredStrength: requiredStrengthSchema,
})

export async function createPartnerApp(ctx: ServerContext, input: z.input<typeof appInput>) {
  const data = parse(appInput, input)
  const existing = await ctx.db
    .selectFrom('partner_apps')
    .select('id')
    .where('slug', '=', data.slug)
    .executeTakeFirst()
  if (existing !== undefined) throw new AdminInputError(`slug: ${data.slug} already exists`)
  const id = randomUUID()
  const landingPath = data.landingPath ?? `/partner/${data.slug}/`
  await ctx.db
    .insertInto('partner_apps')
    .values({
      id,
      slug: data.slug,
      name: data.name,
      origin: data.origin,
      landing_path: landingPath,
      required_strength: data.requiredStrength satisfies RequiredStrength,
      created_at: toIso(ctx.clock.realNow()),
    })
    .execute()
  return { id, slug: data.slug, origin: data.origin, landingPath }
}

async function findUserId(ctx: ServerContext, identifier: string): Promise<string> {
  const value = identifier.trim().toLowerCase()
  const user = await ctx.db
    .selectFrom('users')
    .select('id')
    .where((eb) =>
      eb.or([eb('id', '=', identifier), eb('email', '=', value), eb('username', '=', value)]),
    )
    .executeTakeFirst()
  if (user === undefined) throw new AdminInputError(`user: no user ${identifier}`)
  return user.id
}

export async function grantApp(ctx: ServerContext, input: { user: string; app: string }) {
  const data = parse(z.object({ user: z.string().min(1), app: z.string().min(1) }), input)
  const userId = await findUserId(ctx, data.user)
  const app = await ctx.db
    .selectFrom('partner_apps')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', data.app), eb('slug', '=', data.app)]))
    .executeTakeFirst()
  if (app === undefined) throw new AdminInputError(`app: no partner application ${data.app}`)
  await ctx.db
    .insertInto('app_grants')
    .values({ user_id: userId, app_id: app.id, created_at: toIso(ctx.clock.realNow()) })
    .onConflict((oc) => oc.columns(['user_id', 'app_id']).doNothing())
    .execute()
  return { userId, appId: app.id }
}

/**
 * A credential locked before its seed was ever proven (activated_at is null) goes back to
 * pending, not active: unlocking must not give OTP strength to an unconfirmed seed.
 */
function statusAfterUnlock(eb: ExpressionBuilder<Database, 'credentials'>) {
  return eb
    .case()
    .when('activated_at', 'is', null)
    .then(sql.lit<CredentialStatus>('pending'))
    .else(sql.lit<CredentialStatus>('active'))
    .end()
}

/** Clears the password lock and failure count, and unlocks the user's locked credentials. */
export async function unlockUser(ctx: ServerContext, input: { user: string }) {
  const userId = await findUserId(ctx, parse(z.object({ user: z.string().min(1) }), input).user)
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_sign_ins: 0, locked_until: null })
      .where('id', '=', userId)
      .execute()
    await trx
      .updateTable('credentials')
      .set((eb) => ({ status: statusAfterUnlock(eb), consecutive_failures: 0, locked_at: null }))
      .where('user_id', '=', userId)
      .where('status', '=', 'locked')
      .execute()
  })
  await ctx.audit({ type: 'admin.unlock-user', userId, detail: {} })
  return { userId }
}

export async function unlockCredential(ctx: ServerContext, input: { credentialId: string }) {
  const { credentialId } = parse(z.object({ credentialId: z.string().min(1) }), input)
  const result = await ctx.db
    .updateTable('credentials')
    .set((eb) => ({ status: statusAfterUnlock(eb), consecutive_failures: 0, locked_at: null }))
    .where('id', '=', credentialId)
    .where('status', '=', 'locked')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) {
    throw new AdminInputError(`credentialId: no locked credential ${credentialId}`)
  }
  await ctx.audit({ type: 'admin.unlock-credential', detail: { credentialId } })
  return { credentialId }
}

export interface HardwareTokenSeed {
  serial: string
  secretBase32: string
}

const seedSchema = z.object({
  serial: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,64}$/, 'must be 4-64 letters, digits or dashes'),
  secretBase32: z
    .string()
    .trim()
    // No String#toUpperCase here: it turns 'ß' into 'SS'. @mag/otp's decoder upper-cases
    // ASCII only and refuses the rest; the canonical spelling is what gets stored.
    .refine((s) => {
      try {
        return decodeBase32(s).length >= 10
      } catch {
        return false
      }
    }, 'must be base32 of at least 80 bits')
    .transform(canonicalBase32),
})

/** Parses `serial,base32secret` lines; blank lines and # comments are skipped. */
export function parseHardwareTokenCsv(text: string): HardwareTokenSeed[] {
  const seeds: HardwareTokenSeed[] = []
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return
    const [serial, secret, ...rest] = trimmed.split(',')
    if (rest.length > 0 || secret === undefined) {
      throw new AdminInputError(`line ${index + 1}: expected "serial,base32secret"`)
    }
    if (index === 0 && serial?.toLowerCase() === 'serial') return
    const result = seedSchema.safeParse({ serial, secretBase32: secret })
    if (!result.success) {
      const issue = result.error.issues[0]
      throw new AdminInputError(`line ${index + 1}: ${String(issue?.path[0])} ${issue?.message}`)
    }
    seeds.push(result.data)
  })
  return seeds
}

/** All or nothing: a duplicate serial aborts the whole load. */
export async function loadHardwareTokens(ctx: ServerContext, seeds: HardwareTokenSeed[]) {
  const serials = new Set<string>()
  for (const seed of seeds) {
    const parsed = parse(seedSchema, seed)
    if (serials.has(parsed.serial))
      throw new AdminInputError(`serial: ${parsed.serial} appears twice`)
    serials.add(parsed.serial)
  }
  const at = toIso(ctx.clock.realNow())
  await ctx.db.transaction().execute(async (trx) => {
    if (serials.size > 0) {
      const existing = await trx
        .selectFrom('hardware_tokens')
        .select('serial')
        .where('serial', 'in', [...serials])
        .executeTakeFirst()
      if (existing !== undefined)
        throw new AdminInputError(`serial: ${existing.serial} is already loaded`)
    }
    for (const seed of seeds) {
      const parsed = parse(seedSchema, seed)
      await trx
        .insertInto('hardware_tokens')
        .values({
          serial: parsed.serial,
          secret_encrypted: ctx.secrets.encrypt(parsed.secretBase32),
          loaded_at: at,
          credential_id: null,
        })
        .execute()
    }
  })
  await ctx.audit({ type: 'admin.load-hardware-tokens', detail: { count: seeds.length } })
  return { loaded: seeds.length }
}
