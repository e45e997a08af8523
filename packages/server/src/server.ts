/** Opens the context, builds the app and listens; what main.ts, tests and the bench use. */
import type { FastifyInstance } from 'fastify'
import type { Clock } from './clock'
import type { ServerConfig } from './config'
import { createServerContext } from './context'
import { createApp, type AppOptions } from './http/app'
import type { ServerContext } from './http/context'
import { pruneRateLimits } from './rate-limit'

export interface RunningServer {
  app: FastifyInstance
  ctx: ServerContext
  /** e.g. http://127.0.0.1:8787 */
  url: string
  close(): Promise<void>
}

export async function startServer(
  config: ServerConfig,
  options: AppOptions & { clock?: Clock } = {},
): Promise<RunningServer> {
  const opened = await createServerContext(config, options.clock)
  try {
    const app = await createApp(opened.ctx, options)
    await app.listen({ host: config.host, port: config.port })
    // Expired rate-limit windows are dead weight; any instance may sweep them.
    const prune = () => {
      pruneRateLimits(opened.ctx.db, opened.ctx.clock.realNow()).catch((error: unknown) =>
        app.log.warn({ err: error }, 'pruning rate limits failed'),
      )
    }
    prune()
    const pruneTimer = setInterval(prune, 3_600_000)
    pruneTimer.unref()
    const address = app.server.address()
    const port = typeof address === 'object' && address !== null ? address.port : config.port
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    return {
      app,
      ctx: opened.ctx,
      url: `http://${host}:${port}`,
      close: async () => {
        clearInterval(pruneTimer)
        await app.close()
        await opened.close()
      },
    }
  } catch (error) {
    await opened.close()
    throw error
  }
}
