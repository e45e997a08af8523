import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  createSentNotificationsFile,
  sentNotificationsFileName,
} from '../../src/main/tray/sent-notifications-store'

let dir: string
let path: string
let logged: string[]
const store = () => createSentNotificationsFile({ path, log: (m) => logged.push(m) })

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mag-sent-notifications-'))
  path = join(dir, sentNotificationsFileName)
  logged = []
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('sent notifications file', () => {
  it('starts empty without a file, and what it saves is read back by the next start', async () => {
    expect(await store().load()).toEqual(new Set())
    await store().save(new Set(['a@2026-12-12T00:00:00.000Z:7-days', 'b@x:expired']))
    expect(await store().load()).toEqual(
      new Set(['a@2026-12-12T00:00:00.000Z:7-days', 'b@x:expired']),
    )
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      sent: ['a@2026-12-12T00:00:00.000Z:7-days', 'b@x:expired'],
    })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(logged).toEqual([])
  })

  it.each([
    ['not JSON', '{"version":1,"sent":['],
    ['another shape', '{"version":2,"sent":[]}'],
    ['wrong item types', '{"version":1,"sent":[1,2]}'],
    ['empty', ''],
  ])('a bad file (%s) means starting afresh, said once, never a crash', async (_, text) => {
    await writeFile(path, text)
    expect(await store().load()).toEqual(new Set())
    expect(logged).toEqual([
      `Expiry notifications: ${path} is not a list the app wrote; starting afresh.`,
    ])
    // The next save replaces it.
    await store().save(new Set(['k']))
    expect(await store().load()).toEqual(new Set(['k']))
  })

  it('an unreadable path is reported and the app goes on with an empty set', async () => {
    await mkdir(path)
    expect(await store().load()).toEqual(new Set())
    expect(logged[0]).toMatch(/could not be read; starting afresh/)
    // A save that cannot replace it is reported, not thrown.
    await expect(store().save(new Set(['k']))).resolves.toBeUndefined()
    expect(logged[1]).toMatch(/^Expiry notifications: could not save/)
  })

  it('saves in order: the last set saved is the one kept', async () => {
    const file = store()
    await Promise.all([file.save(new Set(['one'])), file.save(new Set(['one', 'two']))])
    expect(await store().load()).toEqual(new Set(['one', 'two']))
  })
})
