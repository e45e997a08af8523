import { randomBytes } from 'node:crypto'
import { link, lstat, open, rename, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { CliError } from './errors'

/**
 * Writes a file only its owner can read (0600), atomically: the text goes to a temp file
 * beside the target, is fsynced, then appears under the target's name in one step, so a
 * crash or a full disk never leaves half a backup under a name that looks whole.
 *
 * Without `overwrite`, the temp file is hard-linked to the target name, which fails if the
 * name exists, even if it appeared a moment ago (no check-then-write race). File systems
 * without hard links (FAT, some network shares) fall back to a check and a rename.
 */
export async function writePrivateFile(
  path: string,
  text: string,
  { overwrite }: { overwrite: boolean },
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`)
  const handle = await open(temp, 'wx', 0o600).catch((err: unknown) => {
    // The temp file's name would only confuse: say which file could not be written.
    const code = errnoOf(err)
    if (code === 'ENOENT') throw new CliError(`Cannot write ${path}: its folder does not exist.`)
    if (code === 'EACCES' || code === 'EPERM') {
      throw new CliError(`Cannot write ${path}: permission denied.`)
    }
    throw err
  })
  try {
    await handle.writeFile(text, 'utf8')
    await handle.chmod(0o600)
    await handle.sync()
  } catch (err) {
    await handle.close().catch(() => undefined)
    await unlink(temp).catch(() => undefined)
    throw err
  }
  await handle.close()
  try {
    if (overwrite) {
      await rename(temp, path)
    } else {
      await publishWithoutOverwrite(temp, path)
    }
  } finally {
    await unlink(temp).catch(() => undefined)
  }
}

async function publishWithoutOverwrite(temp: string, path: string): Promise<void> {
  try {
    await link(temp, path)
    return
  } catch (err) {
    if (errnoOf(err) === 'EEXIST') throw exists(path)
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV'].includes(errnoOf(err) ?? '')) throw err
  }
  const present = await lstat(path).then(
    () => true,
    () => false,
  )
  if (present) throw exists(path)
  await rename(temp, path)
}

function exists(path: string): CliError {
  return new CliError(`${path} already exists; pass --force to replace it.`)
}

function errnoOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}
