/**
 * Fixed-window rate limits kept in the database (rate_limits), so every instance behind a
 * load balancer counts against the same numbers. One upsert per check, atomic on both
 * SQLite and PostgreSQL.
 */
import { sql, type Kysely } from 'kysely'
import type { RateLimitRule } from './config'
import type { Database } from './db/schema'

export interface RateLimitResult {
  allowed: boolean
  count: number
  /** Seconds until the window resets. */
  retryAfterSeconds: number
}

export async function hitRateLimit(
  db: Kysely<Database>,
  key: string,
  rule: RateLimitRule,
  realNow: Date,
): Promise<RateLimitResult> {
  const windowMs = rule.windowSeconds * 1000
  const windowStart = Math.floor(realNow.getTime() / windowMs) * windowMs
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['key', 'window_start'])
        .doUpdateSet({ count: sql<number>`rate_limits.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow()
  const count = Number(row.count)
  return {
    allowed: count <= rule.limit,
    count,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - realNow.getTime()) / 1000)),
  }
}

/** Old windows are useless; dropped opportunistically so the table stays small. */
export async function pruneRateLimits(db: Kysely<Database>, realNow: Date): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('window_start', '<', realNow.getTime() - 86_400_000)
    .execute()
}
