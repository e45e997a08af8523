/**
 * Opens the database: PostgreSQL when a postgres:// URL is given, otherwise an SQLite file
 * in the data directory. Both through Kysely, so the rest of the service never knows which.
 */
import path from 'node:path'
import { mkdirSync } from 'node:fs'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import type { Database } from './schema'
import { trackConnections } from './pg-connections'

// PostgreSQL returns bigint (int8) columns and count() as strings by default; every bigint we
// store (epoch ms, TOTP steps) is far below 2^53, so numbers are safe and match SQLite.
pg.types.setTypeParser(20, (value: string) => Number(value))

export type DatabaseKind = 'sqlite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: DatabaseKind
  /** Destroys `db` and resolves once every connection's socket has closed. */
  close(): Promise<void>
}

export interface ConnectOptions {
  /** postgres://... ; absent means SQLite. */
  databaseUrl?: string | undefined
  dataDir: string
}

export function connectDatabase({ databaseUrl, dataDir }: ConnectOptions): DatabaseHandle {
  if (databaseUrl !== undefined && databaseUrl !== '') {
    if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
      throw new Error('MAG_DATABASE_URL must start with postgres:// or postgresql://')
    }
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 })
    const connections = trackConnections(pool)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    return {
      db,
      kind: 'postgres',
      close: async () => {
        await db.destroy()
        await connections.allClosed()
      },
    }
  }
  mkdirSync(dataDir, { recursive: true })
  const sqlite = new SqliteDatabase(path.join(dataDir, 'mag.sqlite'))
  // WAL keeps readers off the writer's back; busy_timeout lets a second process wait
  // instead of failing; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, kind: 'sqlite', close: () => db.destroy() }
}
