import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { VaultError } from './errors'

/**
 * An exclusive lock on one data file, across processes (the directory `<file>.lock`, which
 * names its owner in `owner.json`) and across callers in this process (a promise chain, so
 * our own callers queue instead of polling the directory).
 *
 * Invariants:
 * 1. A lock directory only ever appears complete. It is built under a unique name with its
 *    owner record inside, then renamed into place; a rename onto a directory that is not
 *    empty fails, so exactly one contender wins and every lock names its owner (pid, host,
 *    boot id, process start time). An empty directory (left by the earlier proper-lockfile
 *    version) names nobody and is simply replaced.
 * 2. An owner on this host and boot is judged by its process, never by age: alive (signal 0
 *    answers, same start time, not a zombie) → wait; gone → take over at once. So a crash
 *    costs the next writer nothing, and a clock moved back cannot make a lock look young or
 *    old. Age decides only for owners this machine cannot see (another host): older than
 *    FOREIGN_STALE_MS, or dated that far in the future.
 * 3. Taking over renames the stale directory away under a unique name and checks it moved
 *    the owner it judged; if a newer lock got there first, it is put back. Releasing removes
 *    the directory only while it still names us.
 * 4. Every state ends within a bound: a live owner is waited for `waitMs` at most, then a
 *    VaultError names the owner and the remedy; a lock path that is not a directory fails at
 *    once with the remedy.
 * The lock keeps writers in turn; it is not the only guard against lost updates. Each write
 * also checks, just before its rename, that the file is still the one it read (see
 * DataFile.writeAtomic), so a writer whose lock was taken over retries instead of overwriting.
 */
export type FileLock = <T>(fn: () => Promise<T>) => Promise<T>

export type LockOwner = z.infer<typeof lockOwnerSchema>
const lockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  /** Linux boot id; null where the platform has none. */
  boot: z.string().nullable(),
  /** The process's start time in clock ticks since boot (Linux), against pid reuse. */
  start: z.string().nullable(),
  token: z.string(),
  /** Unix ms when taken; only used for owners on another host. */
  since: z.number(),
})

export interface FileLockOptions {
  /** How long to wait for a live owner before failing with a VaultError. */
  waitMs?: number
  /** Whether an owner on this host and boot still runs; tests inject a stalled-past-stale owner. */
  ownerIsAlive?: (owner: LockOwner) => boolean
  now?: () => number
}

const DEFAULT_WAIT_MS = 5_000
const FOREIGN_STALE_MS = 30_000
const OWNER_FILE = 'owner.json'

export function createFileLock(path: string, options: FileLockOptions = {}): FileLock {
  let tail: Promise<unknown> = Promise.resolve()
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(() => withProcessLock(path, options, fn))
    // The chain must continue whether this caller failed or not.
    tail = run.catch(() => undefined)
    return run
  }
}

async function withProcessLock<T>(
  path: string,
  options: FileLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const lockPath = `${path}.lock`
  const token = await acquire(lockPath, options)
  try {
    return await fn()
  } finally {
    await release(lockPath, token).catch(() => undefined)
  }
}

async function acquire(lockPath: string, options: FileLockOptions): Promise<string> {
  const now = options.now ?? Date.now
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS
  const isAlive = options.ownerIsAlive ?? processIsAlive
  await mkdir(dirname(lockPath), { recursive: true })
  const token = randomBytes(9).toString('hex')
  const staging = `${lockPath}.new-${token}`
  await mkdir(staging, { mode: 0o700 })
  try {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      boot: thisBoot(),
      start: ownStart(),
      token,
      since: now(),
    }
    await writeFile(join(staging, OWNER_FILE), JSON.stringify(owner), { mode: 0o600 })
    const deadline = now() + waitMs
    let pause = 5
    for (;;) {
      let failure: unknown
      try {
        await rename(staging, lockPath)
        return token
      } catch (err) {
        if (!isErrno(err, 'EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR', 'EPERM', 'EACCES')) throw err
        failure = err
      }
      const kind = await lstat(lockPath).then(
        (stats) => (stats.isDirectory() ? 'directory' : 'other'),
        (err: unknown) => {
          if (isErrno(err, 'ENOENT')) return 'gone'
          throw err
        },
      )
      if (kind === 'gone') {
        // Released between our rename and our look: try again. Refused with nothing there
        // (a folder we may not write to): that is the answer, not a reason to spin.
        if (isErrno(failure, 'EEXIST', 'ENOTEMPTY')) continue
        throw failure
      }
      if (kind === 'other') throw notALockDirectory(lockPath)
      const held = await readOwner(lockPath)
      if (held === 'gone') continue
      // Invariant 1: a complete lock always names its owner, so one that does not is debris.
      if (held === null || isStale(held, { now: now(), isAlive })) {
        await takeOver(lockPath, held)
        continue
      }
      if (now() >= deadline) throw busy(lockPath, held, now())
      await sleep(pause)
      pause = Math.min(pause * 2, 100)
    }
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined)
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  const held = await readOwner(lockPath)
  // Taken over while we stalled: the lock is someone else's now; leave it to them.
  if (held === 'gone' || held === null || held.token !== token) return
  const away = `${lockPath}.released-${token}`
  await rename(lockPath, away)
  await rm(away, { recursive: true, force: true })
}

