import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { lstat, mkdir, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createKeytarKeychain, VaultError, VaultService, createNodeDataFile } from '../src'
import { createFileLock, removeLockDebris, type LockStep } from '../src/file-lock'
import {
  lastJson,
  makeTempDir,
  requireTestKeyring,
  runChild,
  uniqueKeychainService,
  vaultCliArgs,
} from './helpers'

/*
 * Lock attempts interleaved step by step (FileLockOptions.onStep pauses one between its
 * steps), against another process's cleanup and against losing its own staging directory.
 * The first test is the failure seen in the two-process add test: a process opening the
 * vault removed a contender's staging directory while it was still empty, and the
 * contender's next write failed with ENOENT on `vault.json.lock.new-…/owner.json`.
 */

let dir: string
let cleanup: () => Promise<void>
let dataPath: string
let service: string
const keychain = createKeytarKeychain()

beforeAll(() => requireTestKeyring())
beforeEach(async () => {
  ;({ dir, cleanup } = await makeTempDir())
  dataPath = join(dir, 'vault.json')
  service = uniqueKeychainService()
})
afterEach(async () => {
  await keychain.deletePassword(service, 'vault-key').catch(() => false)
  await cleanup()
})

/** A lock whose first attempt stops at `at` until resumed; every staging directory it makes is listed. */
function pausedLock(at: LockStep) {
  let reached: (staging: string) => void = () => undefined
  const paused = new Promise<string>((resolve) => (reached = resolve))
  let resume: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (resume = resolve))
  const stagings = new Set<string>()
  let stopped = false
  const lock = createFileLock(dataPath, {
    waitMs: 2_000,
    onStep: async (step, staging) => {
      stagings.add(staging)
      if (step !== at || stopped) return
      stopped = true
      reached(staging)
      await gate
    },
  })
  return { lock, paused, resume, stagings }
}

const lockLeftovers = async () =>
  (await readdir(dir)).filter((name) => name.startsWith('vault.json.lock'))

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    () => false,
  )

describe('lock attempts interleaved', () => {
  it("another process opening the vault leaves a contender's staging directory alone while it is being built", async () => {
    const vault = new VaultService({
      keychain,
      dataFile: createNodeDataFile(dataPath),
      keychainService: service,
    })
    expect((await vault.open()).state).toBe('ready')
    const { lock, paused, resume } = pausedLock('staging-made')
    const held = lock(() => Promise.resolve('held'))
    const staging = await paused
    // Made, but its owner record not yet written: the moment the race needs.
    expect(await readdir(staging)).toEqual([])
    // A real other process opens the vault, which removes the lock's debris under the lock.
    const opened = await runChild('node', vaultCliArgs('open', dataPath, service))
    expect(opened.stderr).toBe('')
    expect(lastJson<{ status: { state: string } }>(opened.stdout).status.state).toBe('ready')
    expect(await exists(staging)).toBe(true)
    resume()
    expect(await held).toBe('held')
    expect(await lockLeftovers()).toEqual([])
  })

  it.each<LockStep>(['staging-made', 'owner-written', 'renaming'])(
    'an attempt whose staging directory vanishes at %s builds a fresh one and takes the lock',
    async (step) => {
      const { lock, paused, resume, stagings } = pausedLock(step)
      const held = lock(() => Promise.resolve('held'))
      const lost = await paused
      await rm(lost, { recursive: true, force: true })
      resume()
      expect(await held).toBe('held')
      expect(stagings.size).toBe(2)
      expect(await lockLeftovers()).toEqual([])
    },
  )

  it('a lock whose owner record is not whole is waited for while young, taken over once old', async () => {
    const lockDir = `${dataPath}.lock`
    await mkdir(lockDir)
    await writeFile(join(lockDir, 'owner.json'), '{"pid":')
    const lock = createFileLock(dataPath, { waitMs: 200 })
    const refused = await lock(() => Promise.resolve('held')).then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(refused).toBeInstanceOf(VaultError)
    expect((refused as VaultError).code).toBe('data-file-locked')
    expect((refused as VaultError).message).toContain('names no owner')
    expect(await readdir(lockDir)).toEqual(['owner.json'])
    const hourAgo = new Date(Date.now() - 3_600_000)
    await utimes(lockDir, hourAgo, hourAgo)
    expect(await lock(() => Promise.resolve('held'))).toBe('held')
    expect(await lockLeftovers()).toEqual([])
  })
})

describe('removing the lock debris', () => {
  /** The staging name's machine part, as the lock computes it. */
  function machineTag(): string {
    let boot = ''
    try {
      boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    } catch {
      // Not Linux: no boot id.
    }
    return createHash('sha256').update(`${hostname()}\n${boot}`).digest('hex').slice(0, 12)
  }

  it('removes only what a dead builder or mover left, or what is far too old', async () => {
    // A pid that no longer runs: a child that has exited.
    const child = await runChild('node', ['-e', 'console.log(process.pid)'])
    const deadPid = Number(child.stdout.trim())
    const here = machineTag()
    const lock = `${dataPath}.lock`
    const owner = (pid: number, token: string) =>
      JSON.stringify({ pid, host: hostname(), boot: null, start: null, token, since: Date.now() })
    const kept = {
      // Being built by this (live) process: empty, or its record half written.
      liveEmpty: `${lock}.new-${process.pid}-x-${here}-a1`,
      livePartial: `${lock}.new-${process.pid}-x-${here}-a2`,
      // The earlier naming, no builder in the name: only age can tell.
      oldNameEmpty: `${lock}.new-a3`,
      oldNamePartial: `${lock}.new-a4`,
      // Built on another machine (or boot): this one cannot judge its pid.
      elsewhere: `${lock}.new-${deadPid}-x-0123456789ab-a5`,
      // A live lock moved away by a contender that is about to put it back.
      liveMovedAway: `${lock}.stale-a6`,
    }
    const removed = {
      deadEmpty: `${lock}.new-${deadPid}-x-${here}-b1`,
      deadPartial: `${lock}.new-${deadPid}-x-${here}-b2`,
      deadRecord: `${lock}.new-b3`,
      oldNameAncient: `${lock}.new-b4`,
      deadMovedAway: `${lock}.stale-b5`,
      ownerlessMovedAway: `${lock}.stale-b6`,
      released: `${lock}.released-b7`,
    }
    for (const path of [...Object.values(kept), ...Object.values(removed)]) await mkdir(path)
    for (const path of [kept.livePartial, kept.oldNamePartial, removed.deadPartial]) {
      await writeFile(join(path, 'owner.json'), '{"pid":')
    }
    await writeFile(join(kept.liveMovedAway, 'owner.json'), owner(process.pid, 'a6'))
    await writeFile(join(removed.deadRecord, 'owner.json'), owner(deadPid, 'b3'))
    await writeFile(join(removed.deadMovedAway, 'owner.json'), owner(deadPid, 'b5'))
    const hourAgo = new Date(Date.now() - 3_600_000)
    await utimes(removed.oldNameAncient, hourAgo, hourAgo)

    expect(await removeLockDebris(dataPath)).toBe(Object.keys(removed).length)
    expect((await lockLeftovers()).sort()).toEqual(
      Object.values(kept)
        .map((p) => basename(p))
        .sort(),
    )
  })
})
