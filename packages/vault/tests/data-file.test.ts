import Conf from 'conf'
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createElectronStoreDataFile,
  DataFileChangedError,
  VaultError,
  type DataFile,
} from '../src'
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

  it('a write conditional on the text read refuses, changing nothing, when the file changed since', async () => {
    const file = make(dir)
    await file.writeAtomic(JSON.stringify({ version: 1, entries: [] }))
    const read = await file.read()
    await file.writeAtomic(JSON.stringify({ version: 1, entries: [], keyCheck: 'other=' }), read)
    const afterOther = await file.read()
    await expect(
      file.writeAtomic(JSON.stringify({ version: 1, entries: [], keyCheck: 'stale=' }), read),
    ).rejects.toBeInstanceOf(DataFileChangedError)
    expect(await file.read()).toBe(afterOther)
    // "No file" is a state too: a writer that read none must not replace one created since.
    await expect(file.writeAtomic(JSON.stringify({ i: 1 }), null)).rejects.toBeInstanceOf(
      DataFileChangedError,
    )
    expect((await readdir(dir)).filter((name) => name.includes('tmp'))).toEqual([])
  })

  it('refuses a data file that is a symbolic link, reading or writing, and leaves link and target alone', async () => {
    // The safe choice for both backends: never write out of the data folder through a link,
    // and never silently fork the accounts by replacing it (see data-file.ts).
    const outside = join(dir, 'elsewhere')
    await mkdir(outside)
    const target = join(outside, 'target.json')
    await writeFile(target, '{"version":1,"entries":[]}')
    const file = make(dir)
    await symlink(target, file.path)
    const readError = await file.read().then(
      () => undefined,
      (err: unknown) => err,
    )
    expect(readError).toBeInstanceOf(VaultError)
    expect((readError as VaultError).code).toBe('data-file-link')
    expect((readError as VaultError).message).toContain(`${file.path} is a symbolic link`)
    await expect(file.writeAtomic('{"version":1,"entries":[],"keyCheck":"x="}')).rejects.toThrow(
      /is a symbolic link/,
    )
    expect(await readFile(target, 'utf8')).toBe('{"version":1,"entries":[]}')
    expect((await lstat(file.path)).isSymbolicLink()).toBe(true)
  })

  it('removes temp files interrupted writes left, of either backend, and nothing else', async () => {
    const file = make(dir)
    await file.writeAtomic(JSON.stringify({ version: 1, entries: [] }))
    const name = file.path.slice(dir.length + 1)
    const leftovers = [`.${name}.tmp-4242-a1b2c3d4e5f6`, `${name}.tmp-1764600000abcdef`]
    for (const leftover of leftovers) await writeFile(join(dir, leftover), '{"vers')
    await writeFile(join(dir, 'notes.txt'), 'mine')
    expect(await file.removeTempFiles()).toBe(2)
    expect((await readdir(dir)).sort()).toEqual([name, 'notes.txt'].sort())
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
