import { createHash, randomBytes } from 'node:crypto'
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
 * 1. A lock directory only ever appears complete. It is built under a unique staging name
 *    (`<file>.lock.new-<pid>-<start>-<machine>-<token>`, which names its builder before any
 *    file is inside) with its owner record inside, then renamed into place; a rename onto a
 *    directory that is not empty fails, so exactly one contender wins and every lock names
 *    its owner (pid, host, boot id, process start time).
 * 2. An owner on this host and boot is judged by its process, never by age: alive (signal 0
 *    answers, same start time, not a zombie) → wait; gone → take over at once. So a crash
 *    costs the next writer nothing, and a clock moved back cannot make a lock look young or
 *    old. Age decides only for what this machine cannot judge by a process: owners on another
 *    host (older than FOREIGN_STALE_MS, or dated that far in the future), and a lock that
 *    names nobody (a record missing or not whole; we cannot have made it, see 1): its mtime
 *    must be OWNERLESS_STALE_MS away from now, and until then it is waited for like a live
 *    owner. An empty directory (left by the earlier proper-lockfile version) is replaced by
 *    the rename itself.
 * 3. A directory whose owner record is absent or partial is being built by someone (or was
 *    being changed while we looked). Nobody removes or takes it over unless its builder is
 *    proven dead (its pid, read from the staging name, not running on this host and boot,
 *    or running with another start time) or it is older than a generous bound
 *    (STAGING_STALE_MS for staging directories, OWNERLESS_STALE_MS for the lock itself).
 *    A staging directory whose record names an owner is judged by that owner in the same way.
 * 4. A contender tolerates losing its staging directory (removed by an earlier version, by
 *    hand, or judged stale after waiting past the bound): it builds a fresh one and goes on;
 *    it never fails because its own staging directory vanished.
 * 5. Taking over renames the stale directory away under a unique name and checks it moved
 *    the owner it judged; if a newer lock got there first, it is put back. Releasing removes
 *    the directory only while it still names us. A moved-away directory that names an owner
 *    not proven dead is left for its mover (it may be putting it back).
 * 6. Every state ends within a bound: a live owner (or a young lock naming nobody) is waited
 *    for `waitMs` at most, then a VaultError names the owner and the remedy; a lock path that
 *    is not a directory fails at once with the remedy.
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
  /**
   * Called (and awaited) at each step of a lock attempt, with the staging directory: tests
   * pause an attempt there to interleave another process's steps deterministically.
   */
  onStep?: (step: LockStep, staging: string) => Promise<void> | void
}

/** Staging directory made (empty), its owner record written, a rename about to be tried. */
export type LockStep = 'staging-made' | 'owner-written' | 'renaming'

const DEFAULT_WAIT_MS = 5_000
const FOREIGN_STALE_MS = 30_000
/** A lock directory naming nobody: the earlier proper-lockfile version refreshed it every 5 s. */
const OWNERLESS_STALE_MS = 30_000
/** A staging directory lives for one lock attempt (`waitMs`); this is far beyond any of them. */
const STAGING_STALE_MS = 10 * 60_000
/** Fresh staging directories one attempt builds after losing its own, before giving up. */
const MAX_REBUILDS = 20
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

/** Our staging directory disappeared under us (invariant 4): build a fresh one. */
class StagingLost extends Error {}

async function acquire(lockPath: string, options: FileLockOptions): Promise<string> {
  const now = options.now ?? Date.now
  const deadline = now() + (options.waitMs ?? DEFAULT_WAIT_MS)
  for (let rebuilds = 0; ; rebuilds++) {
    try {
      return await attempt(lockPath, options, deadline)
    } catch (err) {
      if (!(err instanceof StagingLost)) throw err
      if (rebuilds >= MAX_REBUILDS) {
        throw new VaultError(
          'data-file-locked',
          `Could not take the vault's lock ${lockPath}: the directory being prepared beside it kept disappearing. Check what removes files in ${dirname(lockPath)}, then try again.`,
        )
      }
    }
  }
}