/** The owner record; null when the directory names nobody (unreadable or missing record). */
async function readOwner(lockPath: string): Promise<LockOwner | null | 'gone'> {
  let text: string
  try {
    text = await readFile(join(lockPath, OWNER_FILE), 'utf8')
  } catch (err) {
    if (isErrno(err, 'ENOENT')) {
      const exists = await lstat(lockPath).then(
        () => true,
        () => false,
      )
      return exists ? null : 'gone'
    }
    if (isErrno(err, 'ENOTDIR')) return 'gone'
    throw err
  }
  try {
    const parsed = lockOwnerSchema.safeParse(JSON.parse(text))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

function isStale(
  owner: LockOwner,
  context: { now: number; isAlive: (owner: LockOwner) => boolean },
): boolean {
  if (owner.host !== hostname()) return Math.abs(context.now - owner.since) > FOREIGN_STALE_MS
  const boot = thisBoot()
  if (owner.boot !== null && boot !== null && owner.boot !== boot) return true
  return !context.isAlive(owner)
}

async function takeOver(lockPath: string, judged: LockOwner | null): Promise<void> {
  const away = `${lockPath}.stale-${randomBytes(9).toString('hex')}`
  try {
    await rename(lockPath, away)
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return // another contender took it over first
    throw err
  }
  const moved = await readOwner(away)
  const movedToken = moved === 'gone' || moved === null ? null : moved.token
  if (movedToken !== (judged?.token ?? null)) {
    // A newer, live lock replaced the stale one between our look and our rename: put it back.
    await rename(away, lockPath).catch(() => undefined)
  }
  await rm(away, { recursive: true, force: true })
}

/**
 * Removes what a process killed inside this module leaves beside the lock: directories it
 * was moving away (`.stale-`, `.released-`) and staging directories (`.new-`) whose owner
 * is gone. A live contender's staging directory is left alone: it may rename it any moment.
 * Answers how many were removed.
 */
export async function removeLockDebris(path: string): Promise<number> {
  const lockName = basename(`${path}.lock`)
  const dir = dirname(path)
  let removed = 0
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    const match = /\.(new|stale|released)-[0-9a-f]+$/.exec(name)
    if (!match || !name.startsWith(`${lockName}.`)) continue
    const full = join(dir, name)
    if (match[1] === 'new') {
      const owner = await readOwner(full)
      if (
        owner !== null &&
        owner !== 'gone' &&
        !isStale(owner, { now: Date.now(), isAlive: processIsAlive })
      ) {
        continue
      }
    }
    await rm(full, { recursive: true, force: true }).then(
      () => (removed += 1),
      () => undefined,
    )
  }
  return removed
}

function processIsAlive(owner: LockOwner): boolean {
  if (owner.pid === process.pid) return true
  try {
    process.kill(owner.pid, 0)
  } catch (err) {
    // EPERM: it exists, it is just not ours to signal.
    if (!isErrno(err, 'EPERM')) return false
  }
  const stat = procStat(owner.pid)
  if (stat === null) return true // no /proc: signal 0 is all we can know
  // A zombie has exited; another start time means the pid was reused.
  if (stat.state === 'Z' || stat.state === 'X') return false
  return owner.start === null || stat.start === owner.start
}

let bootId: string | null | undefined
function thisBoot(): string | null {
  if (bootId === undefined) {
    try {
      // Synchronous on purpose: read once per process, a 37-byte procfs file.
      bootId = readProcFile('/proc/sys/kernel/random/boot_id')?.trim() || null
    } catch {
      bootId = null
    }
  }
  return bootId
}

let startOfThisProcess: string | null | undefined
function ownStart(): string | null {
  if (startOfThisProcess === undefined) startOfThisProcess = procStat(process.pid)?.start ?? null
  return startOfThisProcess
}

/** Fields 3 (state) and 22 (start time) of /proc/<pid>/stat; null off Linux or when gone. */
function procStat(pid: number): { state: string; start: string } | null {
  const text = readProcFile(`/proc/${pid}/stat`)
  if (text === null) return null
  // The command name (field 2) may hold spaces and parentheses; fields resume after the last ')'.
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ')
  const state = rest[0]
  const start = rest[19]
  return state && start ? { state, start } : null
}

function readProcFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

function notALockDirectory(lockPath: string): VaultError {
  return new VaultError(
    'data-file-locked',
    `The vault's lock file ${lockPath} is not a lock directory; remove it and try again.`,
  )
}

function busy(lockPath: string, owner: LockOwner, now: number): VaultError {
  const seconds = Math.max(0, Math.round((now - owner.since) / 1000))
  const who =
    owner.host === hostname()
      ? `Another MAG Authenticator process (pid ${owner.pid})`
      : `MAG Authenticator on ${owner.host} (pid ${owner.pid})`
  return new VaultError(
    'data-file-locked',
    `${who} has held the vault's lock ${lockPath} for ${seconds} s. Wait for it or close it, then try again; if it is no longer running, remove ${lockPath}.`,
  )
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function isErrno(err: unknown, ...codes: string[]): boolean {
  if (typeof err !== 'object' || err === null) return false
  const code = (err as { code?: unknown }).code
  return typeof code === 'string' && codes.includes(code)
}
