/**
 * `npm run server -- admin <command> [--flag value ...]`. Uses the same configuration as the
 * service (MAG_DATA_DIR / --data, MAG_DATABASE_URL) and prints one JSON result line.
 */
import { readFile } from 'node:fs/promises'
import { loadConfig, readFlag } from '../config'
import { createServerContext } from '../context'
import { MagDomainError } from '../errors'
import type { ServerContext } from '../context'
import { markInvoicePaid } from '../commerce/fulfilment'
import {
  AdminInputError,
  createOrganization,
  createPartnerApp,
  createUser,
  grantApp,
  loadHardwareTokens,
  parseHardwareTokenCsv,
  unlockCredential,
  unlockUser,
} from './service'

interface Writable {
  write(text: string): unknown
}

type Command = (
  ctx: ServerContext,
  flag: (name: string) => string,
  env: Readonly<Record<string, string | undefined>>,
) => Promise<unknown>

const COMMANDS: Record<string, { usage: string; run: Command }> = {
  'create-org': {
    usage: '--name NAME',
    run: (ctx, flag) => createOrganization(ctx, { name: flag('name') }),
  },
  'create-user': {
    usage:
      '--org ORG_ID_OR_NAME --email EMAIL --username NAME --display-name NAME (password from MAG_ADMIN_PASSWORD or --password)',
    run: async (ctx, flag, env) => {
      const orgRef = flag('org')
      const org = await ctx.db
        .selectFrom('organizations')
        .select('id')
        .where((eb) => eb.or([eb('id', '=', orgRef), eb('name', '=', orgRef)]))
        .executeTakeFirst()
      if (org === undefined) throw new AdminInputError(`org: no organization ${orgRef}`)
      return createUser(ctx, {
        organizationId: org.id,
        email: flag('email'),
        username: flag('username'),
        password: env.MAG_ADMIN_PASSWORD ?? flag('password'),
        displayName: flag('display-name'),
      })
    },
  },
  'create-app': {
    usage:
      '--slug SLUG --name NAME --origin https://app.example.com --required-strength password|otp [--landing-path /path/]',
    run: (ctx, flag) => {
      const requiredStrength = flag('required-strength')
      if (requiredStrength !== 'password' && requiredStrength !== 'otp') {
        throw new AdminInputError('required-strength: must be password or otp')
      }
      let landingPath: string | undefined
      try {
        landingPath = flag('landing-path')
      } catch {
        landingPath = undefined
      }
      return createPartnerApp(ctx, {
        slug: flag('slug'),
        name: flag('name'),
        origin: flag('origin'),
        requiredStrength,
        ...(landingPath !== undefined ? { landingPath } : {}),
      })
    },
  },
  grant: {
    usage: '--user EMAIL_OR_USERNAME --app SLUG',
    run: (ctx, flag) => grantApp(ctx, { user: flag('user'), app: flag('app') }),
  },
  'mark-invoice-paid': {
    usage: '--invoice INVOICE_ID',
    run: (ctx, flag) => markInvoicePaid(ctx, flag('invoice')),
  },
  'load-hardware-tokens': {
    usage: '--file seeds.csv   (lines: serial,base32secret)',
    run: async (ctx, flag) => {
      const file = flag('file')
      const text = await readFile(file, 'utf8').catch(() => {
        throw new AdminInputError(`file: cannot read ${file}`)
      })
      return loadHardwareTokens(ctx, parseHardwareTokenCsv(text))
    },
  },
  'unlock-user': {
    usage: '--user EMAIL_OR_USERNAME',
    run: (ctx, flag) => unlockUser(ctx, { user: flag('user') }),
  },
  'unlock-credential': {
    usage: '--credential CREDENTIAL_ID',
    run: (ctx, flag) => unlockCredential(ctx, { credentialId: flag('credential') }),
  },
}

export function adminUsage(): string {
  return (
    'usage: npm run server -- admin <command> [flags]\n' +
    Object.entries(COMMANDS)
      .map(([name, c]) => `  ${name} ${c.usage}`)
      .join('\n') +
    '\n'
  )
}

export async function runAdminCli(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  stdout: Writable,
  stderr: Writable,
): Promise<number> {
  const [name, ...rest] = argv
  const command = name === undefined ? undefined : COMMANDS[name]
  if (command === undefined) {
    stderr.write(
      name === undefined ? adminUsage() : `unknown admin command "${name}"\n${adminUsage()}`,
    )
    return 2
  }
  const flag = (flagName: string): string => {
    const value = readFlag(rest, flagName)
    if (value === undefined || value === '') throw new AdminInputError(`--${flagName} is required`)
    return value
  }
  let opened: Awaited<ReturnType<typeof createServerContext>> | undefined
  try {
    opened = await createServerContext(loadConfig({ argv: rest, env, cwd }))
    const result = await command.run(opened.ctx, flag, env)
    stdout.write(JSON.stringify({ ok: true, command: name, result }) + '\n')
    return 0
  } catch (error) {
    if (error instanceof AdminInputError || error instanceof MagDomainError) {
      stderr.write(`admin ${name}: ${error.message}\n`)
      return 1
    }
    throw error
  } finally {
    await opened?.close()
  }
}
