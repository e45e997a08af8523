import { randomBytes as nodeRandomBytes, randomUUID as nodeRandomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  entryDisplayName,
  entryEditSchema,
  entryIdSchema,
  magCredentialIdSchema,
  newEntryInputSchema,
  type EntryEdit,
  type EntrySummary,
} from './entry'
import { VaultError } from './errors'
import {
  VAULT_LOCKED_PROBLEM,
  type VaultNotice,
  type VaultProblem,
  type VaultStatus,
} from './status'
import {
  encodeVaultKey,
  generateVaultKey,
  keyMatchesCheck,
  openSecret,
  sealSecret,
  vaultKeyCheck,
  type RandomBytes,
} from './crypto'
import { DataFileChangedError, type DataFile } from './data-file'
import {
  newPasswordSchema,
  parseKeychainItem,
  serializePasswordSlot,
  unwrapVaultKey,
  wrapVaultKey,
  type PasswordSlot,
} from './password-slot'
import { detailsAssociatedData, idOnlyAssociatedData } from './entry-binding'
import {
  classifyKeychainError,
  lockedKeychainProblem,
  VAULT_KEY_ACCOUNT,
  VAULT_KEY_SERVICE,
  type KeychainAdapter,
} from './keychain'
import {
  parseVaultFile,
  VaultFileCorruptError,
  VaultFileTooNewError,
  type ParsedVaultFile,
} from './migrations'
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
  /** Marks the entry as holding this MAG credential's seed; at most one entry per id. */
  magCredentialId: magCredentialIdSchema.optional(),
})
export type NewVaultEntry = z.input<typeof newVaultEntrySchema>

/** A parsed file as the service holds it: its entries, and what their secrets are bound to. */
type LoadedFile = Pick<ParsedVaultFile, 'file' | 'idOnlySeals'>

/** A write that keeps finding the file changed under it gives up after this many tries. */
const WRITE_ATTEMPTS = 5

const KEY_MISSING_REMEDY =
  'If your keyring is locked, unlock it and click Try again. If it was reset, restore your accounts from a backup; this data file is kept as it is.'

