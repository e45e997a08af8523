import { randomBytes as nodeRandomBytes, randomUUID as nodeRandomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  entryEditSchema,
  entryIdSchema,
  newEntryInputSchema,
  type EntryEdit,
  type EntrySummary,
} from './entry'
import { VaultError } from './errors'
import type { VaultNotice, VaultProblem, VaultStatus } from './status'
import {
  decodeVaultKey,
  encodeVaultKey,
  generateVaultKey,
  keyMatchesCheck,
  openSecret,
  sealSecret,
  vaultKeyCheck,
  type RandomBytes,
} from './crypto'
import type { DataFile } from './data-file'
import {
  classifyKeychainError,
  lockedKeychainProblem,
  VAULT_KEY_ACCOUNT,
  VAULT_KEY_SERVICE,
  type KeychainAdapter,
} from './keychain'
import { parseVaultFile, VaultFileCorruptError, VaultFileTooNewError } from './migrations'
import {
  CURRENT_VAULT_VERSION,
  normalizeOrder,
  serializeVaultFile,
  toSummary,
  type StoredEntry,
  type VaultFile,
} from './schema'

export interface VaultServiceOptions {
  keychain: KeychainAdapter
  dataFile: DataFile
  randomUUID?: () => string
  randomBytes?: RandomBytes
  now?: () => number
  /** Where the vault key lives; DESIGN.md's names unless a test needs its own item. */
  keychainService?: string
  keychainAccount?: string
}

/**
 * A new account as main hands it to the vault: the form's fields and rules (shared/entry.ts),
 * with the secret already decoded from base32 into bytes.
 */
export const newVaultEntrySchema = newEntryInputSchema.extend({
  secret: z
    .custom<Uint8Array>((value) => value instanceof Uint8Array, { message: 'Secret must be bytes' })
    .refine((bytes) => bytes.length >= 1, 'Secret is empty')
    .refine((bytes) => bytes.length <= 1024, 'Secret is longer than 1024 bytes'),
})
export type NewVaultEntry = z.input<typeof newVaultEntrySchema>

const KEY_MISSING_REMEDY =
  'If your keyring is locked, unlock it and click Try again. If it was reset, restore your accounts from a backup; this data file is kept as it is.'

/**
 * The encrypted account store. Metadata is readable without the keychain; secrets need the
 * vault key, read once per open. Every change re-reads the file under a cross-process lock
 * and writes it atomically, so other windows and processes never lose each other's entries.
 */
export class VaultService {
  private readonly keychain: KeychainAdapter
  private readonly dataFile: DataFile
  private readonly randomUUID: () => string
  private readonly randomBytes: RandomBytes
  private readonly now: () => number
  private readonly service: string
  private readonly account: string

  private opened = false
  private entryList: StoredEntry[] = []
  /** readSecret runs once per account per code refresh: a lookup must not scan the list. */
  private entriesById = new Map<string, StoredEntry>()
  private get entries(): StoredEntry[] {
    return this.entryList
  }
  private set entries(next: StoredEntry[]) {
    this.entryList = next
    this.entriesById = new Map(next.map((entry) => [entry.id, entry]))
  }
  private key: Buffer | null = null
  private problem: VaultProblem | null = null
  /** Set when the file is from a newer app: nothing may be written until it is updated. */
  private refusal: VaultError | null = null
  private readonly notices: VaultNotice[] = []

  constructor(options: VaultServiceOptions) {
    this.keychain = options.keychain
    this.dataFile = options.dataFile
    this.randomUUID = options.randomUUID ?? nodeRandomUUID
    this.randomBytes = options.randomBytes ?? nodeRandomBytes
    this.now = options.now ?? Date.now
    this.service = options.keychainService ?? VAULT_KEY_SERVICE
    this.account = options.keychainAccount ?? VAULT_KEY_ACCOUNT
  }

