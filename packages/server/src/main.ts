/**
 * `npm run server [-- --port N --data DIR --dev-time-offset-days N --demo]` starts the
 * service; `npm run server -- admin <command> ...` runs an administrative command.
 */
import { ConfigError, hasFlag, loadConfig } from './config'
import { startServer } from './server'

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'admin') {
    const { runAdminCli } = await import('./admin/cli')
    return runAdminCli(argv.slice(1), process.env, process.cwd(), process.stdout, process.stderr)
  }
  const config = loadConfig({ argv, env: process.env, cwd: process.cwd() })
  const server = await startServer(config, { logger: true })
  if (hasFlag(argv, 'demo')) {
    const { seedDemo, describeDemo } = await import('./demo/seed')
    const demo = await seedDemo(server.ctx, server.url)
    process.stdout.write(describeDemo(demo, server.url))
  }
  if (config.devTimeOffsetDays !== 0) {
    process.stdout.write(
      `Calendar shifted by ${config.devTimeOffsetDays} days (MAG_DEV_TIME_OFFSET_DAYS); OTP checks use real time.\n`,
    )
  }
  process.stdout.write(
    `MAG reference service listening on ${server.url} (database: ${server.ctx.dbKind})\n`,
  )
  const stop = () => {
    void server.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return -1
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  (error: unknown) => {
    const message =
      error instanceof ConfigError || error instanceof Error ? error.message : String(error)
    process.stderr.write(`mag-server: ${message}\n`)
    process.exitCode = 1
  },
)
