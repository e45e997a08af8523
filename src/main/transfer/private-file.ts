import { randomBytes } from 'node:crypto'
import { open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * Writes a backup only its owner can read (0600), atomically: the text goes to a temp file
 * beside the target, is fsynced, then takes the target's name in one rename, so a crash or a
 * full disk never leaves half a backup under a name that looks whole. It replaces an
 * existing file: the save dialog has already asked the user about that.
 */
export async function writePrivateFileAtomically(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`)
  const handle = await open(temp, 'wx', 0o600)
  try {
    try {
      await handle.writeFile(text, 'utf8')
      await handle.chmod(0o600)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, path)
  } catch (error) {
    await unlink(temp).catch(() => undefined)
    throw error
  }
}
