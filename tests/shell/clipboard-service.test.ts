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

describe('ClipboardService', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('copies the code and clears it 30 s later', () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    expect(service.copy('123456')).toEqual({ clearAfterMs: 30_000 })
    expect(clipboard.text).toBe('123456')
    vi.advanceTimersByTime(29_999)
    expect(clipboard.text).toBe('123456')
    vi.advanceTimersByTime(1)
    expect(clipboard.text).toBe('')
  })

  it('leaves the clipboard alone if the user copied something else since', () => {
    const clipboard = memoryClipboard()
    new ClipboardService({ clipboard }).copy('123456')
    clipboard.writeText('my shopping list')
    vi.advanceTimersByTime(30_000)
    expect(clipboard.text).toBe('my shopping list')
  })

  it('gives a newly copied code its own full 30 s', () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    service.copy('111111')
    vi.advanceTimersByTime(20_000)
    service.copy('222222')
    vi.advanceTimersByTime(20_000)
    expect(clipboard.text).toBe('222222')
    vi.advanceTimersByTime(10_000)
    expect(clipboard.text).toBe('')
  })

  it('stops a pending clear on dispose', () => {
    const clipboard = memoryClipboard()
    const service = new ClipboardService({ clipboard })
    service.copy('123456')
    service.dispose()
    vi.advanceTimersByTime(60_000)
    expect(clipboard.text).toBe('123456')
  })
})