/**
 * The encrypted account store. Metadata is readable without the keychain; secrets need the
 * vault key, read once per open; each secret is decrypted when first asked for. Every change
 * re-reads the file under a cross-process lock and writes it atomically, only if the file is
 * still the one it read, so other windows and processes never lose each other's entries.
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
    this.summaries = null
  }
  /** list() is asked for on every screen refresh; summaries change only with the entries. */
  private summaries: EntrySummary[] | null = null
  /**
   * The entries' secrets are bound to their ids alone: a version-1 file, read before its
   * re-sealing (which needs the key, see sealOldEntriesWithDetails). Set with the entries.
   */
  private idOnlySeals = false
  /**
   * Secrets decrypted so far, by id, with the entry (ciphertext and details) they were
   * checked against: open decrypts nothing, and each code refresh decrypts only entries it
   * has not checked in that exact form (the vault key is in memory anyway, so holding
   * plaintext secrets here widens nothing). Cleared on open.
   */
  private readonly secrets = new Map<
    string,
    { entry: StoredEntry; associatedData: Buffer; secret: Uint8Array }
  >()
  private key: Buffer | null = null
  /** The password slot the keychain item holds; null: the item holds the bare key. */
  private slot: PasswordSlot | null = null
  /** A slot is set and its key is not unwrapped (open found it so, or lock() was called). */
  private locked = false
  private problem: VaultProblem | null = null
  /** Set when the file is from a newer app: nothing may be written until it is updated. */
  private refusal: VaultError | null = null
  private readonly notices: VaultNotice[] = []
  /** The revision the entries were last read at by open or reloadIfChanged. */
  private reloadedAt: string | null | undefined

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
    this.forgetKey()
    this.slot = null
    this.locked = false
    this.problem = null
    this.refusal = null
    this.take(null)
    // The keychain answers over D-Bus from another process: ask first, and read and validate
    // the file while it works (the file's cost grows with the accounts; this hides most of it).
    const keyRead = this.keychain.getPassword(this.service, this.account).then(
      (stored) => ({ stored }),
      (error: unknown) => ({ error }),
    )
    // Before the text, so reloadIfChanged re-reads if a write lands between the two.
    this.reloadedAt = await this.dataFile.revision()
    const loaded = await this.loadFileForOpen()
    this.take(loaded)

    const answer = await keyRead
    if ('error' in answer) {
      this.problem = classifyKeychainError(answer.error)
      return this.status()
    }
    const { stored } = answer
    if (stored !== null) {
      this.adoptKey(stored, loaded)
      if (this.key && this.idOnlySeals) await this.sealOldEntriesWithDetails()
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
    if (this.locked) {
      const problem = { ...VAULT_LOCKED_PROBLEM }
      return { state: 'locked', problem, entryCount: this.entries.length, notices }
    }
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
    this.summaries ??= this.entries.map(toSummary)
    return [...this.summaries]
  }

  /** Picks up what other processes wrote since the last read or change, without a lock. */
  async reload(): Promise<EntrySummary[]> {
    this.requireWritable()
    const loaded = await this.readFileOrNull()
    if (loaded) this.take(loaded)
    return this.list()
  }

  /**
   * The data file's revision (see DataFile.revision), having first re-read the file when it
   * moved since the last time this was asked: what another process (the command line) wrote
   * is then in list() and codes. The revision is read before the text, so a write landing
   * in between is read now and merely re-read next time, never missed.
   */
  async reloadIfChanged(): Promise<string | null> {
    this.requireWritable()
    const revision = await this.dataFile.revision()
    if (revision !== this.reloadedAt) {
      await this.reload()
      this.reloadedAt = revision
    }
    return revision
  }

  /** Whether the keychain item holds a password slot (the vault then locks). */
  hasPassword(): boolean {
    this.requireWritable()
    return this.slot !== null
  }

  /**
   * Unwraps the vault key with the password. One KDF run per attempt is the only brake on
   * guessing, here as offline (see password-slot.ts). A change interrupted before its swap
   * left the new slot under `<account>.next`: when the main item's slot refuses the
   * password, that one is tried, and on success it finishes the swap.
   */
  async unlock(password: string): Promise<VaultStatus> {
    const given = parseInput(z.string().max(1024), password, 'password')
    this.requireWritable()
    if (!this.slot) throw passwordNotSet()
    if (!this.locked) return this.status()
    let key = await unwrapVaultKey(this.slot, given)
    if (key) await this.deleteNextSlot()
    else key = await this.unlockWithNextSlot(given)
    if (!key) throw passwordWrong('password')
    // The file may have changed while locked; the key is checked against it as at open.
    const loaded = await this.readFileOrNull()
    if (loaded) this.take(loaded)
    this.locked = false
    this.adoptUnwrappedKey(key, loaded)
    if (this.key && this.idOnlySeals) await this.sealOldEntriesWithDetails()
    return this.status()
  }

  /** Forgets the vault key and every decrypted secret; only unlock(password) brings them back. */
  lock(): VaultStatus {
    this.requireWritable()
    if (!this.slot) throw passwordNotSet()
    this.forgetKey()
    this.locked = true
    return this.status()
  }

  /**
   * Sets or changes the password: the SAME vault key is wrapped again, so the data file and
   * its entries are not touched. Needs the vault unlocked, and the current password when
   * one is set (someone at an unlocked, unattended screen must not change it).
   */
  async setPassword(
    newPassword: string,
    options: { currentPassword?: string } = {},
  ): Promise<void> {
    const next = parseInput(newPasswordSchema, newPassword, 'newPassword')
    const key = this.requireKey()
    if (this.slot) await this.checkCurrentPassword(this.slot, options.currentPassword)
    const slot = await wrapVaultKey(key, next, this.randomBytes)
    await this.storeSlot(serializePasswordSlot(slot))
    this.slot = slot
  }

  /** Puts the bare vault key back in the keychain item; entries untouched. */
  async removePassword(currentPassword: string): Promise<void> {
    const key = this.requireKey()
    if (!this.slot) throw passwordNotSet()
    await this.checkCurrentPassword(this.slot, currentPassword)
    // One atomic item write (see storeSlot); no staged copy, which would leave the bare key
    // under a second item if this were interrupted while the password still stands.
    await this.writeKeychain(this.account, encodeVaultKey(key))
    this.slot = null
    await this.deleteNextSlot()
  }

  private async checkCurrentPassword(slot: PasswordSlot, given: unknown): Promise<void> {
    if (typeof given !== 'string' || given === '') {
      throw new VaultError(
        'password-wrong',
        'Enter the current vault password to change it.',
        'currentPassword',
      )
    }
    const key = await unwrapVaultKey(slot, given)
    if (!key) throw passwordWrong('currentPassword')
    key.fill(0)
  }

  /**
   * Replacing one keychain item is atomic (Secret Service CreateItem with replace, macOS
   * SecItemUpdate, Windows CredWrite each swap the whole secret), but a failed or refused
   * write must not leave the user with no slot the password they just typed opens. So the
   * new slot is first written to `<account>.next` and read back; only then does it replace
   * the main item, and the copy is deleted. Interrupted anywhere, the main item holds
   * either the old slot or the new one, and unlock also tries the copy (see unlock).
   */
  private async storeSlot(text: string): Promise<void> {
    const nextAccount = this.nextSlotAccount()
    await this.writeKeychain(nextAccount, text)
    let readBack: string | null
    try {
      readBack = await this.keychain.getPassword(this.service, nextAccount)
    } catch (err) {
      throw keychainError(err)
    }
    if (readBack !== text) {
      throw new VaultError(
        'internal',
        'The keychain did not keep the new password slot, so the password was not changed.',
      )
    }
    await this.writeKeychain(this.account, text)
    await this.deleteNextSlot()
  }

  private async unlockWithNextSlot(password: string): Promise<Buffer | null> {
    let text: string | null
    try {
      text = await this.keychain.getPassword(this.service, this.nextSlotAccount())
    } catch (err) {
      throw keychainError(err)
    }
    if (text === null) return null
    let slot: PasswordSlot
    try {
      const item = parseKeychainItem(text)
      if (item.kind !== 'slot') return null
      slot = item.slot
    } catch {
      return null
    }
    const key = await unwrapVaultKey(slot, password)
    if (!key) return null
    await this.writeKeychain(this.account, text)
    this.slot = slot
    await this.deleteNextSlot()
    return key
  }

  private nextSlotAccount(): string {
    return `${this.account}.next`
  }

  private async writeKeychain(account: string, text: string): Promise<void> {
    try {
      await this.keychain.setPassword(this.service, account, text)
    } catch (err) {
      throw keychainError(err)
    }
  }

  /** Best effort: a leftover copy is a wrapped key for the same vault, harmless, and retried. */
  private async deleteNextSlot(): Promise<void> {
    await this.keychain.deletePassword(this.service, this.nextSlotAccount()).catch(() => false)
  }

  /**
   * Drops the key and zeroes the decrypted secrets (callers always got copies). The key
   * buffer itself is only dropped, not zeroed: a write already under way still seals with it.
   */
  private forgetKey(): void {
    this.key = null
    for (const cached of this.secrets.values()) cached.secret.fill(0)
    this.secrets.clear()
  }

  async add(input: NewVaultEntry): Promise<EntrySummary> {
    const parsed = parseInput(newVaultEntrySchema, input)
    const key = this.requireKey()
    const entry = this.sealEntry(key, parsed)
    return this.mutate((entries) => {
      refuseTakenMagCredentialIds(entries, [entry])
      const added = { ...entry, order: entries.length }
      return { entries: [...entries, added], result: toSummary(added) }
    })
  }

  /**
   * Adds every entry or none: all are validated and sealed before the lock is taken, then
   * one write (one fsync) stores them. An invalid input fails naming its index and field.
   */
  async addMany(inputs: readonly NewVaultEntry[]): Promise<EntrySummary[]> {
    const parsed = inputs.map((input, index) =>
      parseInput(newVaultEntrySchema, input, undefined, index),
    )
    const key = this.requireKey()
    const sealed = parsed.map((input) => this.sealEntry(key, input))
    if (sealed.length === 0) return []
    return this.mutate((entries) => {
      refuseTakenMagCredentialIds(entries, sealed)
      const added = sealed.map((entry, i) => ({ ...entry, order: entries.length + i }))
      return { entries: [...entries, ...added], result: added.map(toSummary) }
    })
  }

  private sealEntry(key: Buffer, parsed: z.output<typeof newVaultEntrySchema>): StoredEntry {
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
      // Replaced below, once every detail it is bound to is in place.
      secret: { iv: '', tag: '', data: '' },
      createdAt: stamp,
      updatedAt: stamp,
    }
    if (parsed.type === 'hotp') entry.counter = parsed.counter
    if (parsed.group !== undefined && parsed.group !== '') entry.group = parsed.group
    if (parsed.magCredentialId !== undefined) entry.magCredentialId = parsed.magCredentialId
    entry.secret = sealSecret(key, parsed.secret, detailsAssociatedData(entry), this.randomBytes)
    return entry
  }

  /**
   * `changed` is `current` with some bound details changed: its secret, checked against
   * `current`'s details, sealed again to `changed`'s. An entry that fails the check is never
   * re-sealed (that would launder the outside change): the change is refused.
   */
  private resealed(key: Buffer, current: StoredEntry, changed: StoredEntry): StoredEntry {
    let secret: Uint8Array
    try {
      secret = openSecret(key, current.secret, detailsAssociatedData(current))
    } catch {
      throw tamperedError(current)
    }
    try {
      const sealed = sealSecret(key, secret, detailsAssociatedData(changed), this.randomBytes)
      return { ...changed, secret: sealed }
    } finally {
      secret.fill(0)
    }
  }

  /**
   * The entry holding the seed of the MAG credential with this id, if the vault has one (the
   * app computes that credential's codes from it, to sign in, elevate and resync).
   */
  findByMagCredentialId(magCredentialId: string): EntrySummary | undefined {
    this.requireWritable()
    const entry = this.entries.find((candidate) => candidate.magCredentialId === magCredentialId)
    return entry ? toSummary(entry) : undefined
  }

  /** Renames an entry; issuer and label are bound to its secret, so it is re-sealed (needs the key). */
  async update(edit: EntryEdit): Promise<EntrySummary> {
    const parsed = parseInput(entryEditSchema, edit)
    const key = this.requireKey()
    return this.mutate((entries) => {
      const index = findIndex(entries, parsed.id)
      const current = entries[index] as StoredEntry
      const changed = this.resealed(key, current, {
        ...current,
        issuer: parsed.issuer,
        label: parsed.label,
        updatedAt: this.now(),
      })
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

  /**
   * Puts the entry at toIndex (clamped to the end) and answers the new order. Order is not
   * bound to the secrets (see entry-binding.ts), so this needs no key and re-seals nothing.
   */
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
    const cached = this.secrets.get(entry.id)
    // Entries are replaced, never changed in place: the same object was checked already.
    if (cached?.entry === entry) return cached.secret.slice()
    // A reload or another process replaced it: the same ciphertext under the same details is
    // still the checked one; anything else (a renamed row, a swapped issuer) is checked again.
    const associatedData = this.idOnlySeals
      ? idOnlyAssociatedData(entry.id)
      : detailsAssociatedData(entry)
    if (
      cached &&
      sameSealed(cached.entry.secret, entry.secret) &&
      cached.associatedData.equals(associatedData)
    ) {
      this.secrets.set(entry.id, { ...cached, entry })
      return cached.secret.slice()
    }
    let secret: Uint8Array
    try {
      secret = openSecret(key, entry.secret, associatedData)
    } catch {
      // The key matches the file (checked at open), so the entry itself was changed.
      throw tamperedError(entry)
    }
    this.secrets.set(entry.id, { entry, associatedData, secret })
    return secret.slice()
  }

  /**
   * A version-1 file: every secret is bound to its id alone. They are all re-sealed, bound to
   * their details, in one atomic write under the lock (mutate re-reads the file first and
   * re-seals what it finds there). The write is all or nothing, so an interrupted migration
   * leaves the readable version-1 file. If it cannot happen now (the lock is held by a live
   * process, the file keeps changing), codes still work from the version-1 file, and the
   * next change re-seals it.
   */
  private async sealOldEntriesWithDetails(): Promise<void> {
    try {
      await this.mutate((entries) => ({ entries, result: undefined }))
    } catch {
      // Left as version 1; see above. Nothing was written.
    }
  }

  /**
   * HOTP: stores counter + 1 durably, then answers the counter to use. Whatever happens
   * after this returns, that counter is never handed out again.
   */
  async reserveHotpCounter(id: string): Promise<number> {
    const parsedId = parseInput(entryIdSchema, id, 'id')
    const key = this.requireKey()
    return this.mutate((entries) => {
      const index = findIndex(entries, parsedId)
      const current = entries[index] as StoredEntry
      if (current.type !== 'hotp') {
        throw new VaultError(
          'invalid-argument',
          `${entryDisplayName(current)} is not an HOTP entry.`,
          'id',
        )
      }
      const counter = current.counter ?? 0
      const next = [...entries]
      // The counter is bound to the secret: a counter edited in the file fails here too.
      next[index] = this.resealed(key, current, {
        ...current,
        counter: counter + 1,
        updatedAt: this.now(),
      })
      return { entries: next, result: counter }
    })
  }

  /** Holds a file's entries (or none), with what their secrets are bound to. */
  private take(loaded: LoadedFile | null): void {
    this.entries = loaded?.file.entries ?? []
    this.idOnlySeals = loaded?.idOnlySeals ?? false
  }

  /** The keychain item's text: the bare key is adopted; a password slot leaves the vault locked. */
  private adoptKey(stored: string, loaded: LoadedFile | null): void {
    let key: Buffer
    try {
      const item = parseKeychainItem(stored)
      if (item.kind === 'slot') {
        this.slot = item.slot
        this.locked = true
        return
      }
      key = item.key
    } catch (err) {
      this.problem = keyMissingProblem(`${(err as Error).message} It cannot open this vault.`)
      return
    }
    this.adoptUnwrappedKey(key, loaded)
  }

  private adoptUnwrappedKey(key: Buffer, loaded: LoadedFile | null): void {
    if (loaded && !keyFitsFile(key, loaded)) {
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
      const { loaded, raw } = await this.readFileForWrite()
      const current = loaded?.file
      if (loaded) this.take(loaded)
      if (current && (current.keyCheck !== undefined || current.entries.length > 0)) {
        let stored: string | null
        try {
          stored = await this.keychain.getPassword(this.service, this.account)
        } catch (err) {
          this.problem = classifyKeychainError(err)
          return
        }
        if (stored !== null) {
          // Another process created the key; if the file is still version 1, the next
          // change (or open) re-seals it.
          this.adoptKey(stored, loaded)
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
      try {
        await this.dataFile.writeAtomic(serializeVaultFile(file), raw)
      } catch (err) {
        // Only a process that broke our lock can get here; its key must not be replaced.
        if (err instanceof DataFileChangedError) throw changedWhileStarting()
        throw err
      }
      this.key = key
    })
  }

  /**
   * Applies `change` to the entries on disk and writes the result, under the lock and only
   * if the file is still the one read (checked just before the rename). If another writer
   * got in anyway (our lock was taken over while we stalled), the change is redone on what
   * it wrote, a bounded number of times, instead of overwriting it.
   */
  private async mutate<T>(
    change: (entries: StoredEntry[]) => { entries: StoredEntry[]; result: T },
  ): Promise<T> {
    this.requireWritable()
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataFile.withLock(() => this.mutateOnce(change))
      } catch (err) {
        if (!(err instanceof DataFileChangedError)) throw err
        if (attempt >= WRITE_ATTEMPTS) {
          throw new VaultError(
            'conflict',
            'The data file kept changing while this change was being saved, so it was not saved. Try again.',
          )
        }
      }
    }
  }

  private async mutateOnce<T>(
    change: (entries: StoredEntry[]) => { entries: StoredEntry[]; result: T },
  ): Promise<T> {
    const { loaded, raw } = await this.readFileForWrite()
    const onDisk = loaded?.file
    let base = onDisk?.entries ?? this.entries
    let idOnlySeals = loaded ? loaded.idOnlySeals : this.idOnlySeals
    if (idOnlySeals && this.key) {
      // Any write with the key finishes a version-1 file's migration (see sealOldEntriesWithDetails).
      base = sealWithDetails(this.key, base, this.randomBytes)
      idOnlySeals = false
    }
    const keyCheck = this.key ? vaultKeyCheck(this.key) : onDisk?.keyCheck
    if (this.key && onDisk?.keyCheck !== undefined && !keyMatchesCheck(this.key, onDisk.keyCheck)) {
      throw new VaultError(
        'conflict',
        'Another copy of the app replaced the vault key of this data file. Restart the app; nothing was changed.',
      )
    }
    const { entries, result } = change(normalizeOrder(base))
    const file: VaultFile = { version: CURRENT_VAULT_VERSION, entries: normalizeOrder(entries) }
    if (keyCheck !== undefined) file.keyCheck = keyCheck
    // Without the key a version-1 file stays version 1 (its seals are unchanged).
    await this.dataFile.writeAtomic(serializeVaultFile(file, { idOnlySeals }), raw)
    this.take({ file, idOnlySeals })
    return result
  }

  /**
   * Opening, under the lock: temp files of interrupted writes are removed (no write is in
   * progress while we hold it), and a corrupt file is moved aside.
   */
  private async loadFileForOpen(): Promise<LoadedFile | null> {
    try {
      return await this.dataFile.withLock(async () => {
        await this.dataFile.removeTempFiles()
        return (await this.readFileForWrite()).loaded
      })
    } catch (err) {
      // The list needs no lock: show it, and let the first change report the lock's remedy.
      if (err instanceof VaultError && err.code === 'data-file-locked') return this.readFileOrNull()
      throw err
    }
  }

  /**
   * Under the lock. A corrupt file is moved aside (kept byte for byte) and reported. Answers
   * the raw text too, which the write that follows must still find on disk (null: no file).
   */
  private async readFileForWrite(): Promise<{ loaded: LoadedFile | null; raw: string | null }> {
    const raw = await this.dataFile.read()
    const loaded = await this.parseRaw(raw, async (err) => {
      const movedTo = await this.dataFile.moveAside(err.message)
      this.notices.push({
        kind: 'data-file-corrupt-moved',
        message: `${err.message} It was moved aside and kept unchanged; the vault continues without it. Restore from a backup to recover its accounts.`,
        path: movedTo,
      })
      return null
    })
    // Moved aside: the write that follows creates the file afresh.
    return { loaded, raw: loaded === null ? null : raw }
  }

  /** Without the lock (reload): a corrupt file is left for the next locked read to handle. */
  private async readFileOrNull(): Promise<LoadedFile | null> {
    return this.parseRaw(await this.dataFile.read(), () => null)
  }

  /** Parses raw text: null when absent, a newer version refused, corrupt to `onCorrupt`. */
  private async parseRaw(
    raw: string | null,
    onCorrupt: (err: VaultFileCorruptError) => Promise<null> | null,
  ): Promise<LoadedFile | null> {
    if (raw === null) return null
    try {
      const { file, idOnlySeals } = parseVaultFile(raw)
      return { file, idOnlySeals }
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
    if (this.locked) {
      throw new VaultError('locked', 'The vault is locked. Unlock it with your password first.')
    }
    if (this.problem)
      throw new VaultError(this.problem.kind, `${this.problem.message} ${this.problem.remedy}`)
    if (!this.key) throw new VaultError('internal', 'The vault key is not loaded.')
    return this.key
  }
}

function keyFitsFile(key: Buffer, { file, idOnlySeals }: LoadedFile): boolean {
  if (file.keyCheck !== undefined) return keyMatchesCheck(key, file.keyCheck)
  // Files without a key check (migrated ones): a trial decryption tells. A few entries, not
  // one: one entry changed outside the app must not pass for the wrong key.
  const trials = file.entries.slice(0, 3)
  if (trials.length === 0) return true
  return trials.some((entry) => {
    try {
      openSecret(key, entry.secret, idOnlySeals ? entry.id : detailsAssociatedData(entry))
      return true
    } catch {
      return false
    }
  })
}

/**
 * A version-1 file's entries, each secret re-sealed bound to its details. One that fails its
 * id-only check keeps its ciphertext byte for byte: it failed before and fails after (it is
 * then reported as tampered), and nothing else in the file is held back by it.
 */
function sealWithDetails(
  key: Buffer,
  entries: readonly StoredEntry[],
  randomBytes: RandomBytes,
): StoredEntry[] {
  return entries.map((entry) => {
    let secret: Uint8Array
    try {
      secret = openSecret(key, entry.secret, idOnlyAssociatedData(entry.id))
    } catch {
      return entry
    }
    try {
      return {
        ...entry,
        secret: sealSecret(key, secret, detailsAssociatedData(entry), randomBytes),
      }
    } finally {
      secret.fill(0)
    }
  })
}

function tamperedError(entry: StoredEntry): VaultError {
  return new VaultError(
    'entry-tampered',
    `${entryDisplayName(entry)} was changed outside the app: its details no longer match its encrypted secret, so its code is not shown. Delete it and add it again, or restore it from a backup.`,
    'id',
  )
}

function passwordNotSet(): VaultError {
  return new VaultError('password-not-set', 'No vault password is set.')
}

function passwordWrong(field: string): VaultError {
  return new VaultError('password-wrong', 'The password is wrong.', field)
}

function keychainError(err: unknown): VaultError {
  const problem = classifyKeychainError(err)
  return new VaultError(problem.kind, `${problem.message} ${problem.remedy}`)
}

function keyMissingProblem(message: string): VaultProblem {
  return { kind: 'vault-key-missing', message, remedy: KEY_MISSING_REMEDY }
}

function findIndex(entries: readonly StoredEntry[], id: string): number {
  const index = entries.findIndex((entry) => entry.id === id)
  if (index < 0) throw notFound(id)
  return index
}

/**
 * One entry per MAG credential: a second would make "the credential's codes" ambiguous. Checked
 * against the file as it is under the lock, and within the batch itself.
 */
function refuseTakenMagCredentialIds(
  existing: readonly StoredEntry[],
  adding: readonly StoredEntry[],
): void {
  const taken = new Map<string, StoredEntry>()
  for (const entry of existing) {
    if (entry.magCredentialId !== undefined) taken.set(entry.magCredentialId, entry)
  }
  for (const entry of adding) {
    if (entry.magCredentialId === undefined) continue
    const holder = taken.get(entry.magCredentialId)
    if (holder) {
      throw new VaultError(
        'conflict',
        `${entryDisplayName(holder)} already holds this MAG credential; nothing was added.`,
        'magCredentialId',
      )
    }
    taken.set(entry.magCredentialId, entry)
  }
}

function notFound(id: string): VaultError {
  return new VaultError('not-found', `No account with id ${id} is in the vault.`, 'id')
}

function sameSealed(a: StoredEntry['secret'], b: StoredEntry['secret']): boolean {
  return a === b || (a.iv === b.iv && a.tag === b.tag && a.data === b.data)
}

function changedWhileStarting(): VaultError {
  return new VaultError(
    'conflict',
    'Another copy of the app changed the data file while this one was creating the vault key. Restart the app; nothing was changed.',
  )
}

/**
 * zod at the boundary: the first problem becomes an VaultError naming its field (prefixed
 * with the input's index when one of many is at fault).
 */
function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  field?: string,
  index?: number,
): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = [...(index === undefined ? [] : [index]), ...(issue?.path ?? [])]
    .map(String)
    .join('.')
  const name = path || field
  throw new VaultError(
    'invalid-argument',
    name ? `${name}: ${issue?.message ?? 'is invalid'}` : (issue?.message ?? 'Invalid input'),
    name,
  )
}
