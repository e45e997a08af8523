/** Opens the context, builds the app and listens; what main.ts, tests and the bench use. */
import type { FastifyInstance } from 'fastify'
import type { Clock } from './clock'
import type { ServerConfig } from './config'
import { createServerContext, type ServerContext } from './context'
import { createApp, type AppOptions } from './http/app'
import { Readiness } from './http/readiness'
import { pruneRateLimits } from './rate-limit'

export interface RunningServer {
  app: FastifyInstance
  ctx: ServerContext
  /** e.g. http://127.0.0.1:8787 */
  url: string
  close(): Promise<void>
}

export interface StartOptions extends Omit<AppOptions, 'readiness'> {
  clock?: Clock
  /**
   * Work that must finish before the service says it is ready (the --demo seed). It runs
   * after listening, because it may need the service's own URL; until it resolves, every
   * /api route (health included) answers 503 not-ready. If it throws, the server is closed
   * and startServer rejects.
   */
  prepare?: (server: RunningServer) => Promise<void>
}

export async function startServer(
  config: ServerConfig,
  options: StartOptions = {},
): Promise<RunningServer> {
  const opened = await createServerContext(config, options.clock)
  let pruneTimer: NodeJS.Timeout | undefined
  let app: FastifyInstance | undefined
  try {
    // Migrated by now; ready once `prepare` (if any) has run.
    const readiness = new Readiness('starting')
    const listening = await createApp(opened.ctx, { ...options, readiness })
    app = listening
    await listening.listen({ host: config.host, port: config.port })
    // Expired rate-limit windows are dead weight; any instance may sweep them.
    const prune = () => {
      pruneRateLimits(opened.ctx.db, opened.ctx.clock.realNow()).catch((error: unknown) =>
        listening.log.warn({ err: error }, 'pruning rate limits failed'),
      )
    }
    prune()
    pruneTimer = setInterval(prune, 3_600_000)
    pruneTimer.unref()
    const address = listening.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    const timer = pruneTimer
    const server: RunningServer = {
      app: listening,
      ctx: opened.ctx,
      url: `http://${host}:${port}`,
      close: async () => {
        clearInterval(timer)
        await listening.close()
        await opened.close()
      },
    }
    if (options.prepare !== undefined) await options.prepare(server)
    readiness.markReady()
    return server
  } catch (error) {
    clearInterval(pruneTimer)
    await app?.close()
    await opened.close()
    throw error
  }
}
