/** One reorder as main's moveEntry takes it: the entry and its final index in the full list. */
export type MoveRequest = { id: string; toIndex: number }

export type MoveQueue = {
  /** Queues a move; resolves once it was answered (or dropped after an earlier failure). */
  move: (request: MoveRequest) => Promise<void>
}

/**
 * Sends reorders to main one at a time, in the order the user made them.
 *
 * The screen shows every move at once (optimistically); the user may press Alt+↑ again
 * before main answered the first. Two moveEntry calls in flight would race for the vault
 * lock, and main could apply them in the other order, storing an order the user never
 * saw. So a move is sent only after the previous one answered, and main's answer is shown
 * only when no later move is waiting (an earlier answer lacks the later moves and would
 * undo them on screen).
 *
 * When a move fails, the moves queued behind it were computed from an order that included
 * it: they are dropped, and `onFailed` lets the caller show the stored truth again.
 */
export function createMoveQueue<Stored>(options: {
  send: (request: MoveRequest) => Promise<Stored>
  onStored: (stored: Stored) => void
  onFailed: (error: unknown) => void
}): MoveQueue {
  let tail: Promise<void> = Promise.resolve()
  let waiting = 0
  /** Bumped on a failure: moves queued before it are no longer sent. */
  let generation = 0

  const run = async (request: MoveRequest, queuedIn: number): Promise<void> => {
    try {
      if (queuedIn !== generation) return
      let stored: Stored
      try {
        stored = await options.send(request)
      } catch (error) {
        generation++
        options.onFailed(error)
        return
      }
      if (waiting === 1) options.onStored(stored)
    } finally {
      waiting--
    }
  }

  return {
    move(request) {
      waiting++
      const queuedIn = generation
      const answered = tail.then(() => run(request, queuedIn))
      // A callback that throws must not stop every later move from being sent.
      tail = answered.catch(() => undefined)
      return answered
    },
  }
}
