/**
 * The context the service's domain runs on, and its construction.
 *
 * ServerContext is what every handler, domain module, admin command and the demo seed
 * receives: the database, the clock, the config, the audit sink and the secret box. It holds
 * no per-user state, so any number of instances can share one PostgreSQL database. It lives
 * here, not under http/, because the domain must not depend on the HTTP layer.
 *
 * createServerContext opens and migrates the database, loads the service key, wires clock,
 * audit and secrets; `close()` releases the database.
 */
import type { Kysely } from 'kysely'
import { createClock, type Clock } from './clock'
import type { ServerConfig } from './config'
import { connectDatabase, type DatabaseKind } from './db/connect'
import { migrateToLatest } from './db/migrator'
import type { Database, SessionStrength } from './db/schema'
import { createAuditSink, type AuditEvent } from './audit/audit'
import { createSecretBox, createSigner, loadOrCreateServiceKey, type SecretBox } from './secrets'

// The domain names these types through the context it runs on; each is defined beside its
// implementation, so no module imports back from here.
export type { AuditEvent, SecretBox }

export interface ServerContext {
  db: Kysely<Database>
  dbKind: DatabaseKind
  clock: Clock
  config: ServerConfig
  audit(event: AuditEvent): Promise<void>
  secrets: SecretBox
  /** HMAC-SHA256 under a key derived from the service key; for signed tokens. */
  sign(data: string): string
}

/** The authenticated caller of an `auth: 'access-token'` endpoint. */
export interface AuthInfo {
  userId: string
  sessionId: string
  /** Effective strength now: an expired or unusable strength credential falls back to 'password'. */
  strength: SessionStrength
  /** The credential behind an OTP strength, null for 'password'. */
  strengthCredentialId: string | null
}

export interface OpenedContext {
  ctx: ServerContext
  close(): Promise<void>
}

export async function createServerContext(
  config: ServerConfig,
  clock: Clock = createClock({ offsetDays: config.devTimeOffsetDays }),
): Promise<OpenedContext> {
  const serviceKey = loadOrCreateServiceKey(config.dataDir, config.secretKey)
  const { db, kind, close } = connectDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
  })
  try {
    await migrateToLatest(db)
  } catch (error) {
    await close()
    throw error
  }
  const ctx: ServerContext = {
    db,
    dbKind: kind,
    clock,
    config,
    audit: createAuditSink(db, clock),
    secrets: createSecretBox(serviceKey),
    sign: createSigner(serviceKey),
  }
  return { ctx, close }
}
