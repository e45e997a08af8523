import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogue } from '../src/commerce/catalogue'
import { describeEachDatabase } from './helpers'
import { startCommerceServer, type CommerceTestServer } from './commerce/helpers'

const migrationsDir = fileURLToPath(new URL('../src/db/migrations/', import.meta.url))

/** Every module specifier a file names: static imports, re-exports, import() and require(). */
function specifiersOf(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
    /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  ]
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!))
}

describe('migrations are frozen in time', () => {
  const files = readdirSync(migrationsDir).filter((name) => /\.[cm]?[jt]s$/.test(name))

  it('finds the migrations and the imports this test reads', () => {
    expect(files).toEqual(expect.arrayContaining(['001_core.ts', '002_commerce.ts']))
    // The reader itself: each form of import is seen, so an empty answer means something.
    expect(
      specifiersOf(
        "import type { A } from 'kysely'\nimport { b } from '../../x'\nexport * from './y'\n" +
          "import './z'\nconst c = await import('../w')\nrequire('v')",
      ),
    ).toEqual(['kysely', '../../x', './y', './z', '../w', 'v'])
  })

  it.each(files)('%s imports nothing but kysely and other migrations', (name) => {
    const source = readFileSync(path.join(migrationsDir, name), 'utf8')
    const outside = specifiersOf(source).filter((specifier) => {
      if (specifier === 'kysely') return false
      if (!specifier.startsWith('.')) return true
      const resolved = path.resolve(migrationsDir, specifier)
      return path.dirname(resolved) !== path.resolve(migrationsDir)
    })
    expect(outside).toEqual([])
  })
})

describeEachDatabase('migrations: the products table', (target) => {
  let server: CommerceTestServer

  beforeAll(async () => {
    server = await startCommerceServer(target)
  })
  afterAll(async () => {
    await server?.close()
  })

  it("holds today's catalogue: a catalogue change needs a new migration", async () => {
    const rows = await server.ctx.db.selectFrom('products').selectAll().orderBy('id').execute()
    const expected = [...catalogue]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((p) => ({
        id: p.id,
        name: p.name,
        credential_type: p.credentialType,
        kind: p.kind,
        price_cents: p.priceCents,
        currency: p.currency,
        active: 1,
      }))
    expect(
      rows.map((row) => ({
        ...row,
        price_cents: Number(row.price_cents),
        active: Number(row.active),
      })),
    ).toEqual(expected)
  })
})
