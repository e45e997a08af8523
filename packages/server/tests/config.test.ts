import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../src/config'

const load = (argv: string[], env: Record<string, string> = {}) =>
  loadConfig({ argv, env, cwd: '/srv' })

describe('server configuration', () => {
  it('defaults to 127.0.0.1:8787 with SQLite in a data directory', () => {
    const config = load([])
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      databaseUrl: undefined,
      devTimeOffsetDays: 0,
    })
    expect(config.dataDir).toBe('/srv/.mag-server')
  })

  it('takes flags over environment variables', () => {
    const config = load(['--port', '9000', '--data=/tmp/mag', '--dev-time-offset-days', '-3'], {
      MAG_PORT: '8000',
      MAG_DATA_DIR: '/elsewhere',
      MAG_RENEWAL_GRACE_DAYS: '7',
    })
    expect(config).toMatchObject({
      port: 9000,
      dataDir: '/tmp/mag',
      devTimeOffsetDays: -3,
      renewalGraceDays: 7,
    })
  })

  it('names the setting that is wrong', () => {
    expect(() => load(['--port', 'abc'])).toThrow(/port/)
    expect(() => load([], { MAG_DATABASE_URL: 'mysql://x' })).toThrow(/MAG_DATABASE_URL/)
    expect(() => load([], { MAG_SECRET_KEY: 'c2hvcnQ=' })).toThrow(
      /MAG_SECRET_KEY must be 32 bytes/,
    )
    expect(() => load([], { MAG_RENEWAL_GRACE_DAYS: '-1' })).toThrow(ConfigError)
  })

  it('refuses a calendar offset in production, allows it otherwise', () => {
    expect(() => load([], { NODE_ENV: 'production', MAG_DEV_TIME_OFFSET_DAYS: '10' })).toThrow(
      /refused when NODE_ENV=production/,
    )
    expect(load([], { NODE_ENV: 'production' }).production).toBe(true)
    expect(load([], { MAG_DEV_TIME_OFFSET_DAYS: '10' }).devTimeOffsetDays).toBe(10)
  })
})
