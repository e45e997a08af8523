import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import lockfile from 'proper-lockfile'

/**
 * An exclusive lock on one data file, across processes (proper-lockfile: an atomic mkdir of
 * `<file>.lock`, refreshed while held, taken over when stale after a crash) and across
 * callers in this process (a promise chain, so our own callers queue instead of spinning
 * on the lock directory).
 */
export type FileLock = <T>(fn: () => Promise<T>) => Promise<T>

export function createFileLock(path: string): FileLock {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(() => withProcessLock(path, fn))
    // The chain must continue whether this caller failed or not.
    tail = run.catch(() => undefined)
    return run
  }
}

async function withProcessLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(path), { recursive: true })
  let compromised: Error | undefined
  const release = await lockfile.lock(path, {
    lockfilePath: `${path}.lock`,
    // The data file may not exist yet (first run); lock its name, not its inode.
    realpath: false,
    stale: 10_000,
    retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 200, randomize: true },
    // The default throws from a timer and kills the process; report it to the caller instead.
    onCompromised: (err) => {
      compromised = err
    },
  })
  try {
    const result = await fn()
    if (compromised) throw new Error(`The data file lock was lost: ${compromised.message}`)
    return result
  } finally {
    await release().catch(() => undefined)
  }
}
