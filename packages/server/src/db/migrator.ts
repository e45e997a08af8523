/**
 * Runs the migrations in order. The provider is static (no directory scan) so it works the
 * same from source, from a bundle and in tests.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from './schema'
import * as core from './migrations/001_core'
import * as commerce from './migrations/002_commerce'

const migrations: Record<string, Migration> = {
  '001_core': core,
  '002_commerce': commerce,
}

class StaticMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations
  }
}

export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticMigrationProvider() })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error !== undefined || failed !== undefined) {
    const name = failed?.migrationName ?? 'unknown'
    throw new Error(`database migration ${name} failed: ${String(error)}`)
  }
}
