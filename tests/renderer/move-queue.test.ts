import { describe, expect, it } from 'vitest'
import { createMoveQueue, type MoveRequest } from '../../src/renderer/src/lib/move-queue'

/** A main process whose answers the test releases one by one. */
function heldMain() {
  const calls: Array<{
    request: MoveRequest
    answer: (stored: string) => void
    fail: (e: Error) => void
  }> = []
  const send = (request: MoveRequest) =>
    new Promise<string>((answer, fail) => calls.push({ request, answer, fail }))
  return { calls, send }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('createMoveQueue', () => {
  it('sends a move only after the previous one was answered, in the order they were made', async () => {
    const main = heldMain()
    const stored: string[] = []
    const queue = createMoveQueue({
      send: main.send,
      onStored: (s) => stored.push(s),
      onFailed: () => {},
    })
    void queue.move({ id: 'aws', toIndex: 1 })
    void queue.move({ id: 'aws', toIndex: 0 })
    await settle()
    expect(main.calls.map((c) => c.request)).toEqual([{ id: 'aws', toIndex: 1 }])
    main.calls[0]?.answer('after first')
    await settle()
    expect(main.calls.map((c) => c.request)).toEqual([
      { id: 'aws', toIndex: 1 },
      { id: 'aws', toIndex: 0 },
    ])
    // The first answer lacks the second move: showing it would undo that move on screen.
    expect(stored).toEqual([])
    main.calls[1]?.answer('after second')
    await settle()
    expect(stored).toEqual(['after second'])
  })

  it('drops the moves queued behind a failure and reports it once; later moves go through', async () => {
    const main = heldMain()
    const stored: string[] = []
    const failures: unknown[] = []
    const queue = createMoveQueue({
      send: main.send,
      onStored: (s) => stored.push(s),
      onFailed: (e) => failures.push(e),
    })
    void queue.move({ id: 'a', toIndex: 1 })
    const dropped = queue.move({ id: 'a', toIndex: 0 })
    await settle()
    main.calls[0]?.fail(new Error('locked'))
    await dropped
    expect(failures).toHaveLength(1)
    expect(main.calls).toHaveLength(1)
    void queue.move({ id: 'b', toIndex: 2 })
    await settle()
    expect(main.calls.map((c) => c.request)).toEqual([
      { id: 'a', toIndex: 1 },
      { id: 'b', toIndex: 2 },
    ])
    main.calls[1]?.answer('fresh')
    await settle()
    expect(stored).toEqual(['fresh'])
  })
})
