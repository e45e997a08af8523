import { constants, openSync, closeSync, readFileSync, lstatSync } from 'node:fs'
import type { DataFile } from './data-file'
import {
  DataFileChangedError,
  fileRevision,
  moveFileAside,
  readTextOrNull,
  removeTempFiles,
  symlinkRefused,
} from './data-file'
import { createFileLock, type FileLockOptions } from './file-lock'

/**
 * The part of electron-store (and conf, which it extends) this adapter uses. The class is
 * passed in rather than imported because electron-store imports electron, and everything
 * in this package must run under plain Node.
 */
export interface KeyValueStore {
  readonly path: string
  store: Record<string, unknown>
}

/** Options we pass through; the ones that could rewrite or clear the file are ours to set. */
export interface ElectronStoreDataFileOptions {
  /** electron-store's file name option (without extension). */
  name?: string
  /** conf's spelling of the same option. */
  configName?: string
  cwd?: string
  projectName?: string
  fileExtension?: string
}

export interface KeyValueStoreOptions extends ElectronStoreDataFileOptions {
  clearInvalidConfig: false
  configFileMode: number
  deserialize: (text: string) => Record<string, unknown>
  serialize: (value: Record<string, unknown>) => string
  watch: false
}

export type KeyValueStoreClass = new (options: KeyValueStoreOptions) => KeyValueStore

/**
 * The vault data file kept through electron-store, as the app runs it. Why two DataFiles:
 * in the app, electron-store owns the location (userData) and the atomic write (conf writes
 * through `atomically`: temp file, fsync, rename); the CLI, the tests and the benchmarks run
 * without Electron and use createNodeDataFile. Both share the lock and the corrupt-file rule.
 *
 * Reads go to the raw file at store.path, not through the store, because the vault must see
 * corrupt text as it is (conf would throw or, with clearInvalidConfig, silently forget it).
 * conf's atomic write follows a symbolic link at store.path, so the link and the "file
 * still as read" checks (see DataFile) run synchronously right before handing conf the
 * value: conf writes synchronously too, so nothing in this process runs in between.
 */
export function createElectronStoreDataFile(
  StoreClass: KeyValueStoreClass,
  options: ElectronStoreDataFileOptions,
  lockOptions?: FileLockOptions,
): DataFile {
  const store = new StoreClass({
    ...options,
    clearInvalidConfig: false,
    watch: false,
    // conf's default is 0o666 less the umask: labels and issuers would be world-readable.
    configFileMode: 0o600,
    // Never throw at construction on a corrupt file and never "repair" it: we read raw text.
    deserialize: (text) => {
      try {
        const parsed: unknown = JSON.parse(text)
        return isPlainObject(parsed) ? parsed : {}
      } catch {
        return {}
      }
    },
    serialize: (value) => `${JSON.stringify(value, null, 2)}\n`,
  })
  const path = store.path
  return {
    path,
    read: () => readTextOrNull(path),
    writeAtomic: async (text, expected) => {
      const value: unknown = JSON.parse(text)
      if (!isPlainObject(value)) throw new Error('The vault data must be a JSON object.')
      if (expected !== undefined && readNoFollowSync(path) !== expected) {
        throw new DataFileChangedError(path)
      }
      if (isSymlinkSync(path)) throw symlinkRefused(path)
      store.store = value
    },
    withLock: createFileLock(path, lockOptions),
    moveAside: (reason) => moveFileAside(path, reason),
    removeTempFiles: () => removeTempFiles(path),
    revision: () => fileRevision(path),
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function readNoFollowSync(path: string): string | null {
  let fd: number | undefined
  try {
    if (isSymlinkSync(path)) throw symlinkRefused(path)
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    return readFileSync(fd, 'utf8')
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return null
    if ((err as { code?: unknown }).code === 'ELOOP') throw symlinkRefused(path)
    throw err
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

function isSymlinkSync(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink()
  } catch {
    return false
  }
}
