/**
 * Builds the ServerContext from a config: opens and migrates the database, loads the service
 * key, wires clock, audit and secrets. `close()` releases the database.
 */
import { createClock, type Clock } from './clock'
import type { ServerConfig } from './config'
import { connectDatabase } from './db/connect'
import { migrateToLatest } from './db/migrator'
import { createAuditSink } from './audit/audit'
import type { ServerContext } from './http/context'
import { createSecretBox, createSigner, loadOrCreateServiceKey } from './secrets'

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
