/** Handlers of the service's own endpoints (health). */
import type { ServerContext } from '../context'
import type { EndpointHandlers } from './routes'

export function serviceHandlers(ctx: ServerContext): Pick<EndpointHandlers, 'health'> {
  return {
    // Reached only when ready (the readiness hook answers 503 before); the query proves the
    // database answers now, not only at start-up.
    health: async () => {
      await ctx.db.selectFrom('organizations').select('id').limit(1).execute()
      // One reading, so the two differ by exactly the offset (two readings can straddle a ms).
      const { real, calendar } = ctx.clock.bothNow()
      return {
        status: 'ok' as const,
        database: ctx.dbKind,
        realTime: real.toISOString(),
        calendarTime: calendar.toISOString(),
        devTimeOffsetDays: ctx.config.devTimeOffsetDays,
      }
    },
  }
}
