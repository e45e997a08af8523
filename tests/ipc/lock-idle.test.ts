import { describe, expect, it } from 'vitest'
import { IdleLock } from '../../src/main/lock/idle-lock'

/** A fake clock (the one thing faked): timers fire when the test advances time. */
function fakeClock() {
  let now = 0
  let lastInput = 0
  const pending = new Map<number, { at: number; run: () => void }>()
  let nextId = 1
  return {
    timers: {
      setTimeout: (run: () => void, ms: number) => {
        const id = nextId++
        pending.set(id, { at: now + ms, run })
        return id
      },
      clearTimeout: (id: unknown) => void pending.delete(id as number),
    },
    idleSeconds: () => (now - lastInput) / 1000,
    touch: () => {
      lastInput = now
    },
    pendingCount: () => pending.size,
    async advance(ms: number) {
      const end = now + ms
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= end)
          .sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break
        pending.delete(due[0])
        now = due[1].at
        due[1].run()
        await Promise.resolve()
      }
      now = end
    },
  }
}

function setup(minutes: number | null, hasPassword = true) {
  const clock = fakeClock()
  const locks: number[] = []
  const idle = new IdleLock({
    idleSeconds: clock.idleSeconds,
    lockAfterIdleMinutes: () => minutes,
    lockIfPasswordSet: async () => {
      if (!hasPassword) return false
      locks.push(1)
      return true
    },
    timers: clock.timers,
  })
  return { clock, idle, locks }
}

describe('IdleLock', () => {
  it('locks once the machine was idle for the chosen minutes, then stops watching', async () => {
    const { clock, idle, locks } = setup(5)
    idle.arm()
    await clock.advance(4 * 60_000)
    expect(locks).toHaveLength(0)
    await clock.advance(60_000)
    expect(locks).toHaveLength(1)
    expect(idle.armed).toBe(false)
    expect(clock.pendingCount()).toBe(0)
  })

  it('activity pushes the lock back by the full time', async () => {
    const { clock, idle, locks } = setup(5)
    idle.arm()
    await clock.advance(4 * 60_000)
    clock.touch()
    await clock.advance(4 * 60_000)
    expect(locks).toHaveLength(0)
    await clock.advance(60_000)
    expect(locks).toHaveLength(1)
  })

  it('off by default (no minutes): no timer at all', () => {
    const { clock, idle } = setup(null)
    idle.arm()
    expect(idle.armed).toBe(false)
    expect(clock.pendingCount()).toBe(0)
  })

  it('disarm (locked by hand, password removed) leaves no timer', () => {
    const { clock, idle } = setup(5)
    idle.arm()
    idle.disarm()
    expect(clock.pendingCount()).toBe(0)
  })
})