/** One staging directory's life: build it, rename it into place, or wait and retry. */
async function attempt(
  lockPath: string,
  options: FileLockOptions,
  deadline: number,
): Promise<string> {
  const now = options.now ?? Date.now
  const isAlive = options.ownerIsAlive ?? processIsAlive
  await mkdir(dirname(lockPath), { recursive: true })
  const token = randomBytes(9).toString('hex')
  const staging = `${lockPath}.new-${builderTag()}-${token}`
  const step = async (name: LockStep) => {
    if (options.onStep) await options.onStep(name, staging)
  }
  await mkdir(staging, { mode: 0o700 })
  try {
    await step('staging-made')
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      boot: thisBoot(),
      start: ownStart(),
      token,
      since: now(),
    }
    // 'wx': never write into a directory that is no longer ours (removed, then reused).
    await writeFile(join(staging, OWNER_FILE), JSON.stringify(owner), {
      mode: 0o600,
      flag: 'wx',
    }).catch((err: unknown) => {
      if (isErrno(err, 'ENOENT', 'EEXIST')) throw new StagingLost()
      throw err
    })
    await step('owner-written')
    let pause = 5
    for (;;) {
      let failure: unknown
      await step('renaming')
      try {
        await rename(staging, lockPath)
        return token
      } catch (err) {
        // The source is gone: someone removed our staging directory.
        if (isErrno(err, 'ENOENT')) throw new StagingLost()
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
      let held = await readOwner(lockPath)
      // A record missing at first look may be a lock released and retaken between our two
      // lookups (owner.json, then the directory): the lock that replaced it names its owner.
      if (held === null) held = await readOwner(lockPath)
      if (held === 'gone') continue
      if (held === null) {
        // Invariant 3: names nobody. Debris only once its mtime has aged, else it is waited for.
        const age = await ageOf(lockPath, now())
        if (age === null) continue
        if (age > OWNERLESS_STALE_MS) {
          await takeOver(lockPath, null)
          continue
        }
      } else if (isStale(held, { now: now(), isAlive })) {
        await takeOver(lockPath, held)
        continue
      }
      if (now() >= deadline) {
        throw held === null ? ownerlessBusy(lockPath) : busy(lockPath, held, now())
      }
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

/**
 * The owner record; null when the directory names nobody (missing record, or one not whole:
 * still being written, or swapped while we looked), 'gone' when there is no directory.
 */
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

/** How long ago (either way: a clock moved back) the directory last changed; null if gone. */
async function ageOf(path: string, now: number): Promise<number | null> {
  return lstat(path).then(
    (stats) => Math.abs(now - stats.mtimeMs),
    (err: unknown) => {
      if (isErrno(err, 'ENOENT', 'ENOTDIR')) return null
      throw err
    },
  )
}

function isStale(
  owner: LockOwner,
  context: { now: number; isAlive: (owner: LockOwner) => boolean },
): boolean {
  if (owner.host !== hostname()) return Math.abs(context.now - owner.since) > FOREIGN_STALE_MS
  return ownerIsDead(owner, context.isAlive)
}

/** Proven gone: on this host, and from an earlier boot or no longer running. */
function ownerIsDead(
  owner: LockOwner,
  isAlive: (owner: LockOwner) => boolean = processIsAlive,
): boolean {
  if (owner.host !== hostname()) return false
  const boot = thisBoot()
  if (owner.boot !== null && boot !== null && owner.boot !== boot) return true
  return !isAlive(owner)
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
 * `<pid>-<start or x>-<machine>` for a staging name: who builds it, readable before its owner
 * record is written. The machine is a hash of host and boot id, so a pid is only ever judged
 * on the host and boot it belongs to.
 */
function builderTag(): string {
  return `${process.pid}-${ownStart() ?? 'x'}-${machineTag()}`
}

let machine: string | undefined
function machineTag(): string {
  machine ??= createHash('sha256')
    .update(`${hostname()}\n${thisBoot() ?? ''}`)
    .digest('hex')
    .slice(0, 12)
  return machine
}

/** The builder a staging name states; null for the earlier `.new-<token>` names. */
function builderOf(suffix: string): { pid: number; start: string | null; machine: string } | null {
  const match = /^(\d+)-(\d+|x)-([0-9a-f]{12})-[0-9a-f]+$/.exec(suffix)
  if (!match?.[1] || !match[2] || !match[3]) return null
  const pid = Number(match[1])
  if (!Number.isSafeInteger(pid) || pid <= 0) return null
  return { pid, start: match[2] === 'x' ? null : match[2], machine: match[3] }
}

/**
 * Removes what a process killed inside this module leaves beside the lock, and nothing a
 * live process may still use (invariants 3 and 5):
 * - `.released-` directories: their owner was letting go and had only to delete them;
 * - `.stale-` directories, unless they name an owner not proven dead (a contender may be
 *   putting a live lock back) and are younger than STAGING_STALE_MS;
 * - `.new-` staging directories whose builder is proven dead: the owner record's process,
 *   or, while the record is absent or partial, the pid in the name (this host and boot, not
 *   running or started at another time); any of them older than STAGING_STALE_MS.
 * Answers how many were removed.
 */
export async function removeLockDebris(path: string): Promise<number> {
  const lockName = basename(`${path}.lock`)
  const dir = dirname(path)
  let removed = 0
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    if (!name.startsWith(`${lockName}.`)) continue
    const match = /^\.(new|stale|released)-([0-9a-fx-]+)$/.exec(name.slice(lockName.length))
    if (!match?.[1] || !match[2]) continue
    const full = join(dir, name)
    if (match[1] !== 'released' && !(await isDebris(full, match[1], match[2]))) continue
    await rm(full, { recursive: true, force: true }).then(
      () => (removed += 1),
      () => undefined,
    )
  }
  return removed
}

async function isDebris(full: string, kind: string, suffix: string): Promise<boolean> {
  const owner = await readOwner(full)
  if (owner === 'gone') return false
  if (owner !== null) {
    if (ownerIsDead(owner)) return true
  } else if (kind === 'stale') {
    // A lock naming nobody, moved away to be removed: no process is waiting on it.
    return true
  } else {
    const builder = builderOf(suffix)
    if (builder && builder.machine === machineTag() && !processIsAlive(builder)) return true
  }
  const age = await ageOf(full, Date.now())
  return age !== null && age > STAGING_STALE_MS
}

function processIsAlive(owner: Pick<LockOwner, 'pid' | 'start'>): boolean {
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

function ownerlessBusy(lockPath: string): VaultError {
  return new VaultError(
    'data-file-locked',
    `The vault's lock ${lockPath} names no owner and changed less than ${OWNERLESS_STALE_MS / 1000} s ago, so it may be in use. Wait and try again; if no MAG Authenticator is running, remove ${lockPath}.`,
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
