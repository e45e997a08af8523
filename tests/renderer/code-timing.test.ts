import { describe, expect, it } from 'vitest'
import { createCodeTicker, type TickerClock } from '../../src/renderer/src/lib/code-ticker'
import {
  codesAreStale,
  codeValidAt,
  nextWakeAt,
  showsNextCode,
} from '../../src/renderer/src/lib/code-timing'

describe('showsNextCode', () => {
  const end = 1_700_000_010_000
  it('shows the next code only in the last five seconds', () => {
    expect(showsNextCode(end, end - 5_001)).toBe(false)
    expect(showsNextCode(end, end - 5_000)).toBe(true)
    expect(showsNextCode(end, end - 1)).toBe(true)
    expect(showsNextCode(end, end)).toBe(false)
  })
})

describe('nextWakeAt', () => {
  it('wakes five seconds before and at each epoch-aligned boundary', () => {
    expect(nextWakeAt(60_000, [30])).toBe(85_000)
    expect(nextWakeAt(85_000, [30])).toBe(90_000)
    expect(nextWakeAt(89_999, [30])).toBe(90_000)
  })
  it('takes the earliest moment over mixed periods', () => {
    expect(nextWakeAt(31_000, [30, 60])).toBe(55_000)
    expect(nextWakeAt(56_000, [30, 60])).toBe(60_000)
  })
  it('has nothing to wake for without periods, and no preview for very short ones', () => {
    expect(nextWakeAt(0, [])).toBeUndefined()
    expect(nextWakeAt(1_000, [5])).toBe(5_000)
  })
  it('knows when held codes expired', () => {
    expect(codesAreStale([90_000, 120_000], 89_999)).toBe(false)
    expect(codesAreStale([90_000, 120_000], 90_000)).toBe(true)
  })
})

/** A clock whose time only moves when the test says so, with its pending timers. */
function fakeClock(start: number) {
  let now = start
  let nextHandle = 0
  const timers = new Map<number, { at: number; callback: () => void }>()
  const clock: TickerClock = {
    now: () => now,
    setTimeout: (callback, ms) => {
      const handle = ++nextHandle
      timers.set(handle, { at: now + ms, callback })
      return handle
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number)
    },
  }
  const advanceTo = (target: number) => {
    for (;;) {
      const due = [...timers.entries()]
        .filter(([, timer]) => timer.at <= target)
        .sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      timers.delete(due[0])
      now = due[1].at
      due[1].callback()
    }
    now = target
  }
  return { clock, advanceTo, pending: () => timers.size }
}

describe('createCodeTicker', () => {
  it('wakes once per preview and once per boundary, not every second', () => {
    const { clock, advanceTo } = fakeClock(61_000)
    const wakes: number[] = []
    const ticker = createCodeTicker(clock, (now) => wakes.push(now))
    ticker.start([30])
    advanceTo(121_000)
    // 85 s, 90 s, 115 s, 120 s (each with the small late margin).
    expect(wakes).toEqual([85_015, 90_015, 115_015, 120_015])
  })

  it('leaves no timer behind once stopped (a hidden window), and resumes on start', () => {
    const { clock, advanceTo, pending } = fakeClock(0)
    const wakes: number[] = []
    const ticker = createCodeTicker(clock, (now) => wakes.push(now))
    ticker.start([30])
    expect(pending()).toBe(1)
    ticker.stop()
    expect(pending()).toBe(0)
    expect(ticker.running).toBe(false)
    advanceTo(300_000)
    expect(wakes).toEqual([])
    ticker.start([30])
    advanceTo(326_000)
    expect(wakes).toEqual([325_015])
  })

  it('restarting with new periods replaces the pending timer instead of adding one', () => {
    const { clock, pending } = fakeClock(0)
    const ticker = createCodeTicker(clock, () => undefined)
    ticker.start([30])
    ticker.start([30, 60])
    ticker.start([60])
    expect(pending()).toBe(1)
  })

  it('a wake handler that stops the ticker is respected', () => {
    const { clock, advanceTo, pending } = fakeClock(0)
    const ticker: ReturnType<typeof createCodeTicker> = createCodeTicker(clock, () => ticker.stop())
    ticker.start([30])
    advanceTo(30_000)
    expect(pending()).toBe(0)
  })
})

describe('codeValidAt', () => {
  const held = { code: '111111', nextCode: '222222', validUntil: 90_000, period: 30 }
  it('is the current code, then the held next code, then nothing', () => {
    expect(codeValidAt(held, 89_999)).toBe('111111')
    expect(codeValidAt(held, 90_000)).toBe('222222')
    expect(codeValidAt(held, 119_999)).toBe('222222')
    expect(codeValidAt(held, 120_000)).toBeUndefined()
  })
})
