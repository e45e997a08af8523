import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { lstat, open, readdir, rename, unlink, type FileHandle } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { VaultError } from './errors'
import { createFileLock, removeLockDebris, type FileLockOptions } from './file-lock'

/**
 * Where the vault keeps its JSON. Two implementations: `createNodeDataFile` (plain Node,
 * used by the CLI, tests and benchmarks) and `createElectronStoreDataFile` (the app, through
 * electron-store). The vault only sees this interface, and both behave alike:
 *
 * - Symbolic links are refused, on read and on write, with a VaultError ('data-file-link').
 *   Following one writes outside the data folder, wherever the link points (an attacker's
 *   planted link, or a sync folder the user thinks is a copy); replacing it silently forks
 *   the accounts between the link's target and a new file. Refusing loses nothing and
 *   tells the user what to do. (Before, conf wrote through the link and the plain backend
 *   replaced it.)
 * - A write can be made conditional on the text it was computed from: just before the
 *   rename it compares the file's current bytes with what the caller read and throws
 *   DataFileChangedError instead of overwriting someone else's change.
 */
export interface DataFile {
  readonly path: string
  /** The raw text on disk, or null when there is no file yet. */
  read(): Promise<string | null>
  /**
   * Replaces the file so that a crash leaves either the old or the new text, never a mix.
   * With `expected` (the text read, null for "no file"), throws DataFileChangedError and
   * changes nothing if the file no longer holds exactly that.
   */
  writeAtomic(text: string, expected?: string | null): Promise<void>
  /** Runs fn holding an exclusive lock shared with every other process using this file. */
  withLock<T>(fn: () => Promise<T>): Promise<T>
  /** Renames the file to `<name>.corrupt-<ISO timestamp>` and answers the new path. */
  moveAside(reason: string): Promise<string>
  /**
   * Deletes temp files that interrupted writes left beside the data file (ciphertext and
   * labels only, but clutter that grows with every crash). Call under the lock, so no
   * write in progress loses its temp file. The lock's own debris of killed processes goes
   * too (see removeLockDebris). Answers how many were removed.
   */
  removeTempFiles(): Promise<number>
  /**
   * The file's identity (inode, size, modification and change times), null when there is
   * none. Every write replaces the file by a rename, so any write, by any process, changes
   * it; reading it costs one lstat, so a window can ask each time it gains focus.
   */
  revision(): Promise<string | null>
}

/** The file changed between the caller's read and its write: read again and redo the change. */
export class DataFileChangedError extends Error {
  constructor(path: string) {
    super(`The data file ${path} changed while it was being updated.`)
    this.name = 'DataFileChangedError'
  }
}

export interface NodeDataFileOptions {
  lock?: FileLockOptions
}

export function createNodeDataFile(path: string, options: NodeDataFileOptions = {}): DataFile {
  return {
    path,
    read: () => readTextOrNull(path),
    writeAtomic: (text, expected) => writeFileAtomic(path, text, expected),
    withLock: createFileLock(path, options.lock),
    moveAside: (reason) => moveFileAside(path, reason),
    removeTempFiles: () => removeTempFiles(path),
    revision: () => fileRevision(path),
  }
}

