import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  ClipboardService,
  type ClipboardFormats,
  type TextClipboard,
} from '../../src/main/shell/clipboard-service'
import {
  createElectronTextClipboard,
  rawClipboardFormat,
} from '../../src/main/electron/clipboard-adapter'
import { createFakeElectron } from './fake-electron'

/**
 * An in-memory clipboard: holds text like the system one, and records each write with the
 * platform formats that came in that same write (a plain-Node stand-in for the OS clipboard).
 */
function memoryClipboard(): TextClipboard & {
  text: string
  writes: Array<{ text: string; formats: ClipboardFormats }>
} {
  return {
    text: '',
    writes: [],
    writeText(text, formats = {}) {
      this.text = text
      this.writes.push({ text, formats })
    },
    readText() {
      return this.text
    },
  }
}

const utf8 = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

describe('ClipboardService', async () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('copies the code and clears it 30 s later', async () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    expect(await service.copy('123456')).toEqual({ clearAfterMs: 30_000 })
    expect(clipboard.text).toBe('123456')
    await vi.advanceTimersByTimeAsync(29_999)
    expect(clipboard.text).toBe('123456')
    await vi.advanceTimersByTimeAsync(1)
    expect(clipboard.text).toBe('')
  })

  it('leaves the clipboard alone if the user copied something else since', async () => {
    const clipboard = memoryClipboard()
    await new ClipboardService({ clipboard }).copy('123456')
    clipboard.writeText('my shopping list')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(clipboard.text).toBe('my shopping list')
  })

  it('gives a newly copied code its own full 30 s', async () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    await service.copy('111111')
    await vi.advanceTimersByTimeAsync(20_000)
    await service.copy('222222')
    await vi.advanceTimersByTimeAsync(20_000)
    expect(clipboard.text).toBe('222222')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(clipboard.text).toBe('')
  })

  it('on quit, clears a code still waiting to be cleared and stops the timer', async () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    await service.copy('123456')
    await service.clearPendingNow()
    expect(clipboard.text).toBe('')
    // The timer is gone: what the user copies afterwards is never touched by it.
    clipboard.writeText('123456')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(clipboard.text).toBe('123456')
  })

  it('on quit, leaves what the user copied since alone', async () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    await service.copy('123456')
    clipboard.writeText('my shopping list')
    await service.clearPendingNow()
    expect(clipboard.text).toBe('my shopping list')
  })

  it('on quit after the clear already ran, does nothing', async () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    await service.copy('123456')
    await vi.advanceTimersByTimeAsync(30_000)
    clipboard.writeText('123456') // the user copied the same digits again by hand
    await service.clearPendingNow()
    expect(clipboard.text).toBe('123456')
  })
})

describe('copies are marked sensitive for clipboard managers, in the same write as the code', () => {
  it('Linux: the x-kde-passwordManagerHint target says "secret"', async () => {
    const clipboard = memoryClipboard()
    await new ClipboardService({ clipboard, platform: 'linux' }).copy('123456')
    expect(clipboard.writes).toHaveLength(1)
    const [write] = clipboard.writes
    expect(write?.text).toBe('123456')
    expect(Object.keys(write?.formats ?? {})).toEqual(['x-kde-passwordManagerHint'])
    expect(utf8(write?.formats['x-kde-passwordManagerHint'])).toBe('secret')
  })

  it('Windows: excluded from monitoring, clipboard history and cloud sync (DWORDs)', async () => {
    const clipboard = memoryClipboard()
    await new ClipboardService({ clipboard, platform: 'win32' }).copy('123456')
    const formats = clipboard.writes[0]?.formats ?? {}
    expect(formats).toEqual({
      ExcludeClipboardContentFromMonitorProcessing: Uint8Array.of(1, 0, 0, 0),
      CanIncludeInClipboardHistory: Uint8Array.of(0, 0, 0, 0),
      CanUploadToCloudClipboard: Uint8Array.of(0, 0, 0, 0),
    })
  })

  it('macOS: org.nspasteboard.ConcealedType', async () => {
    const clipboard = memoryClipboard()
    await new ClipboardService({ clipboard, platform: 'darwin' }).copy('123456')
    expect(Object.keys(clipboard.writes[0]?.formats ?? {})).toEqual([
      'org.nspasteboard.ConcealedType',
    ])
  })

  it('the clear is a plain empty write, and only of our own code', async () => {
    vi.useFakeTimers()
    try {
      const clipboard = memoryClipboard()
      await new ClipboardService({ clipboard, platform: 'linux' }).copy('123456')
      await vi.advanceTimersByTimeAsync(30_000)
      expect(clipboard.writes.map((write) => [write.text, Object.keys(write.formats)])).toEqual([
        ['123456', ['x-kde-passwordManagerHint']],
        ['', []],
      ])
    } finally {
      vi.useRealTimers()
    }
  })

  it("Electron's adapter writes the text and every mark as one ClipboardItem, in one write", async () => {
    const electron = createFakeElectron()
    const clipboard = createElectronTextClipboard(electron)
    await new ClipboardService({ clipboard, platform: 'linux' }).copy('654321')
    expect(electron.clipboard.writeCount).toBe(1)
    expect(electron.clipboard.text).toBe('654321')
    expect(Object.keys(electron.clipboard.formats)).toEqual([
      'electron application/osclipboard;format="x-kde-passwordManagerHint"',
    ])
    expect(utf8(electron.clipboard.formats[rawClipboardFormat('x-kde-passwordManagerHint')])).toBe(
      'secret',
    )
    expect(await clipboard.readText()).toBe('654321')
    // Clearing replaces everything, marks included.
    await clipboard.writeText('')
    expect(electron.clipboard.text).toBe('')
    expect(electron.clipboard.formats).toEqual({})
  })
})
