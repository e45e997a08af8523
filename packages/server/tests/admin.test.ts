import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAdminCli } from '../src/admin/cli'
import { verifyPassword } from '../src/auth/password'
import { createServerContext } from '../src/context'
import { loadConfig } from '../src/config'
import { DEMO_USER, seedDemo } from '../src/demo/seed'
import {
  createTestDatabase,
  describeEachDatabase,
  randomBase32Secret,
  type TestDatabase,
} from './helpers'

/** The service's entry point, wherever the tests are run from. */
const SERVICE_MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url))

const run = promisify(execFile)

describeEachDatabase('admin CLI', (target) => {
  let database: TestDatabase
  let env: Record<string, string | undefined>

  beforeAll(async () => {
    database = await createTestDatabase(target)
    env = { MAG_DATA_DIR: database.dataDir, MAG_DATABASE_URL: database.databaseUrl }
  })
  afterAll(async () => {
    await database?.drop()
  })

  async function admin(...argv: string[]) {
    let out = ''
    let err = ''
    const code = await runAdminCli(
      argv,
      env,
      process.cwd(),
      { write: (t: string) => (out += t) },
      { write: (t: string) => (err += t) },
    )
    return { code, out: out === '' ? undefined : JSON.parse(out), err }
  }

  async function withContext<T>(
    fn: (ctx: Awaited<ReturnType<typeof createServerContext>>['ctx']) => Promise<T>,
  ) {
    const opened = await createServerContext(loadConfig({ argv: [], env, cwd: process.cwd() }))
    try {
      return await fn(opened.ctx)
    } finally {
      await opened.close()
    }
  }

  it('creates an organization, a user and an app, and grants it', async () => {
    expect((await admin('create-org', '--name', 'Acme')).code).toBe(0)
    const user = await admin(
      'create-user',
      '--org',
      'Acme',
      '--email',
      'Ann@Example.com',
      '--username',
      'ann',
      '--display-name',
      'Ann',
      '--password',
      'a-long-password',
    )
    expect(user.code).toBe(0)
    expect(user.out.result.email).toBe('ann@example.com')
    const app = await admin(
      'create-app',
      '--slug',
      'wiki',
      '--name',
      'Wiki',
      '--origin',
      'https://wiki.example.com',
      '--required-strength',
      'otp',
    )
    expect(app.code).toBe(0)
    expect((await admin('grant', '--user', 'ann', '--app', 'wiki')).code).toBe(0)
    const grants = await withContext((ctx) => ctx.db.selectFrom('app_grants').selectAll().execute())
    expect(grants).toHaveLength(1)
  })

  it('refuses bad input naming the field, and changes nothing', async () => {
    const badOrigin = await admin(
      'create-app',
      '--slug',
      'evil',
      '--name',
      'Evil',
      '--origin',
      'http://evil.example.com',
      '--required-strength',
      'password',
    )
    expect(badOrigin.code).toBe(1)
    expect(badOrigin.err).toMatch(/origin: must be an https origin/)
    const shortPassword = await admin(
      'create-user',
      '--org',
      'Acme',
      '--email',
      'bo@example.com',
      '--username',
      'bo',
      '--display-name',
      'Bo',
      '--password',
      'short',
    )
    expect(shortPassword.err).toMatch(/password: must be at least 10 characters/)
    const missing = await admin('grant', '--user', 'ann')
    expect(missing.err).toMatch(/--app is required/)
    const apps = await withContext((ctx) =>
      ctx.db.selectFrom('partner_apps').select('slug').execute(),
    )
    expect(apps.map((a) => a.slug)).toEqual(['wiki'])
    expect((await admin('no-such-command')).code).toBe(2)
  })

  it('refuses a landing path that would send launch tickets to another host', async () => {
    for (const landingPath of ['//evil.example.com/steal', '///evil.example.com/']) {
      const result = await admin(
        'create-app',
        '--slug',
        'sneaky',
        '--name',
        'Sneaky',
        '--origin',
        'https://crm.example.com',
        '--required-strength',
        'password',
        '--landing-path',
        landingPath,
      )
      expect(result.code).toBe(1)
      expect(result.err).toMatch(/landingPath/)
    }
    const apps = await withContext((ctx) =>
      ctx.db.selectFrom('partner_apps').select('slug').where('slug', '=', 'sneaky').execute(),
    )
    expect(apps).toEqual([])
  })

  it('create-user takes the password from the MAG_ADMIN_PASSWORD it is given, not only --password', async () => {
    expect((await admin('create-org', '--name', 'Env Org')).code).toBe(0)
    let err = ''
    const code = await runAdminCli(
      [
        'create-user',
        '--org',
        'Env Org',
        '--email',
        'eve@example.com',
        '--username',
        'eve',
        '--display-name',
        'Eve',
      ],
      { ...env, MAG_ADMIN_PASSWORD: 'password-from-the-environment' },
      process.cwd(),
      { write: () => undefined },
      { write: (t: string) => (err += t) },
    )
    expect(err).toBe('')
    expect(code).toBe(0)
    const hash = await withContext(async (ctx) =>
      ctx.db
        .selectFrom('users')
        .select('password_hash')
        .where('email', '=', 'eve@example.com')
        .executeTakeFirstOrThrow(),
    )
    expect(await verifyPassword(hash.password_hash, 'password-from-the-environment')).toBe(true)
  })

  it('loads hardware-token seeds all or nothing, encrypted at rest', async () => {
    const secret = randomBase32Secret()
    const good = path.join(database.dataDir, 'good.csv')
    await writeFile(good, `serial,secret\nHW-0001,${secret}\nHW-0002,${randomBase32Secret()}\n`)
    expect((await admin('load-hardware-tokens', '--file', good)).out.result).toEqual({ loaded: 2 })
    const bad = path.join(database.dataDir, 'bad.csv')
    await writeFile(bad, `HW-0003,${randomBase32Secret()}\nHW-0001,${randomBase32Secret()}\n`)
    const refused = await admin('load-hardware-tokens', '--file', bad)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/HW-0001 is already loaded/)
    const rows = await withContext((ctx) =>
      ctx.db.selectFrom('hardware_tokens').selectAll().execute(),
    )
    expect(rows.map((r) => r.serial).sort()).toEqual(['HW-0001', 'HW-0002'])
    expect(JSON.stringify(rows)).not.toContain(secret)
    const garbage = path.join(database.dataDir, 'garbage.csv')
    await writeFile(garbage, 'HW-0009,not base32!\n')
    expect((await admin('load-hardware-tokens', '--file', garbage)).err).toMatch(
      /line 1: secretBase32/,
    )
  })

  it('mark-invoice-paid reports an unknown invoice', async () => {
    const result = await admin('mark-invoice-paid', '--invoice', 'no-such-invoice')
    expect(result.code).toBe(1)
    expect(result.err).toMatch(/no-such-invoice/)
  })

  it('the demo seed is idempotent: one user, three apps, two needing OTP', async () => {
    await withContext(async (ctx) => {
      await seedDemo(ctx, 'http://127.0.0.1:8787')
      await seedDemo(ctx, 'http://127.0.0.1:9999')
      const users = await ctx.db
        .selectFrom('users')
        .select('email')
        .where('email', '=', DEMO_USER.email)
        .execute()
      expect(users).toHaveLength(1)
      const apps = await ctx.db
        .selectFrom('partner_apps')
        .select(['slug', 'required_strength', 'origin'])
        .where('slug', 'in', ['crm', 'billing', 'ops'])
        .execute()
      expect(apps.filter((a) => a.required_strength === 'otp')).toHaveLength(2)
      expect(new Set(apps.map((a) => a.origin))).toEqual(new Set(['http://127.0.0.1:9999']))
    })
  })
})

