import {
  CURRENT_VAULT_VERSION,
  ID_ONLY_SEALS_VERSION,
  vaultFileSchema,
  type VaultFile,
} from './schema'

/** The file is unreadable: bad JSON, or a shape no migration knows. Moved aside by the vault. */
export class VaultFileCorruptError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'VaultFileCorruptError'
  }
}

/** Written by a newer app. Never migrated down, never overwritten. */
export class VaultFileTooNewError extends Error {
  readonly version: number
  constructor(version: number) {
    super(
      `The data file was written by a newer version of MAG Authenticator (format ${version}; ` +
        `this version reads up to ${CURRENT_VAULT_VERSION}). Update the app; the file was left untouched.`,
    )
    this.name = 'VaultFileTooNewError'
    this.version = version
  }
}

type Migration = (data: Record<string, unknown>) => Record<string, unknown>

/**
 * migrations[n] turns a version-n file into version n+1. Version 0 is a file without a
 * `version` field: what electron-store leaves when it creates an empty store (`{}`), and
 * pre-release files that kept entries in array order without `order` or dates.
 */
const migrations: Record<number, Migration> = {
  0: (data) => {
    const entries = Array.isArray(data.entries) ? data.entries : []
    return {
      ...data,
      version: 1,
      entries: entries.map((entry: unknown, index) => {
        if (typeof entry !== 'object' || entry === null) return entry
        const record = entry as Record<string, unknown>
        const stamp = typeof record.createdAt === 'number' ? record.createdAt : 0
        return {
          order: index,
          createdAt: stamp,
          updatedAt: typeof record.updatedAt === 'number' ? record.updatedAt : stamp,
          ...record,
        }
      }),
    }
  },
  /*
   * Same shape; what changes is what each secret is bound to (entry-binding.ts). Re-sealing
   * needs the vault key, which a migration does not have (and must not: it is frozen in
   * time, pure). parseVaultFile reports `idOnlySeals`, and VaultService re-seals every
   * entry in one atomic write at its next open that has the key.
   */
  1: (data) => ({ ...data, version: 2 }),
}

export interface ParsedVaultFile {
  file: VaultFile
  /** The version found on disk, when it was older than the current one. */
  migratedFrom: number | null
  /** The secrets are bound to their entry ids alone (a version-0 or -1 file): re-seal them. */
  idOnlySeals: boolean
}

/** Raw text → current-version file. Throws VaultFileCorruptError or VaultFileTooNewError. */
export function parseVaultFile(text: string): ParsedVaultFile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (err) {
    throw new VaultFileCorruptError(`The data file is not valid JSON (${(err as Error).message}).`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new VaultFileCorruptError('The data file does not hold a JSON object.')
  }
  let record = data as Record<string, unknown>
  const found = record.version === undefined ? 0 : record.version
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) {
    throw new VaultFileCorruptError('The data file has an invalid "version" field.')
  }
  if (found > CURRENT_VAULT_VERSION) throw new VaultFileTooNewError(found)
  for (let version = found; version < CURRENT_VAULT_VERSION; version++) {
    const migrate = migrations[version]
    if (!migrate) throw new VaultFileCorruptError(`No migration from data file version ${version}.`)
    record = migrate(record)
  }
  const parsed = vaultFileSchema.safeParse(record)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
    throw new VaultFileCorruptError(
      `The data file does not match the vault format${where}: ${issue?.message ?? 'invalid'}.`,
    )
  }
  return {
    file: parsed.data,
    migratedFrom: found === CURRENT_VAULT_VERSION ? null : found,
    idOnlySeals: found <= ID_ONLY_SEALS_VERSION,
  }
}
