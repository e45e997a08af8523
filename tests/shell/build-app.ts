import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

export type BuiltApp = { outDir: string; remove: () => Promise<void> }

/**
 * Builds the app with the project's electron-vite config into a fresh temporary directory,
 * so a test reads what this source builds to (never a stale out/), and a running dev build
 * or e2e run reading out/ is never disturbed. The caller removes it with `remove`.
 */
export async function buildAppIntoTemp(): Promise<BuiltApp> {
  const outDir = await mkdtemp(join(tmpdir(), 'mag-build-'))
  const remove = () => rm(outDir, { recursive: true, force: true })
  try {
    await promisify(execFile)(
      process.execPath,
      [
        'node_modules/electron-vite/bin/electron-vite.js',
        'build',
        '--outDir',
        outDir,
        '--logLevel',
        'error',
      ],
      { cwd: process.cwd(), maxBuffer: 16 * 1024 * 1024 },
    )
  } catch (caught) {
    await remove()
    throw caught
  }
  return { outDir, remove }
}
