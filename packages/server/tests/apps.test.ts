import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  createFakeNow,
  describeEachDatabase,
  seedApp,
  seedCredential,
  seedUser,
  signIn,
  startSiblingServer,
  startTestServer,
  totpAt,
  type TestServer,
} from './helpers'

describeEachDatabase('partner applications and launch', (target) => {
  const clock = createFakeNow()
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer(target, { now: clock.now })
  })
  afterAll(async () => {
    await server?.close()
  })

  async function setup(label: string) {
    const user = await seedUser(server.ctx, label)
    await seedApp(server.ctx, server, `${label}-crm`, 'password', user.email)
    await seedApp(server.ctx, server, `${label}-pay`, 'otp', user.email)
    await seedApp(server.ctx, server, `${label}-hidden`, 'password')
    const credential = await seedCredential(server.ctx, user.id)
    const session = await signIn(server, user.email, user.password)
    const launch = (slug: string, token = session.accessToken) =>
      server.request('POST', `/api/v1/apps/${slug}/launch`, { token })
    return { user, credential, session, launch }
  }

  const visit = async (url: string) => {
    const response = await fetch(url)
    return { status: response.status, html: await response.text() }
  }

  it('lists only granted applications with their required strength', async () => {
    const { session } = await setup('list')
    const response = await server.request('GET', '/api/v1/apps', { token: session.accessToken })
    expect(response.status).toBe(200)
    expect(response.body.strength).toBe('password')
    expect(response.body.apps).toEqual([
      expect.objectContaining({
        slug: 'list-crm',
        requiredStrength: 'password',
        requirementsMet: true,
      }),
      expect.objectContaining({
        slug: 'list-pay',
        requiredStrength: 'otp',
        requirementsMet: false,
      }),
    ])
  })

  it('launch answers a ticket URL on the app origin that the partner page redeems once', async () => {
    const { launch, user } = await setup('once')
    const response = await launch('once-crm')
    expect(response.status).toBe(200)
    const url = new URL(response.body.url)
    expect(url.origin).toBe(server.url)
    expect(url.pathname).toBe('/partner/once-crm/')
    expect(new Date(response.body.expiresAt).getTime() - clock.ms()).toBe(60_000)

    const first = await visit(response.body.url)
    expect(first.status).toBe(200)
    expect(first.html).toContain('data-result="signed-in"')
    expect(first.html).toContain(user.email)
    expect(first.html).toMatch(/data-field="strength">password</)

    const second = await visit(response.body.url)
    expect(second.status).toBe(403)
    expect(second.html).toContain('data-result="used"')
    expect(second.html).toContain('App once-crm')
  })

  it('the partner page may run only its own script, which takes the ticket out of the address bar', async () => {
    const { launch } = await setup('csp')
    const response = await fetch((await launch('csp-crm')).body.url)
    const html = await response.text()
    const scripts = [...html.matchAll(/<script>([^<]*)<\/script>/g)].map((m) => m[1]!)
    expect(scripts).toEqual([expect.stringContaining('history.replaceState')])
    const hash = createHash('sha256').update(scripts[0]!).digest('base64')
    expect(response.headers.get('content-security-policy')).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'`,
    )
  })

  it('refuses an OTP app to a password session, naming the required strength; elevate fixes it', async () => {
    const { launch, credential, session } = await setup('strength')
    const refused = await launch('strength-pay')
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('login-requirements-not-met')
    expect(refused.body.error.message).toMatch(/login requirements not met/)
    expect(refused.body.error.details).toEqual({
      requiredStrength: 'otp',
      currentStrength: 'password',
    })

    const elevate = await server.request('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: { code: totpAt(credential.secret, clock.step()) },
    })
    expect(elevate.status).toBe(200)
    const launched = await launch('strength-pay')
    expect(launched.status).toBe(200)
    const page = await visit(launched.body.url)
    expect(page.html).toMatch(/data-field="strength">Desktop OTP</)
  })

  it('an expired ticket is refused by the page', async () => {
    const { launch } = await setup('late')
    const response = await launch('late-crm')
    clock.advance(61_000)
    const page = await visit(response.body.url)
    expect(page.status).toBe(403)
    expect(page.html).toContain('data-result="expired"')
  })

  it('a ticket is valid only for its own application, and unknown tickets are refused', async () => {
    const { launch } = await setup('cross')
    const response = await launch('cross-crm')
    const ticket = new URL(response.body.url).searchParams.get('ticket')!
    const wrongApp = await server.request('POST', '/api/v1/apps/cross-hidden/tickets/redeem', {
      body: { ticket },
    })
    expect(wrongApp.status).toBe(403)
    expect(wrongApp.body.error.code).toBe('ticket-unknown')
    const redeemed = await server.request('POST', '/api/v1/apps/cross-crm/tickets/redeem', {
      body: { ticket },
    })
    expect(redeemed.status).toBe(200)
    expect(redeemed.body.strength).toBe('password')
    const again = await server.request('POST', '/api/v1/apps/cross-crm/tickets/redeem', {
      body: { ticket },
    })
    expect(again.body.error.code).toBe('ticket-used')
    const missing = await visit(`${server.url}/partner/cross-crm/`)
    expect(missing.status).toBe(400)
  })

  it('a ticket dies with the session that launched it: signed out, it is refused', async () => {
    const { launch, session } = await setup('gone')
    const response = await launch('gone-crm')
    const ticket = new URL(response.body.url).searchParams.get('ticket')!
    const pageTicket = new URL((await launch('gone-crm')).body.url)
    const out = await server.request('POST', '/api/v1/auth/sign-out', {
      token: session.accessToken,
    })
    expect(out.status).toBe(200)
    const redeemed = await server.request('POST', '/api/v1/apps/gone-crm/tickets/redeem', {
      body: { ticket },
    })
    expect(redeemed.status).toBe(403)
    expect(redeemed.body.error.code).toBe('ticket-signed-out')
    const page = await visit(pageTicket.toString())
    expect(page.status).toBe(403)
    expect(page.html).toContain('data-result="signed-out"')
  })

  it('concurrent redemptions of one ticket: exactly one succeeds', async () => {
    const { launch } = await setup('burst')
    const response = await launch('burst-crm')
    const ticket = new URL(response.body.url).searchParams.get('ticket')!
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        server.request('POST', '/api/v1/apps/burst-crm/tickets/redeem', { body: { ticket } }),
      ),
    )
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
  })

  it('a session whose credential expired (calendar moved) counts as password for launch', async () => {
    const { launch, credential, session } = await setup('lapse')
    await server.request('POST', '/api/v1/auth/elevate', {
      token: session.accessToken,
      body: { code: totpAt(credential.secret, clock.step()) },
    })
    expect((await launch('lapse-pay')).status).toBe(200)
    const later = await startSiblingServer(server, { offsetDays: 400 })
    try {
      const me = await later.request<{ strength: string }>('GET', '/api/v1/me', {
        token: session.accessToken,
      })
      expect(me.body.strength).toBe('password')
      const refused = await later.request<{ error: { code: string } }>(
        'POST',
        '/api/v1/apps/lapse-pay/launch',
        { token: session.accessToken },
      )
      expect(refused.status).toBe(403)
      expect(refused.body.error.code).toBe('login-requirements-not-met')
    } finally {
      await later.close()
    }
  })

  it('launching an app that is not granted is a 404, and every launch is audited', async () => {
    const { launch, user } = await setup('audit')
    expect((await launch('audit-hidden')).status).toBe(404)
    await launch('audit-crm')
    await launch('audit-pay')
    const rows = await server.ctx.db
      .selectFrom('audit_events')
      .select(['type', 'detail'])
      .where('user_id', '=', user.id)
      .where('type', 'in', ['apps.launch', 'apps.launch-refused'])
      .execute()
    expect(rows.map((r) => r.type).sort()).toEqual(['apps.launch', 'apps.launch-refused'])
    for (const row of rows) expect(row.detail).not.toMatch(/ticket=/)
  })
  it('never answers a ticket URL off the registered origin, whatever the stored landing path', async () => {
    const { launch } = await setup('offsite')
    // As a row written before the admin check refused such paths would be.
    await server.ctx.db
      .updateTable('partner_apps')
      .set({ landing_path: '//evil.example.com/steal' })
      .where('slug', '=', 'offsite-crm')
      .execute()
    const response = await launch('offsite-crm')
    expect(response.status).toBe(500)
    expect(JSON.stringify(response.body)).not.toMatch(/ticket|evil/)
    const issued = await server.ctx.db
      .selectFrom('launch_tickets')
      .innerJoin('partner_apps', 'partner_apps.id', 'launch_tickets.app_id')
      .select('partner_apps.slug')
      .where('partner_apps.slug', '=', 'offsite-crm')
      .execute()
    expect(issued).toEqual([])
  })
})
