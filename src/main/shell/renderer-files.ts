import { promises as fs } from 'node:fs'
import { join, sep } from 'node:path'

/**
 * Reads one file of the built renderer for the app:// handler, after rendererPathOf() has
 * reduced the request to plain names. What only the file system can tell is settled here:
 * the file's real path (every symbolic link resolved) must still lie inside the renderer
 * folder's real path, and be a regular file. A link inside the folder pointing outside it
 * (to the user's files, to /etc) is refused like a missing file.
 *
 * `fs` is looked up at call time, not destructured at import: in the packaged app the
 * folder is inside app.asar, whose reading Electron patches into these very functions.
 */
export type RendererFile =
  { ok: true; bytes: Uint8Array<ArrayBuffer> } | { ok: false; reason: FileRefusal }

/** `missing`: absent or unreadable; `outside`: resolves out of the folder; `not-a-file`: a directory or device. */
export type FileRefusal = 'missing' | 'outside' | 'not-a-file'

export async function readRendererFile(
  rendererDir: string,
  segments: readonly string[],
): Promise<RendererFile> {
  const root = await realpathOrUndefined(rendererDir)
  const real = await realpathOrUndefined(join(rendererDir, ...segments))
  if (root === undefined || real === undefined) return { ok: false, reason: 'missing' }
  if (!real.startsWith(root.endsWith(sep) ? root : root + sep)) {
    return { ok: false, reason: 'outside' }
  }
  const info = await fs.stat(real).catch(() => undefined)
  if (info === undefined) return { ok: false, reason: 'missing' }
  if (!info.isFile()) return { ok: false, reason: 'not-a-file' }
  // Read by the resolved path: the checked path, not whatever the link says a moment later.
  const bytes = await fs.readFile(real).catch(() => undefined)
  if (bytes === undefined) return { ok: false, reason: 'missing' }
  return { ok: true, bytes }
}

async function realpathOrUndefined(path: string): Promise<string | undefined> {
  return fs.realpath(path).catch(() => undefined)
}
