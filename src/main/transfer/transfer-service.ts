import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'
import {
  decodeQrFromPixels,
  detectImporter,
  ImportError,
  readQrImage,
  readQrTexts,
  sniffImageType,
  writeAegisEncryptedBackup,
  writeOtpauthList,
  type EntryProblem,
  type ImportedEntry,
  type ImporterDefinition,
  type ImportInput,
  type PixelImage,
} from '@mag/import'
import {
  accountsWithSecrets,
  addEntries,
  existingAccounts,
  planImport,
  toNewVaultEntry,
  type VaultService,
} from '@mag/vault'
import type { EntrySummary } from '../../shared/entry'
import { AppError } from '../../shared/errors'
import type { ExportResult, ImportPreviewView, ImportStep } from '../../shared/transfer'

/**
 * Accounts in and out of the desktop app: the use cases behind the import and export
 * dialogs, over @mag/import's readers and writers and @mag/vault's plan and add-many.
 *
 * Decisions:
 * - Secrets stay in main. A file that needs a password and a read preview are held here
 *   under a random 128-bit id; the renderer gets the id, names, types and what the import
 *   would do with each account (new, already present, same name with another secret), and
 *   each unreadable account's position, name and reason. Adding or cancelling drops what was
 *   held and overwrites its secrets with zeros; so does the expiry (PREVIEW_TTL_MS after it
 *   was read), checked on every call, so no timer runs.
 * - A file is told by its bytes: a PNG or JPEG is read for QR codes, anything else goes to the
 *   importer that recognises it. The clipboard image (PNG bytes) and the screen capture (BGRA
 *   pixels, one image per screen, their codes read as one input) give the same preview as an
 *   image file.
 * - Adding re-plans against the vault as it is then (the command line may have added
 *   accounts meanwhile) and adds the new ones in one addEntries call: all or nothing, one
 *   lock, one write. Accounts the file holds but cannot read are listed in the preview; the
 *   user sees them and chooses to add the others.
 * - A wrong password keeps the locked file, so the user can type it again.
 * - Exports ask for the path after the password and the warning were settled in the window,
 *   write 0600 atomically (writeFile), and fail whole if one secret cannot be decrypted.
 */

export const PREVIEW_TTL_MS = 10 * 60_000

export type SaveKind = 'encrypted-backup' | 'plain-list'

export type TransferAdapters = {
  /** The opened vault; it must hold its key to read or add secrets. */
  vault: () => Promise<VaultService>
  readFile: (path: string) => Promise<Uint8Array>
  /** Writes a file only its owner can read, atomically (temp file + rename). */
  writeFile: (path: string, text: string) => Promise<void>
  /** The file to import, or undefined when the user cancelled. */
  chooseOpenPath: () => Promise<string | undefined>
  /** Where to save, or undefined when the user cancelled. */
  chooseSavePath: (options: { kind: SaveKind; defaultName: string }) => Promise<string | undefined>
  /**
   * The clipboard's image as an image file's bytes (Electron 45's clipboard hands images over
   * as PNG), or undefined when it holds none.
   */
  readClipboardImage: () => Promise<Uint8Array | undefined>
  /** One image per screen. */
  captureScreens: () => Promise<PixelImage[]>
  /**
   * Loads the QR decoder from where the app keeps its .wasm (a packaged app's unpacked
   * resources) before the first image is read; the decoder's own default otherwise.
   */
  prepareQrDecoder?: () => Promise<void>
  now: () => number
  /** 32 hex characters; random unless a test pins it. */
  randomId?: () => string
  previewTtlMs?: number
}

type Held = { expiresAt: number }
type HeldPreview = Held & { entries: ImportedEntry[]; problems: EntryProblem[] }
type LockedFile = Held & { input: ImportInput; importer: ImporterDefinition }

export class TransferService {
  private readonly previews = new Map<string, HeldPreview>()
  private readonly lockedFiles = new Map<string, LockedFile>()
  private readonly ttl: number
  private readonly randomId: () => string

  constructor(private readonly adapters: TransferAdapters) {
    this.ttl = adapters.previewTtlMs ?? PREVIEW_TTL_MS
    this.randomId = adapters.randomId ?? (() => randomBytes(16).toString('hex'))
  }

  async importFromFile(): Promise<ImportStep> {
    const path = await this.adapters.chooseOpenPath()
    if (path === undefined) return { kind: 'cancelled' }
    const fileName = basename(path)
    const bytes = await this.adapters.readFile(path)
    if (sniffImageType(bytes)) {
      await this.adapters.prepareQrDecoder?.()
      return this.preview(`QR code in ${fileName}`, await readQrImage(bytes))
    }
    const input: ImportInput = { bytes, fileName }
    const importer = detectImporter(input)
    const outcome = await importer.read(input)
    if (outcome.kind === 'preview') return this.preview(importer.name, outcome.preview)
    this.dropExpired()
    const lockedFileId = this.randomId()
    this.lockedFiles.set(lockedFileId, { input, importer, expiresAt: this.expiry() })
    return { kind: 'needs-password', lockedFileId, fileName }
  }

  async unlockFile({
    lockedFileId,
    password,
  }: {
    lockedFileId: string
    password: string
  }): Promise<ImportStep> {
    this.dropExpired()
    const locked = this.lockedFiles.get(lockedFileId)
    if (!locked) throw expired('file')
    // ImportError 'wrong-password' leaves the file held for another try.
    const outcome = await locked.importer.read(locked.input, password)
    if (outcome.kind !== 'preview') {
      throw new ImportError('wrong-password', 'The password was not accepted.')
    }
    this.lockedFiles.delete(lockedFileId)
    return this.preview(locked.importer.name, outcome.preview)
  }

