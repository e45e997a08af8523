import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * Vitest global setup: tests leave nothing behind in the temporary directory.
 *
 * The run gets a temporary directory of its own (TMPDIR, which os.tmpdir() reads and the
 * test workers inherit), so what another run, another engineer's or a parallel CI job,
 * creates in the shared /tmp at the same time is never counted. At the end, anything still
 * in it was left by a test of this run: it is named, the run fails, and the directory is
 * removed anyway so even a failing run leaves nothing.
 */
/**
 * Made by tools, not by tests, and kept across runs by design: tsx's compile cache
 * (tsx-<uid>, for the child processes tests start with `--import tsx`).
 */
const toolCaches = [/^tsx-\d+$/]

export default function setup(): () => void {
  const previous = process.env['TMPDIR']
  const root = mkdtempSync(join(tmpdir(), 'mag-vitest-run-'))
  process.env['TMPDIR'] = root
  return () => {
    if (previous === undefined) delete process.env['TMPDIR']
    else process.env['TMPDIR'] = previous
    const left = readdirSync(root).filter((name) => !toolCaches.some((cache) => cache.test(name)))
    rmSync(root, { recursive: true, force: true })
    if (left.length > 0) {
      // Vitest reports an error thrown here but still exits 0: set the exit code as well.
      process.exitCode = 1
      const them = left.length === 1 ? 'it' : 'them'
      throw new Error(
        `Tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temporary ` +
          `directory (removed now; the test that made ${them} must remove ${them}): ` +
          left.sort().join(', '),
      )
    }
  }
}
