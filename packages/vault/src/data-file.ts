import { randomBytes } from 'node:crypto'
import { lstat, open, readFile, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { createFileLock } from './file-lock'

/**
 * Where the vault keeps its JSON. Two implementations: `createNodeDataFile` (plain Node,
 * used by the CLI, tests and benchmarks) and `createElectronStoreDataFile` (the app, through
 * electron-store). The vault only sees this interface.
 */
export interface DataFile {
  readonly path: string
  /** The raw text on disk, or null when there is no file yet. */
  read(): Promise<string | null>
  /** Replaces the file so that a crash leaves either the old or the new text, never a mix. */
  writeAtomic(text: string): Promise<void>
  /** Runs fn holding an exclusive lock shared with every other process using this file. */
  withLock<T>(fn: () => Promise<T>): Promise<T>
  /** Renames the file to `<name>.corrupt-<ISO timestamp>` and answers the new path. */
  moveAside(reason: string): Promise<string>
}

export function createNodeDataFile(path: string): DataFile {
  return {
    path,
    read: () => readTextOrNull(path),
    writeAtomic: (text) => writeFileAtomic(path, text),
    withLock: createFileLock(path),
    moveAside: (reason) => moveFileAside(path, reason),
  }
}

export async function readTextOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return null
    throw err
  }
}

/** Write to a temp file, fsync it, rename over the target, fsync the directory. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
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

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code
}
