/** Writes security events to audit_events. Details are JSON and never hold secrets. */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Clock } from '../clock'
import type { Database } from '../db/schema'
import { toIso } from '../db/time'

export interface AuditEvent {
  /** Dotted event name, e.g. 'auth.sign-in', 'otp.locked', 'commerce.purchase'. */
  type: string
  userId?: string | null
  ip?: string | null
  /** Never a secret, password, code or token. */
  detail?: Record<string, unknown>
}

export function createAuditSink(db: Kysely<Database>, clock: Clock) {
  return async (event: AuditEvent): Promise<void> => {
    await db
      .insertInto('audit_events')
      .values({
        id: randomUUID(),
        at: toIso(clock.realNow()),
        type: event.type,
        user_id: event.userId ?? null,
        ip: event.ip ?? null,
        detail: JSON.stringify(event.detail ?? {}),
      })
      .execute()
  }
}
