import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ClipboardService, type TextClipboard } from '../../src/main/shell/clipboard-service'

/** An in-memory clipboard: holds text exactly like the system one, nothing more. */
function memoryClipboard(): TextClipboard & { text: string } {
  return {
    text: '',
    writeText(text) {
      this.text = text
    },
    readText() {
      return this.text
    },
  }
}

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

  it('stops a pending clear on dispose', async () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    await service.copy('123456')
    service.dispose()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(clipboard.text).toBe('123456')
  })
})

describe('ClipboardService with a promise-based clipboard (Electron 45)', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('awaits the write and clears after 30 s when it still holds the code', async () => {
    let text = ''
    const clipboard = {
      writeText: async (value: string) => {
        await Promise.resolve()
        text = value
      },
      readText: async () => text,
    }
    const service = new ClipboardService({ clipboard })
    await service.copy('87654321')
    expect(text).toBe('87654321')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(text).toBe('')
  })
})
