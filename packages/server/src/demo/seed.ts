/**
 * `--demo`: a demo organization, a demo user with fixed documented credentials and three
 * partner applications hosted by this service's own /partner pages, two requiring OTP.
 * Idempotent: running it again on the same data changes nothing.
 */
import type { ServerContext } from '../context'
import { createOrganization, createPartnerApp, createUser, grantApp } from '../admin/service'

export const DEMO_USER = {
  email: 'demo@mag.example',
  username: 'demo',
  password: 'demo-password-123',
  displayName: 'Demo User',
} as const

export const DEMO_APPS = [
  { slug: 'crm', name: 'Acme CRM', requiredStrength: 'password' },
  { slug: 'billing', name: 'Acme Billing', requiredStrength: 'otp' },
  { slug: 'ops', name: 'Acme Operations Console', requiredStrength: 'otp' },
] as const

export interface DemoSeed {
  userId: string
  apps: { slug: string; name: string; requiredStrength: 'password' | 'otp' }[]
}

export async function seedDemo(ctx: ServerContext, serviceUrl: string): Promise<DemoSeed> {
  let org = await ctx.db
    .selectFrom('organizations')
    .select('id')
    .where('name', '=', 'Demo Organization')
    .executeTakeFirst()
  org ??= await createOrganization(ctx, { name: 'Demo Organization' })
  let user = await ctx.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', DEMO_USER.email)
    .executeTakeFirst()
  user ??= await createUser(ctx, { organizationId: org.id, ...DEMO_USER })
  const origin = new URL(serviceUrl).origin
  for (const app of DEMO_APPS) {
    const existing = await ctx.db
      .selectFrom('partner_apps')
      .select('id')
      .where('slug', '=', app.slug)
      .executeTakeFirst()
    if (existing === undefined) await createPartnerApp(ctx, { ...app, origin })
    else
      await ctx.db
        .updateTable('partner_apps')
        .set({ origin })
        .where('id', '=', existing.id)
        .execute()
    await grantApp(ctx, { user: user.id, app: app.slug })
  }
  return { userId: user.id, apps: DEMO_APPS.map((a) => ({ ...a })) }
}

export function describeDemo(seed: DemoSeed, serviceUrl: string): string {
  const apps = seed.apps
    .map((a) => `  - ${a.name} (${a.slug}): requires ${a.requiredStrength}`)
    .join('\n')
  // Without this hint a first launch of an OTP app just fails: the demo user starts with no
  // credential, and getting one is part of what the demo shows.
  return `Demo data ready at ${serviceUrl}
  user: ${DEMO_USER.email} / username ${DEMO_USER.username} / password ${DEMO_USER.password}
${apps}
  The OTP apps need a credential: buy "Desktop OTP" (test card 4242 4242 4242 4242, any
  future expiry, CVC 123), activate its license key and confirm it with a current code.
  API: ${serviceUrl}/api/v1/openapi.json
`
}
