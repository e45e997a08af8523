/**
 * Every integration test file runs on SQLite (a temp dir) and on PostgreSQL when
 * MAG_TEST_DATABASE_URL is set. Each PostgreSQL run gets its own throwaway database
 * (CREATE DATABASE mag_t_<random>, dropped afterwards), so files can run in parallel.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { describe } from 'vitest'

export type DatabaseTargetName = 'sqlite' | 'postgres'

export interface TestDatabase {
  name: DatabaseTargetName
  dataDir: string
  /** Set for PostgreSQL. */
  databaseUrl: string | undefined
  drop(): Promise<void>
}

const postgresAdminUrl = process.env.MAG_TEST_DATABASE_URL

export const databaseTargets: readonly DatabaseTargetName[] = ['sqlite', 'postgres']

let skipNoticePrinted = false

/** `describe` once per database; the PostgreSQL block is skipped, with a printed reason, without a URL. */
export function describeEachDatabase(
  title: string,
  body: (target: DatabaseTargetName) => void,
): void {
  for (const target of databaseTargets) {
    if (target === 'postgres' && !postgresAdminUrl) {
      if (!skipNoticePrinted) {
        console.warn('[tests/server] PostgreSQL variants skipped: MAG_TEST_DATABASE_URL is not set')
        skipNoticePrinted = true
      }
      describe.skip(`${title} [postgres: skipped, MAG_TEST_DATABASE_URL not set]`, () =>
        body(target))
      continue
    }
    describe(`${title} [${target}]`, () => body(target))
  }
}

export async function createTestDatabase(target: DatabaseTargetName): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'mag-server-test-'))
  const removeDir = () => rm(dataDir, { recursive: true, force: true })
  if (target === 'sqlite') {
    return { name: target, dataDir, databaseUrl: undefined, drop: removeDir }
  }
  if (!postgresAdminUrl) throw new Error('MAG_TEST_DATABASE_URL is not set')
  const dbName = `mag_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: postgresAdminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${dbName}`)
  } finally {
    await admin.end()
  }
  const url = new URL(postgresAdminUrl)
  url.pathname = `/${dbName}`
  return {
    name: target,
    dataDir,
    databaseUrl: url.toString(),
    // Callers close their service first, and its close() waits until the pool's sockets are
    // gone (src/server/db/pg-connections.ts); FORCE only ends what a failed test left open.
    drop: async () => {
      const client = new pg.Client({ connectionString: postgresAdminUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)
      } finally {
        await client.end()
      }
      await removeDir()
    },
  }
}
