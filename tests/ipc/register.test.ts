import { describe, expect, it } from 'vitest'
import { createDispatcher } from '../../src/main/ipc/dispatcher'
import { registerIpcHandlers } from '../../src/main/ipc/register'
import { channelNames } from '../../src/shared/channels'
import type { Envelope } from '../../src/shared/errors'
import { recordingHandlers, sampleId } from './recording-handlers'

type FakeEvent = { trusted: boolean }
type Listener = (event: FakeEvent, ...args: unknown[]) => Promise<Envelope<unknown>>

function recordingIpcMain() {
  const listeners = new Map<string, Listener>()
  return {
    listeners,
    handle(channel: string, listener: Listener) {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`)
      listeners.set(channel, listener)
    },
  }
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per channel, under the mag: prefix', () => {
    const ipcMain = recordingIpcMain()
    const { handlers } = recordingHandlers()
    registerIpcHandlers(ipcMain, createDispatcher(handlers), (e: FakeEvent) => e.trusted)
    expect([...ipcMain.listeners.keys()].sort()).toEqual(channelNames.map((n) => `mag:${n}`).sort())
  })

  it('dispatches a trusted call to its handler with validated arguments', async () => {
    const ipcMain = recordingIpcMain()
    const { handlers, calls } = recordingHandlers()
    registerIpcHandlers(ipcMain, createDispatcher(handlers), (e: FakeEvent) => e.trusted)
    const envelope = await ipcMain.listeners.get('mag:copyCode')?.(
      { trusted: true },
      { id: sampleId },
    )
    expect(envelope).toEqual({ ok: true, value: { code: '123456', clearAfterMs: 30_000 } })
    expect(calls).toEqual([['copyCode', { id: sampleId }]])
  })

  it('refuses an untrusted sender with forbidden-sender, before any handler runs', async () => {
    const ipcMain = recordingIpcMain()
    const { handlers, calls } = recordingHandlers()
    registerIpcHandlers(ipcMain, createDispatcher(handlers), (e: FakeEvent) => e.trusted)
    for (const [channel, listener] of ipcMain.listeners) {
      const envelope = await listener({ trusted: false }, undefined)
      expect(envelope, channel).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } })
    }
    expect(calls).toEqual([])
  })
})
