/**
 * `npm run server [-- --port N --data DIR --dev-time-offset-days N --demo]` starts the
 * service; `npm run server -- admin <command> ...` runs an administrative command.
 */
import { ConfigError, hasFlag, loadConfig } from './config'
import { startServer, type RunningServer } from './server'

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'admin') {
    const { runAdminCli } = await import('./admin/cli')
    return runAdminCli(argv.slice(1), process.env, process.cwd(), process.stdout, process.stderr)
  }
  const config = loadConfig({ argv, env: process.env, cwd: process.cwd() })
  // The demo data is seeded before the service says it is ready (health answers 503
  // not-ready until then), so a client that waits for health can sign in at once.
  const server = await startServer(config, {
    logger: true,
    ...(hasFlag(argv, 'demo') ? { prepare: seedAndDescribeDemo } : {}),
  })
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

async function seedAndDescribeDemo(server: RunningServer): Promise<void> {
  const { seedDemo, describeDemo } = await import('./demo/seed')
  const demo = await seedDemo(server.ctx, server.url)
  process.stdout.write(describeDemo(demo, server.url))
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
