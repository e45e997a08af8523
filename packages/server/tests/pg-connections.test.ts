/**
 * The PostgreSQL pool's close must mean "sockets closed", and a connection the server kills
 * while idle must not bring the process down. Real PostgreSQL; skipped without one.
 */
import type { Socket } from 'node:net'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { trackConnections } from '../src/db/pg-connections'
import { createTestDatabase, type TestDatabase } from './helpers'

const adminUrl = process.env.MAG_TEST_DATABASE_URL

/** pg.Client keeps its socket on an untyped field; the test needs it to see it close. */
function socketOf(client: pg.PoolClient): Socket {
  return (client as unknown as { connection: { stream: Socket } }).connection.stream
}

describe.skipIf(adminUrl === undefined)('PostgreSQL pool close [postgres]', () => {
  let database: TestDatabase | undefined
  afterEach(async () => {
    await database?.drop()
    database = undefined
  })

  it('allClosed() resolves only after every socket the pool opened has closed', async () => {
    database = await createTestDatabase('postgres')
    const pool = new pg.Pool({ connectionString: database.databaseUrl, max: 5 })
    const connections = trackConnections(pool)
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()])
    const sockets = clients.map(socketOf)
    for (const client of clients) client.release()

    await pool.end()
    await connections.allClosed()

    expect(sockets.map((socket) => socket.destroyed)).toEqual([true, true, true])
  })

  it('survives the server terminating an idle connection, with a warning', async () => {
    database = await createTestDatabase('postgres')
    const pool = new pg.Pool({ connectionString: database.databaseUrl, max: 1 })
    const connections = trackConnections(pool)
    const client = await pool.connect()
    const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid
    client.release()
    // Other warnings (deprecations) may pass by; wait for ours.
    const warned = new Promise<string>((resolve) => {
      const listener = (warning: Error) => {
        if (!warning.message.startsWith('PostgreSQL connection lost')) return
        process.off('warning', listener)
        resolve(warning.message)
      }
      process.on('warning', listener)
    })

    const admin = new pg.Client({ connectionString: adminUrl })
    await admin.connect()
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [pid])
    } finally {
      await admin.end()
    }

    expect(await warned).toMatch(/PostgreSQL connection lost while idle/)
    const again = await pool.query<{ one: number }>('SELECT 1 AS one')
    expect(again.rows[0]?.one).toBe(1)
    await pool.end()
    await connections.allClosed()
  })
})
