import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdir, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import Conf from 'conf'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  createElectronStoreDataFile,
  createKeytarKeychain,
  createNodeDataFile,
  VaultError,
  VaultService,
  type DataFile,
  type FileLockOptions,
} from '../src'
import {
  childEnv,
  makeTempDir,
  requireTestKeyring,
  uniqueKeychainService,
  vaultCliArgs,
} from './helpers'

/*
 * The data file's lock in every state it can be found in: held by a live process, left by
 * a killed one, dated in the future, replaced by a plain file, and taken over from a writer
 * that stalled. Real files and real processes; outcomes asserted (entries kept, messages),
 * never elapsed times: `waitMs: 0` makes "taken over at once" an outcome, since any waiting
 * for the lock to age would fail at once with data-file-locked.
 */

let dir: string
let cleanup: () => Promise<void>
let dataPath: string
let service: string
const keychain = createKeytarKeychain()
const children: ChildProcessWithoutNullStreams[] = []

beforeAll(() => requireTestKeyring())
beforeEach(async () => {
  ;({ dir, cleanup } = await makeTempDir())
  dataPath = join(dir, 'vault.json')
  service = uniqueKeychainService()
})
afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  await keychain.deletePassword(service, 'vault-key').catch(() => false)
  await cleanup()
})

const secret = (label: string): Uint8Array => new TextEncoder().encode(`secret-of-${label}`)

async function openVault(dataFile: DataFile = createNodeDataFile(dataPath)): Promise<VaultService> {
  const vault = new VaultService({ keychain, dataFile, keychainService: service })
  expect((await vault.open()).state).toBe('ready')
  return vault
}

const addOne = (vault: VaultService, label: string) =>
  vault.add({ type: 'totp', issuer: 'Lock', label, secret: secret(label) })

async function labelsOnDisk(): Promise<string[]> {
  const file = JSON.parse(await readFile(dataPath, 'utf8')) as { entries: { label: string }[] }
  return file.entries.map((entry) => entry.label)
}

/** A real process holding the lock until told to let go (or killed). */
async function childHoldingLock(): Promise<{
  child: ChildProcessWithoutNullStreams
  release: () => Promise<void>
}> {
  const child = spawn('node', vaultCliArgs('hold-lock', dataPath, '-'), {
    stdio: 'pipe',
    env: childEnv(),
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const waitFor = (line: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (stdout.includes(line)) resolve()
      }
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        check()
      })
      child.on('close', () => reject(new Error(`hold-lock ended before "${line}": ${stderr}`)))
      check()
    })
  await waitFor('locked')
  return {
    child,
    release: async () => {
      child.stdin.write('go\n')
      await waitFor('released')
    },
  }
}

function killed(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    child.once('close', () => resolve())
    child.kill('SIGKILL')
  })
}

async function rejection(promise: Promise<unknown>): Promise<VaultError> {
  const caught = await promise.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(caught).toBeInstanceOf(VaultError)
  return caught as VaultError
}

const atOnce: FileLockOptions = { waitMs: 0 }

