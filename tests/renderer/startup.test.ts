import { afterEach, describe, expect, it, vi } from 'vitest'
import type { MagAuthApi } from '../../src/shared/channels'
import type { EntrySummary } from '../../src/shared/entry'
import type { VaultStatus } from '../../src/shared/vault-status'
import { startLoading } from '../../src/renderer/src/lib/startup'

const entries: EntrySummary[] = Array.from({ length: 30 }, (_, i) => ({
  id: `id-${i}`,
  type: 'totp',
  issuer: 'Issuer',
  label: `user${i}`,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
}))

const ready: VaultStatus = { state: 'ready', entryCount: entries.length, notices: [] }

function fakeApi(status: VaultStatus) {
  const calls: Array<[string, unknown]> = []
  const api = {
    getVaultStatus: () => {
      calls.push(['getVaultStatus', undefined])
      return Promise.resolve(status)
    },
    listEntries: () => {
      calls.push(['listEntries', undefined])
      return Promise.resolve(entries)
    },
    getCodes: (args: { ids?: string[] }) => {
      calls.push(['getCodes', args])
      return Promise.resolve({ now: 0, codes: [], unreadable: [], tampered: [] })
    },
  } as unknown as MagAuthApi
  return { api, calls }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('startLoading', () => {
  it('asks for status, list and the first screen’s codes at once; each is taken once', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api, calls } = fakeApi(ready)
    const startup = startLoading(api, 10)
    expect(calls).toEqual([
      ['getVaultStatus', undefined],
      ['listEntries', undefined],
      ['getCodes', { first: 10 }],
    ])

    expect(await startup.status.take()).toEqual(ready)
    expect(startup.status.take()).toBeUndefined()
    expect(await startup.entries.take()).toBe(entries)
    expect(startup.entries.take()).toBeUndefined()

    const first = await startup.firstCodes.take()
    // The very list the screen shows, so it can tell the codes were chosen from it, and the
    // rows main answered for (the first ten), which the screen's codes are replaced for.
    expect(first?.list).toBe(entries)
    expect(first?.fetched.asked).toEqual(entries.slice(0, 10).map((e) => e.id))
    expect(startup.firstCodes.take()).toBeUndefined()
    expect(calls).toHaveLength(3)
  })

  it('uses no codes from a vault that is not ready (its codes call fails, unhandled by nobody)', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api } = fakeApi({
      state: 'unavailable',
      entryCount: entries.length,
      notices: [],
      problem: { kind: 'keychain-locked', message: 'Locked.', remedy: 'Unlock it.' },
    })
    const locked = { ...api, getCodes: () => Promise.reject(new Error('keychain locked')) }
    const startup = startLoading(locked, 10)
    expect(await startup.firstCodes.take()).toBeUndefined()
    expect((await startup.status.take())?.state).toBe('unavailable')
  })

  it('a window that starts hidden fetches no codes', async () => {
    vi.stubGlobal('document', { visibilityState: 'hidden' })
    const { api, calls } = fakeApi(ready)
    const startup = startLoading(api, 10)
    await startup.entries.take()
    expect(startup.firstCodes.take()).toBeUndefined()
    expect(calls.map(([name]) => name)).not.toContain('getCodes')
  })

  it('hands the status over only once the list and the first codes are in', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api, calls } = fakeApi(ready)
    const startup = startLoading(api, 10)
    const status = startup.status.take()
    let statusSeen = false
    void status?.then(() => (statusSeen = true))
    // Nothing has arrived yet: a first render would find nothing to start from.
    expect(startup.entries.takeArrived()).toBeUndefined()
    expect(startup.firstCodes.takeArrived()).toBeUndefined()
    await status
    expect(statusSeen).toBe(true)
    expect(calls.map(([name]) => name)).toEqual(['getVaultStatus', 'listEntries', 'getCodes'])
    // The Codes screen's first render then starts from both answers, and takes them.
    expect(startup.entries.takeArrived()?.value).toBe(entries)
    expect(startup.entries.takeArrived()).toBeUndefined()
    expect(startup.entries.take()).toBeUndefined()
    const codes = startup.firstCodes.takeArrived()?.value
    expect(codes?.list).toBe(entries)
    expect(codes?.fetched.asked).toHaveLength(10)
    expect(startup.firstCodes.take()).toBeUndefined()
  })

  it('still hands the status over when the list fails; a failed answer never counts as arrived', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api } = fakeApi(ready)
    const failing = { ...api, listEntries: () => Promise.reject(new Error('gone')) }
    const startup = startLoading(failing, 10)
    expect(await startup.status.take()).toEqual(ready)
    expect(startup.entries.takeArrived()).toBeUndefined()
    await expect(startup.entries.take()).rejects.toThrow('gone')
  })

  it('a failed call nobody takes is not an unhandled rejection', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api } = fakeApi(ready)
    const failing = { ...api, listEntries: () => Promise.reject(new Error('gone')) }
    const startup = startLoading(failing, 10)
    await new Promise((resolve) => setTimeout(resolve, 0))
    await expect(startup.entries.take()).rejects.toThrow('gone')
  })
})