  /** Loads the file and reads the vault key once. Call again to retry after a keychain fix. */
  async open(): Promise<VaultStatus> {
    this.opened = true
    this.key = null
    this.problem = null
    this.refusal = null
    this.entries = []
    const file = await this.loadFileForOpen()
    this.entries = file?.entries ?? []

    let stored: string | null
    try {
      stored = await this.keychain.getPassword(this.service, this.account)
    } catch (err) {
      this.problem = classifyKeychainError(err)
      return this.status()
    }
    if (stored !== null) {
      this.adoptKey(stored, file)
    } else if (this.entries.length > 0) {
      await this.explainMissingKey()
    } else {
      await this.createFirstKey()
    }
    return this.status()
  }

  status(): VaultStatus {
    this.requireWritable()
    const notices = [...this.notices]
    if (this.problem) {
      return {
        state: 'unavailable',
        problem: { ...this.problem },
        entryCount: this.entries.length,
        notices,
      }
    }
    return { state: 'ready', entryCount: this.entries.length, notices }
  }

  list(): EntrySummary[] {
    this.requireWritable()
    return this.entries.map(toSummary)
  }

  /** Picks up what other processes wrote since the last read or change, without a lock. */
  async reload(): Promise<EntrySummary[]> {
    this.requireWritable()
    const file = await this.readFileOrNull()
    if (file) this.entries = file.entries
    return this.list()
  }

  async add(input: NewVaultEntry): Promise<EntrySummary> {
    const parsed = parseInput(newVaultEntrySchema, input)
    const key = this.requireKey()
    const id = this.randomUUID()
    const stamp = this.now()
    const entry: StoredEntry = {
      id,
      type: parsed.type,
      issuer: parsed.issuer,
      label: parsed.label,
      algorithm: parsed.algorithm,
      digits: parsed.digits,
      period: parsed.period,
      order: 0,
      secret: sealSecret(key, parsed.secret, id, this.randomBytes),
      createdAt: stamp,
      updatedAt: stamp,
    }
    if (parsed.type === 'hotp') entry.counter = parsed.counter
    if (parsed.group !== undefined && parsed.group !== '') entry.group = parsed.group
    return this.mutate((entries) => {
      const added = { ...entry, order: entries.length }
      return { entries: [...entries, added], result: toSummary(added) }
    })
  }

  async update(edit: EntryEdit): Promise<EntrySummary> {
    const parsed = parseInput(entryEditSchema, edit)
    return this.mutate((entries) => {
      const index = findIndex(entries, parsed.id)
      const current = entries[index] as StoredEntry
      const changed = {
        ...current,
        issuer: parsed.issuer,
        label: parsed.label,
        updatedAt: this.now(),
      }
      const next = [...entries]
      next[index] = changed
      return { entries: next, result: toSummary(changed) }
    })
  }

  async remove(id: string): Promise<void> {
    const parsedId = parseInput(entryIdSchema, id, 'id')
    await this.mutate((entries) => {
      const index = findIndex(entries, parsedId)
      return { entries: entries.filter((_, i) => i !== index), result: undefined }
    })
  }

  /** Puts the entry at toIndex (clamped to the end) and answers the new order. */
  async move(id: string, toIndex: number): Promise<EntrySummary[]> {
    const parsedId = parseInput(entryIdSchema, id, 'id')
    const target = parseInput(
      z.number().int().min(0, 'Index cannot be negative'),
      toIndex,
      'toIndex',
    )
    return this.mutate((entries) => {
      const index = findIndex(entries, parsedId)
      const next = [...entries]
      const [moved] = next.splice(index, 1)
      next.splice(Math.min(target, next.length), 0, moved as StoredEntry)
      const renumbered = next.map((entry, order) => ({ ...entry, order }))
      return { entries: renumbered, result: renumbered.map(toSummary) }
    })
  }

  /** The decrypted secret, for the OTP engine in main only. Never send it to the renderer. */
  readSecret(id: string): Uint8Array {
    const parsedId = parseInput(entryIdSchema, id, 'id')
    const key = this.requireKey()
    const entry = this.entriesById.get(parsedId)
    if (!entry) throw notFound(parsedId)
    try {
      return openSecret(key, entry.secret, entry.id)
    } catch {
      throw new VaultError(
        'data-file-corrupt',
        `The secret of "${describe(entry)}" cannot be decrypted: the data file was altered or belongs to another vault key.`,
        'id',
      )
    }
  }