describe('the data file lock', () => {
  it('a live owner is waited for; past the wait the add fails naming it, and works once it lets go', async () => {
    const vault = await openVault(createNodeDataFile(dataPath, { lock: { waitMs: 300 } }))
    const holder = await childHoldingLock()
    const error = await rejection(addOne(vault, 'while-held'))
    expect(error.code).toBe('data-file-locked')
    expect(error.message).toContain(`(pid ${holder.child.pid})`)
    expect(error.message).toContain(`${dataPath}.lock`)
    await holder.release()
    await addOne(vault, 'after-release')
    expect(await labelsOnDisk()).toEqual(['after-release'])
  })

  it('a lock left by a process killed while holding it is taken over at once', async () => {
    const vault = await openVault(createNodeDataFile(dataPath, { lock: atOnce }))
    await addOne(vault, 'before')
    const holder = await childHoldingLock()
    await killed(holder.child)
    // The killed owner's directory is still there, naming its pid.
    expect(await readdir(`${dataPath}.lock`)).toEqual(['owner.json'])
    await addOne(vault, 'after-crash')
    expect(await labelsOnDisk()).toEqual(['before', 'after-crash'])
    expect((await readdir(dir)).filter((name) => name.includes('.lock'))).toEqual([])
  })

  it('a lock dated in the future (the clock moved back) does not block adds', async () => {
    const vault = await openVault(createNodeDataFile(dataPath, { lock: atOnce }))
    const future = new Date(Date.now() + 3_600_000)
    // As the earlier proper-lockfile version left it: an empty directory, its mtime the stamp.
    await mkdir(`${dataPath}.lock`)
    await utimes(`${dataPath}.lock`, future, future)
    await addOne(vault, 'one')
    // As this version writes it, from a process that is gone, stamped an hour ahead.
    const gone = await childHoldingLock()
    const pid = gone.child.pid
    await killed(gone.child)
    await writeFile(
      join(`${dataPath}.lock`, 'owner.json'),
      JSON.stringify({
        pid,
        host: hostname(),
        boot: null,
        start: null,
        token: 'from-the-future',
        since: future.getTime(),
      }),
    )
    await utimes(`${dataPath}.lock`, future, future)
    await addOne(vault, 'two')
    expect(await labelsOnDisk()).toEqual(['one', 'two'])
  })

  it('a plain file where the lock directory goes fails at once with the remedy, and changes nothing', async () => {
    const vault = await openVault()
    await addOne(vault, 'kept')
    const before = await readFile(dataPath)
    await writeFile(`${dataPath}.lock`, 'not a lock')
    const error = await rejection(addOne(vault, 'refused'))
    expect(error.code).toBe('data-file-locked')
    expect(error.message).toBe(
      `The vault's lock file ${dataPath}.lock is not a lock directory; remove it and try again.`,
    )
    expect(await readFile(dataPath)).toEqual(before)
    // Opening still shows the accounts (metadata needs no lock), then works once it is gone.
    const reopened = await openVault()
    expect(reopened.list().map((entry) => entry.label)).toEqual(['kept'])
    await import('node:fs/promises').then(({ unlink }) => unlink(`${dataPath}.lock`))
    await addOne(reopened, 'after-fix')
    expect(await labelsOnDisk()).toEqual(['kept', 'after-fix'])
  })

  it("opening removes what killed lock takers left, but not a live contender's staging", async () => {
    await openVault()
    const gone = await childHoldingLock()
    const deadPid = gone.child.pid
    await killed(gone.child)
    const owner = (pid: number | undefined, token: string) =>
      JSON.stringify({ pid, host: hostname(), boot: null, start: null, token, since: Date.now() })
    const debris = {
      stale: `${dataPath}.lock.stale-0a1b2c`,
      released: `${dataPath}.lock.released-3d4e5f`,
      deadStaging: `${dataPath}.lock.new-6a7b8c`,
      liveStaging: `${dataPath}.lock.new-9d0e1f`,
    }
    for (const path of Object.values(debris)) await mkdir(path)
    await writeFile(join(debris.stale, 'owner.json'), owner(deadPid, '0a1b2c'))
    await writeFile(join(debris.deadStaging, 'owner.json'), owner(deadPid, '6a7b8c'))
    await writeFile(join(debris.liveStaging, 'owner.json'), owner(process.pid, '9d0e1f'))
    await openVault()
    expect((await readdir(dir)).filter((name) => name.includes('.lock'))).toEqual([
      'vault.json.lock.new-9d0e1f',
    ])
  })
})

/** Wraps a DataFile so that its nth read stalls, after reading, until `resume()`. */
function stallingRead(
  inner: DataFile,
  nth: number,
): { dataFile: DataFile; stalled: Promise<void>; resume: () => void } {
  let reads = 0
  let resume: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (resume = resolve))
  let reached: () => void = () => undefined
  const stalled = new Promise<void>((resolve) => (reached = resolve))
  const dataFile: DataFile = {
    ...inner,
    path: inner.path,
    read: async () => {
      const text = await inner.read()
      reads += 1
      if (reads === nth) {
        reached()
        await gate
      }
      return text
    },
  }
  return { dataFile, stalled, resume }
}

// The writer that stalls past its lock (suspended laptop, debugger) is simulated with a read
// that waits, and a second writer that judges every lock owner dead, as it would judge a
// lock it could not see the owner of once it aged. Run on both backends.
const backends: [string, (lock?: FileLockOptions) => DataFile][] = [
  ['node', (lock) => createNodeDataFile(dataPath, lock ? { lock } : {})],
  [
    'electron-store (conf)',
    (lock) => createElectronStoreDataFile(Conf, { cwd: dir, configName: 'vault' }, lock),
  ],
]

describe.each(backends)('a writer that stalls past its lock (%s)', (_name, make) => {
  it('retries on what the other writer stored instead of overwriting it', async () => {
    await openVault(make())
    const stalling = stallingRead(make(), 2) // read 1 is open's, read 2 the add's
    const slow = await openVault(stalling.dataFile)
    const slowAdd = addOne(slow, 'slow')
    await stalling.stalled
    const other = await openVault(make({ ownerIsAlive: () => false, waitMs: 0 }))
    for (let i = 0; i < 5; i++) await addOne(other, `other-${i}`)
    stalling.resume()
    await slowAdd
    const labels = await labelsOnDisk()
    expect(new Set(labels)).toEqual(
      new Set(['other-0', 'other-1', 'other-2', 'other-3', 'other-4', 'slow']),
    )
    expect(labels).toHaveLength(6)
    // The retried write kept the file whole and owner-only.
    expect((await stat(dataPath)).mode & 0o777).toBe(0o600)
  })
})
