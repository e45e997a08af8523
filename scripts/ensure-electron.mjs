#!/usr/bin/env node
// Fetches the Electron binary before `npm start` / `npm run dev` when it is missing.
//
// Why: Electron 42 and later no longer download their binary at `npm install`; it comes on
// first use, or from the package's own `install-electron` bin. electron-vite (6.0.0, the
// newest) only looks for node_modules/electron/path.txt and stops with "Electron uninstall"
// (electron-vite issue #904), so on a fresh machine the README's first command failed.
// This runs that bin when path.txt (or the binary it names) is missing, and is a no-op once
// Electron is installed. A failed download ends with one paragraph saying what failed and
// how to fix it, and a non-zero exit, so electron-vite never starts on a missing binary.
//
// Usage: node scripts/ensure-electron.mjs [--electron-dir <dir of the electron package>]
// (the option is for tests, which point it at a fake package; by default the installed one).

import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, isAbsolute, join, relative } from 'node:path'

/** The executable inside dist/, as Electron's own install.js writes it to path.txt. */
function platformPath(platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron'
  if (platform === 'win32') return 'electron.exe'
  return 'electron'
}

/**
 * Installed means what electron-vite reads: ELECTRON_EXEC_PATH (the user's own binary), or
 * path.txt naming a binary under dist/ (read untrimmed, as electron-vite does).
 */
function electronInstalled(electronDir) {
  if (process.env.ELECTRON_EXEC_PATH) return true
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return false
  const executable = readFileSync(pathFile, 'utf8')
  return executable !== '' && existsSync(join(electronDir, 'dist', executable))
}

/** The package dir as the user would type it: relative inside the project, else absolute. */
function shownPath(dir) {
  const inside = relative(process.cwd(), dir)
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? dir : inside
}

function failureMessage({ electronDir, version, reason }) {
  const shown = shownPath(electronDir)
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`
  return [
    '',
    `Could not download the Electron ${version} binary that \`npm start\` and \`npm run dev\` need: ${reason}.`,
    'Electron 42 and later fetch their binary on first use, not during `npm install`, and electron-vite',
    `only runs once ${join(shown, 'path.txt')} exists. To fix it, either make the download work and run`,
    'the command again: check this machine can reach https://github.com/electron/electron/releases',
    '(behind a proxy, set HTTPS_PROXY), or set ELECTRON_MIRROR to a mirror you can reach, e.g.',
    '`ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start`; or install the binary by hand:',
    `download ${zip} from the releases page, unzip it into ${join(shown, 'dist')}, and write`,
    `\`${platformPath(process.platform)}\` (no newline) into ${join(shown, 'path.txt')}; or set ELECTRON_EXEC_PATH`,
    `to an Electron ${version} executable you already have.`,
    '',
  ].join('\n')
}

/**
 * Runs the electron package's `install-electron` bin unless Electron is installed.
 * Returns the process exit code: 0 installed (already, or now), 1 not.
 */
function ensureElectron(electronDir) {
  if (electronInstalled(electronDir)) return 0
  const manifest = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'))
  const version = String(manifest.version ?? 'unknown')
  const bin = manifest.bin?.['install-electron']
  if (typeof bin !== 'string') {
    process.stderr.write(
      failureMessage({
        electronDir,
        version,
        reason: 'the electron package has no install-electron command (reinstall it with `npm ci`)',
      }),
    )
    return 1
  }
  console.log(`Electron ${version} is not downloaded yet; fetching it once (install-electron)...`)
  // The installer prints its own error (offline, checksum, ...) above our paragraph.
  const result = spawnSync(process.execPath, [join(electronDir, bin)], {
    cwd: electronDir,
    stdio: 'inherit',
  })
  if (result.error || result.status !== 0 || !electronInstalled(electronDir)) {
    const reason = result.error
      ? `the installer could not run (${result.error.message})`
      : result.status !== 0
        ? `${join(shownPath(electronDir), bin)} exited with ${result.status === null ? `signal ${result.signal}` : `code ${result.status}`} (its error is above)`
        : `${bin} finished but no binary is at the path path.txt names`
    process.stderr.write(failureMessage({ electronDir, version, reason }))
    return 1
  }
  return 0
}

function electronDirFromArgs(argv) {
  const at = argv.indexOf('--electron-dir')
  if (at >= 0) {
    const dir = argv[at + 1]
    if (!dir) throw new Error('--electron-dir needs a directory')
    return dir
  }
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'))
}

process.exitCode = ensureElectron(electronDirFromArgs(process.argv.slice(2)))