/** See DataFile.revision. Nanosecond times: two writes in the same millisecond still differ. */
export async function fileRevision(path: string): Promise<string | null> {
  try {
    const stats = await lstat(path, { bigint: true })
    return `${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null
    throw err
  }
}

/** The file's text without following a symbolic link; null when there is no file. */
export async function readTextOrNull(path: string): Promise<string | null> {
  let handle
  try {
    // O_NOFOLLOW makes "is it a link?" and "read it" one step; Windows lacks it, lstat stands in.
    if (constants.O_NOFOLLOW === undefined && (await lstat(path)).isSymbolicLink()) {
      throw symlinkRefused(path)
    }
    handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    return await readWhole(handle)
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null
    if (isErrno(err, 'ELOOP')) throw symlinkRefused(path)
    throw err
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/**
 * The file's bytes as text. FileHandle.readFile grows its buffer chunk by chunk (2 ms for a
 * 1000-account file); the size is known, so read it in one go and only loop if it grew.
 */
async function readWhole(handle: FileHandle): Promise<string> {
  // One byte more than its size, so reading it whole does not fill the buffer and force a grow.
  let buffer = Buffer.allocUnsafe((await handle.stat()).size + 1)
  let length = 0
  for (;;) {
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null)
    if (bytesRead === 0) break
    length += bytesRead
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2)
      buffer.copy(bigger, 0, 0, length)
      buffer = bigger
    }
  }
  return buffer.toString('utf8', 0, length)
}

/** Throws when the path is a symbolic link (before a write replaces or follows it). */
export async function refuseSymlink(path: string): Promise<void> {
  try {
    if ((await lstat(path)).isSymbolicLink()) throw symlinkRefused(path)
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw err
  }
}

export function symlinkRefused(path: string): VaultError {
  return new VaultError(
    'data-file-link',
    `The data file ${path} is a symbolic link, and the vault does not follow links out of its data folder. Replace the link with the file it points to, then try again.`,
  )
}

/** Throws DataFileChangedError when `expected` is given and the file no longer holds it. */
export async function requireUnchanged(
  path: string,
  expected: string | null | undefined,
): Promise<void> {
  if (expected === undefined) return
  // Whole text, not a hash or mtime: equal bytes is the only proof nothing changed.
  if ((await readTextOrNull(path)) !== expected) throw new DataFileChangedError(path)
}

/** Write to a temp file, fsync it, rename over the target, fsync the directory. */
export async function writeFileAtomic(
  path: string,
  text: string,
  expected?: string | null,
): Promise<void> {
  const dir = dirname(path)
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`)
  const handle = await open(temp, 'wx', 0o600)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } catch (err) {
    await handle.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await handle.close()
  try {
    // Checked after the slow part (fsync), as close to the rename as this API allows.
    await requireUnchanged(path, expected)
    await refuseSymlink(path)
    await rename(temp, path)
  } catch (err) {
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await syncDirectory(dir)
}

/** Makes the rename itself durable; some platforms cannot open a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle
  try {
    handle = await open(dir, 'r')
    await handle.sync()
  } catch {
    // Windows cannot fsync a directory; NTFS journals the rename itself.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

export async function moveFileAside(
  path: string,
  reason: string,
  now = new Date(),
): Promise<string> {
  // Colons are not allowed in Windows file names.
  const stamp = now.toISOString().replace(/:/g, '-')
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = `${path}.corrupt-${stamp}${attempt === 0 ? '' : `-${attempt}`}`
    if (await pathExists(target)) continue
    try {
      await rename(path, target)
      await syncDirectory(dirname(path))
      return target
    } catch (err) {
      throw new Error(
        `Could not move the unreadable data file aside (${reason}): ${(err as Error).message}`,
      )
    }
  }
  throw new Error(`Could not find a free name to move the unreadable data file aside (${reason}).`)
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false
    throw err
  }
}

/** `.vault.json.tmp-<pid>-<hex>` (ours) and `vault.json.tmp-<digits><hex>` (conf's atomically). */
export async function removeTempFiles(path: string): Promise<number> {
  const dir = dirname(path)
  const name = basename(path)
  let removed = 0
  const names = await readdir(dir).catch(() => [] as string[])
  for (const candidate of names) {
    const plain = candidate.startsWith(`.${name}.tmp-`) || candidate.startsWith(`${name}.tmp-`)
    if (!plain || !/\.tmp-[0-9a-f-]+$/.test(candidate)) continue
    await unlink(join(dir, candidate)).then(
      () => (removed += 1),
      () => undefined,
    )
  }
  return removed + (await removeLockDebris(path))
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code
}