  async importFromClipboard(): Promise<ImportStep> {
    const image = await this.adapters.readClipboardImage()
    if (!image) {
      throw new ImportError(
        'no-entries',
        'The clipboard holds no image. Copy the QR code as an image (not its file) and try again.',
      )
    }
    await this.adapters.prepareQrDecoder?.()
    return this.preview('QR code from the clipboard', await readQrImage(image))
  }

  async importFromScreen(): Promise<ImportStep> {
    const screens = await this.adapters.captureScreens()
    return this.previewOfPixels('QR code on the screen', screens, 'on the screen')
  }

  /** Adds the preview's new accounts, all or none, and forgets the preview. */
  async confirmImport({ previewId }: { previewId: string }): Promise<{ added: EntrySummary[] }> {
    this.dropExpired()
    const held = this.previews.get(previewId)
    if (!held) throw expired('preview')
    const vault = await this.adapters.vault()
    const plan = planImport(held, existingAccounts(vault))
    const added = await addEntries(vault, plan.toAdd.map(toNewVaultEntry))
    this.drop(previewId)
    return { added }
  }

  /** Forgets a preview or a locked file; an unknown or expired id is already forgotten. */
  cancelImport({ id }: { id: string }): null {
    this.drop(id)
    this.dropExpired()
    return null
  }

  async exportEncryptedBackup({ password }: { password: string }): Promise<ExportResult> {
    return this.export({
      kind: 'encrypted-backup',
      defaultName: 'mag-authenticator-backup.json',
      write: (entries) => writeAegisEncryptedBackup({ entries, password }),
    })
  }

  /** Only once the user acknowledged, in the window, that every secret will be in clear. */
  async exportPlainList({
    acknowledgedPlainTextRisk,
  }: {
    acknowledgedPlainTextRisk: true
  }): Promise<ExportResult> {
    if (acknowledgedPlainTextRisk !== true) {
      throw new AppError('invalid-argument', 'The plain export must be acknowledged first.')
    }
    return this.export({
      kind: 'plain-list',
      defaultName: 'mag-authenticator-accounts.txt',
      write: async (entries) => writeOtpauthList(entries),
    })
  }

  /** How many previews and locked files are held (tests: nothing lingers). */
  heldCount(): number {
    this.dropExpired()
    return this.previews.size + this.lockedFiles.size
  }

  private async export({
    kind,
    defaultName,
    write,
  }: {
    kind: SaveKind
    defaultName: string
    write: (entries: ImportedEntry[]) => Promise<string>
  }): Promise<ExportResult> {
    const vault = await this.adapters.vault()
    if (vault.list().length === 0) {
      throw new AppError('not-found', 'There are no accounts to export yet.')
    }
    const path = await this.adapters.chooseSavePath({ kind, defaultName })
    if (path === undefined) return { kind: 'cancelled' }
    const entries = accountsWithSecrets(vault)
    try {
      await this.adapters.writeFile(path, await write(entries))
    } finally {
      for (const entry of entries) entry.secret.fill(0)
    }
    return { kind: 'saved', path, count: entries.length }
  }

  private async previewOfPixels(
    sourceName: string,
    images: readonly PixelImage[],
    where: string,
  ): Promise<ImportStep> {
    await this.adapters.prepareQrDecoder?.()
    const texts: string[] = []
    for (const image of images) texts.push(...(await decodeQrFromPixels(image)))
    if (texts.length === 0) {
      throw new ImportError('no-entries', `No QR code was found ${where}.`)
    }
    return this.preview(sourceName, await readQrTexts([...new Set(texts)]))
  }

  private async preview(
    sourceName: string,
    read: { entries: ImportedEntry[]; problems: EntryProblem[] },
  ): Promise<ImportStep> {
    const vault = await this.adapters.vault()
    const plan = planImport(read, existingAccounts(vault))
    this.dropExpired()
    const previewId = this.randomId()
    this.previews.set(previewId, {
      entries: read.entries,
      problems: read.problems,
      expiresAt: this.expiry(),
    })
    const view: ImportPreviewView = {
      previewId,
      sourceName,
      entries: read.entries.map((entry, i) => ({
        issuer: entry.issuer,
        label: entry.label,
        type: entry.type,
        status: plan.statuses[i] ?? 'new',
      })),
      problems: read.problems.map(({ index, name, reason }) => ({ index, name, reason })),
    }
    return { kind: 'preview', preview: view }
  }

  private expiry(): number {
    return this.adapters.now() + this.ttl
  }

  private dropExpired(): void {
    const now = this.adapters.now()
    for (const [id, held] of [...this.previews, ...this.lockedFiles]) {
      if (held.expiresAt <= now) this.drop(id)
    }
  }

  private drop(id: string): void {
    const preview = this.previews.get(id)
    if (preview) for (const entry of preview.entries) entry.secret.fill(0)
    this.previews.delete(id)
    this.lockedFiles.get(id)?.input.bytes.fill(0)
    this.lockedFiles.delete(id)
  }
}

function expired(what: 'file' | 'preview'): AppError {
  return new AppError(
    'import-expired',
    what === 'file'
      ? 'This file is no longer open for import (it waited too long or was cancelled). Choose it again.'
      : 'This import preview is no longer available (it waited too long or was already added). Start the import again.',
  )
}
