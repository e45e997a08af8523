/**
 * The admin command line runs the same domain code as the HTTP API and reports its domain
 * errors (a contract code, no HTTP status) as a one-line message and exit code 1.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAdminCli } from '../src/admin/cli'
import { createTestDatabase, type TestDatabase } from './helpers'

describe('admin CLI and domain errors', () => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await createTestDatabase('sqlite')
  })
  afterAll(async () => {
    await database?.drop()
  })

  it('mark-invoice-paid on an unknown invoice: exit 1 with the domain message', async () => {
    let out = ''
    let err = ''
    const invoiceId = randomUUID()
    const code = await runAdminCli(
      ['mark-invoice-paid', '--invoice', invoiceId],
      { MAG_DATA_DIR: database.dataDir, MAG_DATABASE_URL: database.databaseUrl },
      process.cwd(),
      { write: (text: string) => (out += text) },
      { write: (text: string) => (err += text) },
    )
    expect(code).toBe(1)
    expect(out).toBe('')
    expect(err).toBe(`admin mark-invoice-paid: There is no invoice ${invoiceId}.\n`)
  })
})
