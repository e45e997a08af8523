import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { channelNames } from '../../src/shared/channels'
import { fakeElectron, removeFakeElectronDirs } from './fake-electron'

vi.mock('electron', async () => {
  const { fakeElectron } = await import('./fake-electron')
  return { default: fakeElectron, ...fakeElectron }
})

beforeAll(async () => {
  await import('../../src/preload/index')
})

// The fake's userData is a real directory: leave nothing in the temporary directory.
afterAll(removeFakeElectronDirs)

describe('src/preload/index.ts', () => {
  it('exposes exactly one object, magAuth, and never ipcRenderer', () => {
    expect(fakeElectron.contextBridge.exposed.map(([key]) => key)).toEqual(['magAuth'])
    const [, api] = fakeElectron.contextBridge.exposed[0] ?? []
    expect(api).not.toBe(fakeElectron.ipcRenderer)
    expect(Object.values(api as object)).not.toContain(fakeElectron.ipcRenderer.invoke)
  })

  it('has exactly one method per channel', () => {
    const [, api] = fakeElectron.contextBridge.exposed[0] ?? []
    expect(Object.keys(api as object).sort()).toEqual([...channelNames].sort())
    for (const name of channelNames)
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function')
  })

  it('sends each call as ipcRenderer.invoke("mag:<name>", args) and returns its answer', async () => {
    const api = fakeElectron.contextBridge.exposed[0]?.[1] as Record<
      string,
      (args?: unknown) => Promise<unknown>
    >
    await expect(api['copyCode']?.({ code: '123456' })).resolves.toEqual({
      ok: true,
      value: 'answer to mag:copyCode',
    })
    await api['listEntries']?.()
    expect(fakeElectron.ipcRenderer.invoked).toEqual([
      ['mag:copyCode', [{ code: '123456' }]],
      ['mag:listEntries', [undefined]],
    ])
  })
})
