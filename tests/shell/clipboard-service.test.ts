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