describe('npm run server -- admin (process)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await createTestDatabase('sqlite')
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('runs through main.ts and prints one JSON line', async () => {
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        SERVICE_MAIN,
        'admin',
        'create-org',
        '--name',
        'Proc Org',
        '--data',
        database.dataDir,
      ],
      { env: { ...process.env, MAG_DATABASE_URL: '' } },
    )
    expect(JSON.parse(stdout)).toMatchObject({
      ok: true,
      command: 'create-org',
      result: { name: 'Proc Org' },
    })
  })

  it('refuses a dev time offset in production before touching anything', async () => {
    const failure = await run(
      process.execPath,
      ['--import', 'tsx', SERVICE_MAIN, '--data', database.dataDir],
      {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          MAG_DEV_TIME_OFFSET_DAYS: '30',
          MAG_PORT: '0',
        },
      },
    ).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    )
    expect(failure?.code).toBe(1)
    expect(failure?.stderr).toMatch(/refused when NODE_ENV=production/)
  })

  it('refuses --dev-time-offset-days in production, leaving the data directory empty', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mag-prod-offset-'))
    try {
      const failure = await run(
        process.execPath,
        ['--import', 'tsx', SERVICE_MAIN, '--data', dataDir, '--dev-time-offset-days', '7'],
        { env: { ...process.env, NODE_ENV: 'production', MAG_PORT: '0', MAG_DATABASE_URL: '' } },
      ).then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      )
      expect(failure?.code).toBe(1)
      expect(failure?.stderr).toMatch(/refused when NODE_ENV=production/)
      expect(await readdir(dataDir)).toEqual([])
    } finally {
      await rm(dataDir, { recursive: true, force: true })
    }
  })
})
