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
  it('asks for status and list at once, then the first screen’s codes; each is taken once', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api, calls } = fakeApi(ready)
    const startup = startLoading(api, 10)
    expect(calls.map(([name]) => name)).toEqual(['getVaultStatus', 'listEntries'])

    expect(await startup.status.take()).toEqual(ready)
    expect(startup.status.take()).toBeUndefined()
    expect(await startup.entries.take()).toBe(entries)
    expect(startup.entries.take()).toBeUndefined()

    const first = await startup.firstCodes.take()
    const firstTen = entries.slice(0, 10).map((e) => e.id)
    // The very list the screen shows, so it can tell the codes were chosen from it.
    expect(first?.list).toBe(entries)
    expect(first?.fetched.asked).toEqual(firstTen)
    expect(calls[2]).toEqual(['getCodes', { ids: firstTen }])
    expect(startup.firstCodes.take()).toBeUndefined()
  })

  it('asks for no codes from a vault that is not ready', async () => {
    vi.stubGlobal('document', { visibilityState: 'visible' })
    const { api, calls } = fakeApi({
      state: 'unavailable',
      entryCount: entries.length,
      notices: [],
      problem: { kind: 'keychain-locked', message: 'Locked.', remedy: 'Unlock it.' },
    })
    const startup = startLoading(api, 10)
    expect(await startup.firstCodes.take()).toBeUndefined()
    expect(calls.map(([name]) => name)).not.toContain('getCodes')
  })

  it('a window that starts hidden fetches no codes', async () => {
    vi.stubGlobal('document', { visibilityState: 'hidden' })
    const { api, calls } = fakeApi(ready)
    const startup = startLoading(api, 10)
    await startup.entries.take()
    expect(startup.firstCodes.take()).toBeUndefined()
    expect(calls.map(([name]) => name)).not.toContain('getCodes')
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