  /**
   * HOTP: stores counter + 1 durably, then answers the counter to use. Whatever happens
   * after this returns, that counter is never handed out again.
   */
  async reserveHotpCounter(id: string): Promise<number> {
    const parsedId = parseInput(entryIdSchema, id, 'id')
    this.requireKey()
    return this.mutate((entries) => {
      const index = findIndex(entries, parsedId)
      const current = entries[index] as StoredEntry
      if (current.type !== 'hotp') {
        throw new VaultError(
          'invalid-argument',
          `"${describe(current)}" is not an HOTP entry.`,
          'id',
        )
      }
      const counter = current.counter ?? 0
      const next = [...entries]
      next[index] = { ...current, counter: counter + 1, updatedAt: this.now() }
      return { entries: next, result: counter }
    })
  }

  private adoptKey(stored: string, file: VaultFile | null): void {
    let key: Buffer
    try {
      key = decodeVaultKey(stored)
    } catch (err) {
      this.problem = keyMissingProblem(`${(err as Error).message} It cannot open this vault.`)
      return
    }
    if (file && !keyFitsFile(key, file)) {
      this.problem = keyMissingProblem(
        'The vault key in the keychain does not match this data file (the keyring was probably reset or replaced).',
      )
      return
    }
    this.key = key
  }

  /** libsecret answers "not found" for a locked item too, so ask before calling the key lost. */
  private async explainMissingKey(): Promise<void> {
    const locked = this.keychain.isItemLocked
      ? await this.keychain.isItemLocked(this.service, this.account).catch(() => null)
      : null
    this.problem = locked
      ? lockedKeychainProblem()
      : keyMissingProblem(
          `The vault key is missing from the keychain, so the ${this.entries.length} saved account secrets cannot be decrypted.`,
        )
  }

  /**
   * No key and no entries. Done under the lock because another process may be doing the
   * same: whoever comes second finds the first one's key check and reads that key instead
   * of replacing it (the only path where open reads the keychain twice).
   */
  private async createFirstKey(): Promise<void> {
    await this.dataFile.withLock(async () => {
      const current = await this.readFileForWrite()
      if (current) this.entries = current.entries
      if (current && (current.keyCheck !== undefined || current.entries.length > 0)) {
        let stored: string | null
        try {
          stored = await this.keychain.getPassword(this.service, this.account)
        } catch (err) {
          this.problem = classifyKeychainError(err)
          return
        }
        if (stored !== null) {
          this.adoptKey(stored, current)
          return
        }
        if (current.entries.length > 0) {
          await this.explainMissingKey()
          return
        }
      }
      const key = generateVaultKey(this.randomBytes)
      try {
        await this.keychain.setPassword(this.service, this.account, encodeVaultKey(key))
      } catch (err) {
        // Nothing is written without a stored key: no secret can ever depend on a lost key.
        this.problem = classifyKeychainError(err)
        return
      }
      const file: VaultFile = {
        version: CURRENT_VAULT_VERSION,
        keyCheck: vaultKeyCheck(key),
        entries: current?.entries ?? [],
      }
      await this.dataFile.writeAtomic(serializeVaultFile(file))
      this.key = key
    })
  }

  private async mutate<T>(
    change: (entries: StoredEntry[]) => { entries: StoredEntry[]; result: T },
  ): Promise<T> {
    this.requireWritable()
    return this.dataFile.withLock(async () => {
      const onDisk = await this.readFileForWrite()
      const base = onDisk?.entries ?? this.entries
      const keyCheck = this.key ? vaultKeyCheck(this.key) : onDisk?.keyCheck
      if (
        this.key &&
        onDisk?.keyCheck !== undefined &&
        !keyMatchesCheck(this.key, onDisk.keyCheck)
      ) {
        throw new VaultError(
          'conflict',
          'Another copy of the app replaced the vault key of this data file. Restart the app; nothing was changed.',
        )
      }
      const { entries, result } = change(normalizeOrder(base))
      const file: VaultFile = { version: CURRENT_VAULT_VERSION, entries: normalizeOrder(entries) }
      if (keyCheck !== undefined) file.keyCheck = keyCheck
      await this.dataFile.writeAtomic(serializeVaultFile(file))
      this.entries = file.entries
      return result
    })
  }

