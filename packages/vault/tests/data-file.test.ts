import Conf from 'conf'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createElectronStoreDataFile, type DataFile } from '../src'
import { createNodeDataFile } from '../src/data-file'
import { makeTempDir } from './helpers'

let dir: string
let cleanup: () => Promise<void>
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()))
afterEach(() => cleanup())

// conf is the library electron-store extends; it runs under plain Node, so the adapter is
// exercised on the same store code the app uses.
const implementations: [string, (dir: string) => DataFile][] = [
  ['node', (d) => createNodeDataFile(join(d, 'vault.json'))],
  [
    'electron-store (conf)',
    (d) => createElectronStoreDataFile(Conf, { cwd: d, configName: 'vault' }),
  ],
]

describe.each(implementations)('DataFile over %s', (_name, make) => {
  it('reads null before the first write, then what was written', async () => {
    const file = make(dir)
    expect(await file.read()).toBeNull()
    await file.writeAtomic(JSON.stringify({ version: 1, entries: [] }))
    expect(JSON.parse((await file.read()) ?? 'null')).toEqual({ version: 1, entries: [] })
    await file.writeAtomic(JSON.stringify({ version: 1, entries: [], keyCheck: 'abc=' }))
    expect(JSON.parse((await file.read()) ?? 'null')).toMatchObject({ keyCheck: 'abc=' })
  })

  it('keeps the file readable by its owner only', async () => {
    // Secrets are encrypted, but issuers and labels say which services a person uses.
    const file = make(dir)
    await file.writeAtomic(JSON.stringify({ version: 1, entries: [] }))
    expect((await stat(file.path)).mode & 0o777).toBe(0o600)
  })

  it('leaves no temp files behind', async () => {
    const file = make(dir)
    for (let i = 0; i < 5; i++) await file.writeAtomic(JSON.stringify({ i }))
    expect((await readdir(dir)).filter((name) => name.includes('tmp'))).toEqual([])
  })

  it('moves a file aside with a timestamp, byte for byte', async () => {
    const file = make(dir)
    const garbage = '{"version": 1, "entries": [ <- torn'
    await writeFile(file.path, garbage)
    const moved = await file.moveAside('not valid JSON')
    expect(moved).toMatch(/\.corrupt-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z/)
    expect(await readFile(moved, 'utf8')).toBe(garbage)
    expect(await file.read()).toBeNull()
    // A second move in the same millisecond does not overwrite the first.
    await writeFile(file.path, 'second')
    const again = await file.moveAside('again')
    expect(again).not.toBe(moved)
    expect(await readFile(moved, 'utf8')).toBe(garbage)
  })

  it('withLock excludes a second DataFile on the same path (as another process would hold it)', async () => {
    const a = make(dir)
    const b = createNodeDataFile(a.path)
    const events: string[] = []
    let releaseA: () => void = () => undefined
    const aHolds = new Promise<void>((resolve) => (releaseA = resolve))
    let aEntered: () => void = () => undefined
    const aInside = new Promise<void>((resolve) => (aEntered = resolve))
    const first = a.withLock(async () => {
      events.push('a in')
      aEntered()
      await aHolds
      events.push('a out')
    })
    await aInside
    const second = b.withLock(async () => {
      events.push('b in')
    })
    // b is spinning on the lock directory; let it try a few times before a lets go.
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(events).toEqual(['a in'])
    releaseA()
    await Promise.all([first, second])
    expect(events).toEqual(['a in', 'a out', 'b in'])
  })

  it('withLock releases the lock when the function throws', async () => {
    const file = make(dir)
    await expect(file.withLock(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    await expect(file.withLock(async () => 'again')).resolves.toBe('again')
  })
})

describe('electron-store adapter', () => {
  it('does not clear or rewrite a corrupt file when the store is constructed', async () => {
    const path = join(dir, 'vault.json')
    await writeFile(path, 'this is not json')
    const file = createElectronStoreDataFile(Conf, {
      cwd: dir,
      configName: 'vault',
    })
    expect(file.path).toBe(path)
    expect(await file.read()).toBe('this is not json')
    expect(await readFile(path, 'utf8')).toBe('this is not json')
  })
})
