import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AppSettingsError,
  appSettingsFileName,
  createFileAppSettingsStore,
  type AppSettingsNotice,
} from '../../../src/main/settings/app-settings-store'
import { defaultAppSettings } from '../../../src/main/settings/app-settings'

let dir: string
let path: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mag-settings-'))
  path = join(dir, appSettingsFileName)
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('the app settings file', () => {
  it('starts from the defaults without a file, and writes nothing until changed', async () => {
    const store = createFileAppSettingsStore({ path })
    expect(await store.read()).toEqual({ ...defaultAppSettings, magServiceUrl: null })
    expect(await readdir(dir)).toEqual([])
  })

  it('round trip: saved 0600 with a version, read back by a new store', async () => {
    const store = createFileAppSettingsStore({ path })
    expect(await store.update({ magServiceUrl: 'https://mag.example.com' })).toEqual({
      ...defaultAppSettings,
      magServiceUrl: 'https://mag.example.com',
    })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      version: 1,
      ...defaultAppSettings,
      magServiceUrl: 'https://mag.example.com',
    })
    const again = createFileAppSettingsStore({ path })
    expect(await again.read()).toEqual({
      ...defaultAppSettings,
      magServiceUrl: 'https://mag.example.com',
    })
    expect(await again.update({ magServiceUrl: null })).toEqual({
      ...defaultAppSettings,
      magServiceUrl: null,
    })
    expect(await createFileAppSettingsStore({ path }).read()).toEqual({
      ...defaultAppSettings,
      magServiceUrl: null,
    })
    expect(await readdir(dir)).toEqual([appSettingsFileName])
  })

  it('overlapping updates are saved in order', async () => {
    const store = createFileAppSettingsStore({ path })
    const urls = ['https://a.example.com', 'https://b.example.com', 'https://c.example.com']
    await Promise.all(urls.map((magServiceUrl) => store.update({ magServiceUrl })))
    expect(await createFileAppSettingsStore({ path }).read()).toEqual({
      ...defaultAppSettings,
      magServiceUrl: 'https://c.example.com',
    })
  })

  it('refuses a bad patch with the field named, changing nothing', async () => {
    const store = createFileAppSettingsStore({ path })
    await store.update({ magServiceUrl: 'https://mag.example.com' })
    const error: unknown = await store
      .update({ magServiceUrl: 'http://mag.example.com' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppSettingsError)
    expect((error as AppSettingsError).field).toBe('magServiceUrl')
    expect((error as AppSettingsError).message).toMatch(/magServiceUrl: Plain http/)
    const unknownField = await store.update({ theme: 'dark' } as never).catch((e: unknown) => e)
    expect(unknownField).toBeInstanceOf(AppSettingsError)
    expect(await createFileAppSettingsStore({ path }).read()).toEqual({
      ...defaultAppSettings,
      magServiceUrl: 'https://mag.example.com',
    })
  })

  it.each([
    ['not JSON', '{"version": 1, "magServiceUrl": ', /not valid JSON/],
    ['another version', '{"version": 7, "magServiceUrl": null}', /settings version 7/],
    ['no version', '["https://mag.example.com"]', /not a settings file/],
    [
      'a refused value',
      '{"version": 1, "magServiceUrl": "http://evil.example.com"}',
      /magServiceUrl: Plain http/,
    ],
  ])(
    '%s: moved aside, defaults used, the user told, never overwritten',
    async (_what, text, reason) => {
      await writeFile(path, text)
      const seen: AppSettingsNotice[] = []
      const store = createFileAppSettingsStore({ path, onNotice: (notice) => seen.push(notice) })
      expect(await store.read()).toEqual({ ...defaultAppSettings, magServiceUrl: null })
      expect(seen).toHaveLength(1)
      const notice = seen[0]
      if (notice?.kind !== 'settings-file-moved-aside')
        throw new Error('expected a moved-aside notice')
      expect(notice.reason).toMatch(reason)
      expect(notice.movedTo).toMatch(/settings\.json\.corrupt-/)
      expect(await readFile(notice.movedTo, 'utf8')).toBe(text)
      expect(store.notices()).toEqual(seen)
      await store.update({ magServiceUrl: 'https://mag.example.com' })
      expect(await readFile(notice.movedTo, 'utf8')).toBe(text)
      expect((await readdir(dir)).sort()).toEqual(
        [appSettingsFileName, notice.movedTo.slice(dir.length + 1)].sort(),
      )
    },
  )

  it('a file that cannot be read is left alone and never overwritten', async () => {
    // A directory where the file should be: read fails with EISDIR, as a permission would.
    await mkdir(path)
    const store = createFileAppSettingsStore({ path })
    expect(await store.read()).toEqual({ ...defaultAppSettings, magServiceUrl: null })
    expect(store.notices()[0]?.kind).toBe('settings-file-unreadable')
    const error: unknown = await store
      .update({ magServiceUrl: 'https://mag.example.com' })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppSettingsError)
    expect((await stat(path)).isDirectory()).toBe(true)
  })
})
