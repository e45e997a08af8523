/**
 * Service configuration from command-line flags and environment variables, validated with
 * zod so a wrong value stops start-up with a message naming the setting.
 */
import path from 'node:path'
import { z } from 'zod'

export interface RateLimitRule {
  /** Attempts allowed per window. */
  limit: number
  windowSeconds: number
}

export interface ServerConfig {
  host: string
  port: number
  dataDir: string
  /** postgres://... ; undefined means SQLite in dataDir. */
  databaseUrl: string | undefined
  devTimeOffsetDays: number
  renewalGraceDays: number
  /** 32-byte key for secrets at rest and token signatures; hex or base64 in MAG_SECRET_KEY. */
  secretKey: Buffer | undefined
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  launchTicketTtlSeconds: number
  bodyLimitBytes: number
  /** Consecutive wrong passwords before sign-in is paused for signInLockMinutes. */
  signInLockThreshold: number
  signInLockMinutes: number
  rateLimits: {
    signInPerAccount: RateLimitRule
    signInPerAddress: RateLimitRule
    otpPerAccount: RateLimitRule
    otpPerAddress: RateLimitRule
  }
  production: boolean
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const intSetting = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)

export interface ConfigSources {
  argv: readonly string[]
  env: Readonly<Record<string, string | undefined>>
  cwd: string
}

/** Reads `--name value` and `--name=value` flags. */
export function readFlag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === `--${name}`) return argv[i + 1]
    if (arg?.startsWith(`--${name}=`)) return arg.slice(name.length + 3)
  }
  return undefined
}

export function hasFlag(argv: readonly string[], name: string): boolean {
  return argv.includes(`--${name}`)
}

function parseSecretKey(raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32) {
    throw new ConfigError('MAG_SECRET_KEY must be 32 bytes, as 64 hex digits or base64')
  }
  return key
}

function parseSetting<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (!result.success) throw new ConfigError(result.error.issues[0]?.message ?? 'invalid setting')
  return result.data
}

export function loadConfig({ argv, env, cwd }: ConfigSources): ServerConfig {
  const production = env.NODE_ENV === 'production'
  const port = parseSetting(
    intSetting('port (--port / MAG_PORT)', 0, 65535),
    readFlag(argv, 'port') ?? env.MAG_PORT ?? '8787',
  )
  const dataDir = path.resolve(cwd, readFlag(argv, 'data') ?? env.MAG_DATA_DIR ?? '.mag-server')
  const devTimeOffsetDays = parseSetting(
    intSetting(
      'dev time offset (--dev-time-offset-days / MAG_DEV_TIME_OFFSET_DAYS)',
      -36500,
      36500,
    ),
    readFlag(argv, 'dev-time-offset-days') ?? env.MAG_DEV_TIME_OFFSET_DAYS ?? '0',
  )
  if (production && devTimeOffsetDays !== 0) {
    throw new ConfigError(
      'MAG_DEV_TIME_OFFSET_DAYS / --dev-time-offset-days is refused when NODE_ENV=production',
    )
  }
  const renewalGraceDays = parseSetting(
    intSetting('MAG_RENEWAL_GRACE_DAYS', 0, 3650),
    env.MAG_RENEWAL_GRACE_DAYS ?? '0',
  )
  const databaseUrl = env.MAG_DATABASE_URL === '' ? undefined : env.MAG_DATABASE_URL
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('MAG_DATABASE_URL must start with postgres:// or postgresql://')
  }
  return {
    host: readFlag(argv, 'host') ?? env.MAG_HOST ?? '127.0.0.1',
    port,
    dataDir,
    databaseUrl,
    devTimeOffsetDays,
    renewalGraceDays,
    secretKey: parseSecretKey(env.MAG_SECRET_KEY),
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    launchTicketTtlSeconds: 60,
    bodyLimitBytes: 64 * 1024,
    signInLockThreshold: 10,
    signInLockMinutes: 15,
    rateLimits: rateLimitsFromEnv(env),
    production,
  }
}

export function defaultRateLimits(): ServerConfig['rateLimits'] {
  return {
    signInPerAccount: { limit: 20, windowSeconds: 60 },
    signInPerAddress: { limit: 100, windowSeconds: 60 },
    otpPerAccount: { limit: 20, windowSeconds: 60 },
    otpPerAddress: { limit: 200, windowSeconds: 60 },
  }
}

/**
 * Per-minute limits may be raised or lowered by an operator (and by the benchmark, which
 * drives thousands of requests from one address): MAG_RATE_LIMIT_SIGN_IN_PER_ACCOUNT,
 * MAG_RATE_LIMIT_SIGN_IN_PER_ADDRESS, MAG_RATE_LIMIT_OTP_PER_ACCOUNT, MAG_RATE_LIMIT_OTP_PER_ADDRESS.
 */
function rateLimitsFromEnv(env: ConfigSources['env']): ServerConfig['rateLimits'] {
  const defaults = defaultRateLimits()
  const perMinute = (name: string, fallback: RateLimitRule): RateLimitRule => {
    const raw = env[name]
    if (raw === undefined || raw === '') return fallback
    return { limit: parseSetting(intSetting(name, 1, 10_000_000), raw), windowSeconds: 60 }
  }
  return {
    signInPerAccount: perMinute('MAG_RATE_LIMIT_SIGN_IN_PER_ACCOUNT', defaults.signInPerAccount),
    signInPerAddress: perMinute('MAG_RATE_LIMIT_SIGN_IN_PER_ADDRESS', defaults.signInPerAddress),
    otpPerAccount: perMinute('MAG_RATE_LIMIT_OTP_PER_ACCOUNT', defaults.otpPerAccount),
    otpPerAddress: perMinute('MAG_RATE_LIMIT_OTP_PER_ADDRESS', defaults.otpPerAddress),
  }
}
