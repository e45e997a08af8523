import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/**
 * Where the Electron binary is, or why these tests cannot run here. The npm package
 * downloads the binary from outside the registries some machines can reach; where it is
 * missing, the Electron tests skip with this reason and nothing else depends on them.
 */
export function electronBinary(): { path?: string; reason?: string } {
  const require = createRequire(import.meta.url)
  // require('electron') tries to download a missing binary; look before asking it.
  if (!process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const packageDir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(packageDir, 'path.txt')
    if (!existsSync(pathFile)) return { reason: `${pathFile} is missing (download did not run)` }
    const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    if (!existsSync(binary)) return { reason: `${binary} does not exist` }
  }
  try {
    const path = require('electron') as unknown
    if (typeof path !== 'string') return { reason: 'require("electron") did not return a path' }
    if (!existsSync(path)) return { reason: `${path} does not exist` }
    return { path }
  } catch (error) {
    return { reason: error instanceof Error ? error.message : String(error) }
  }
}

/** Why the Electron tests skip here, or undefined when they can run. */
export function electronSkipReason(binary = electronBinary()): string | undefined {
  if (!binary.path) return `Electron binary not installed: ${binary.reason}`
  if (process.env.MAG_TEST_KEYRING !== '1') {
    return 'The app opens the keychain at start; run inside node scripts/with-test-keyring.mjs so it never touches yours.'
  }
  if (!existsSync('out/main/index.js'))
    return 'The app is not built; run npx electron-vite build first.'
  return undefined
}