  /** Opening: a corrupt file is looked at again under the lock before anything is moved. */
  private loadFileForOpen(): Promise<VaultFile | null> {
    // A writer may have replaced it since; never move a good file.
    return this.readFile(() => this.dataFile.withLock(() => this.readFileForWrite()))
  }

  /** Under the lock. A corrupt file is moved aside (kept byte for byte) and reported. */
  private readFileForWrite(): Promise<VaultFile | null> {
    return this.readFile(async (err) => {
      const movedTo = await this.dataFile.moveAside(err.message)
      this.notices.push({
        kind: 'data-file-corrupt-moved',
        message: `${err.message} It was moved aside and kept unchanged; the vault continues without it. Restore from a backup to recover its accounts.`,
        path: movedTo,
      })
      return null
    })
  }

  /** Without the lock (reload): a corrupt file is left for the next locked read to handle. */
  private readFileOrNull(): Promise<VaultFile | null> {
    return this.readFile(() => null)
  }

  /** Reads and parses the file: null when absent, a newer version refused, corrupt to `onCorrupt`. */
  private async readFile(
    onCorrupt: (err: VaultFileCorruptError) => Promise<VaultFile | null> | null,
  ): Promise<VaultFile | null> {
    const raw = await this.dataFile.read()
    if (raw === null) return null
    try {
      return parseVaultFile(raw).file
    } catch (err) {
      if (!(err instanceof VaultFileCorruptError)) throw this.refuse(err)
      return onCorrupt(err)
    }
  }

  private refuse(err: unknown): unknown {
    if (err instanceof VaultFileTooNewError) {
      this.refusal = new VaultError('data-file-too-new', err.message, 'version')
      this.entries = []
      return this.refusal
    }
    return err
  }

  private requireOpened(): void {
    if (!this.opened) throw new VaultError('internal', 'The vault is not open yet.')
  }

  /** Opened, and not refused as a newer app's file (which this version must not read or write). */
  private requireWritable(): void {
    this.requireOpened()
    if (this.refusal) throw this.refusal
  }

  private requireKey(): Buffer {
    this.requireWritable()
    if (this.problem)
      throw new VaultError(this.problem.kind, `${this.problem.message} ${this.problem.remedy}`)
    if (!this.key) throw new VaultError('internal', 'The vault key is not loaded.')
    return this.key
  }
}

function keyFitsFile(key: Buffer, file: VaultFile): boolean {
  if (file.keyCheck !== undefined) return keyMatchesCheck(key, file.keyCheck)
  // Files without a key check (migrated ones): one trial decryption tells.
  const first = file.entries[0]
  if (!first) return true
  try {
    openSecret(key, first.secret, first.id)
    return true
  } catch {
    return false
  }
}

function keyMissingProblem(message: string): VaultProblem {
  return { kind: 'vault-key-missing', message, remedy: KEY_MISSING_REMEDY }
}

function findIndex(entries: readonly StoredEntry[], id: string): number {
  const index = entries.findIndex((entry) => entry.id === id)
  if (index < 0) throw notFound(id)
  return index
}

function notFound(id: string): VaultError {
  return new VaultError('not-found', `No account with id ${id} is in the vault.`, 'id')
}

function describe(entry: StoredEntry): string {
  return entry.issuer ? `${entry.issuer}: ${entry.label}` : entry.label
}

/** zod at the boundary: the first problem becomes an VaultError naming its field. */
function parseInput<S extends z.ZodType>(schema: S, value: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path.map(String).join('.')
  const name = path || field
  throw new VaultError(
    'invalid-argument',
    name ? `${name}: ${issue?.message ?? 'is invalid'}` : (issue?.message ?? 'Invalid input'),
    name,
  )
}
