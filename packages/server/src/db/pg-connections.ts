/**
 * pg's Pool.end() resolves as soon as it has *asked* its clients to end, before their sockets
 * have closed. Whoever acts on "the service is closed" in that gap (a test dropping its
 * database, a deploy script) can kill those sockets, and the resulting errors surface after
 * the fact. The pool announces each client's socket close with 'remove', so counting
 * 'connect' against 'remove' tells when the last one is really gone.
 *
 * The pool re-emits an idle client's error (say the server terminated it) as 'error'; with no
 * listener Node would throw it and stop the process. The pool has already discarded that
 * client and the next query opens a new one, so a warning is all it deserves.
 */
import type pg from 'pg'

export interface ConnectionTracker {
  /** Resolves once every socket the pool opened has closed. */
  allClosed(): Promise<void>
}

export function trackConnections(pool: pg.Pool): ConnectionTracker {
  let open = 0
  let waiters: (() => void)[] = []
  pool.on('connect', () => {
    open += 1
  })
  pool.on('remove', () => {
    open -= 1
    if (open === 0) {
      for (const wake of waiters) wake()
      waiters = []
    }
  })
  pool.on('error', (error: Error) => {
    process.emitWarning(`PostgreSQL connection lost while idle: ${error.message}`)
  })
  return {
    allClosed: () =>
      open === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve)),
  }
}
