import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'

/**
 * `npm start` / `npm run dev` on a fresh machine: Electron 42+ has no binary until its
 * `install-electron` bin runs, and electron-vite stops with "Electron uninstall" without it.
 * The ensure step runs here against fake electron packages, so no network is needed.
 */
const script = resolve('scripts/ensure-electron.mjs')
const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** A fake `electron` package whose install-electron bin runs `installer` (CommonJS). */
async function fakeElectronPackage(installer: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mag-ensure-electron-'))
  dirs.push(dir)
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'electron',
      version: '45.5.0',
      bin: { 'install-electron': 'install.js' },
    }),
  )
  await writeFile(join(dir, 'install.js'), installer)
  return dir
}

/** An installer that does what Electron's does on success: dist/electron and path.txt. */
const workingInstaller = `
const fs = require('fs'); const path = require('path')
fs.appendFileSync(path.join(__dirname, 'runs'), 'ran\\n')
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true })
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '')
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron')
`
/** What Electron's installer does offline: @electron/get's fetch fails, exit 1. */
const offlineInstaller = `
require('fs').appendFileSync(require('path').join(__dirname, 'runs'), 'ran\\n')
console.error('TypeError: fetch failed')
process.exit(1)
`

async function ensure(electronDir: string) {
  const env = { ...process.env }
  delete env['ELECTRON_EXEC_PATH']
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [script, '--electron-dir', electronDir],
      { env },
    )
    return { code: 0, stdout, stderr }
  } catch (caught) {
    const failed = caught as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function runs(dir: string): Promise<number> {
  const text = await readFile(join(dir, 'runs'), 'utf8').catch(() => '')
  return text.split('\n').filter(Boolean).length
}

describe('npm start and npm run dev', () => {
  it('fetch the Electron binary before electron-vite runs', async () => {
    const { scripts } = JSON.parse(await readFile('package.json', 'utf8')) as {
      scripts: Record<string, string>
    }
    for (const [name, command] of [
      ['start', 'electron-vite preview'],
      ['dev', 'electron-vite dev'],
    ] as const) {
      const steps = (scripts[name] ?? '').split('&&').map((step) => step.trim())
      // `&&`: electron-vite never starts when the binary could not be fetched.
      expect(steps, `scripts.${name}`).toEqual(['node scripts/ensure-electron.mjs', command])
    }
  })
})

describe('scripts/ensure-electron.mjs', () => {
  it('runs install-electron when path.txt is missing, then is a no-op', async () => {
    const dir = await fakeElectronPackage(workingInstaller)
    const first = await ensure(dir)
    expect(first.code).toBe(0)
    expect(await runs(dir)).toBe(1)
    expect(await readFile(join(dir, 'path.txt'), 'utf8')).toBe('electron')

    const second = await ensure(dir)
    expect(second.code).toBe(0)
    expect(second.stdout + second.stderr).toBe('')
    expect(await runs(dir)).toBe(1)
  })

  it('does not touch an installed Electron, even one whose installer would fail', async () => {
    const dir = await fakeElectronPackage(offlineInstaller)
    await mkdir(join(dir, 'dist'))
    await writeFile(join(dir, 'dist', 'electron'), '')
    await writeFile(join(dir, 'path.txt'), 'electron')
    expect((await ensure(dir)).code).toBe(0)
    expect(await runs(dir)).toBe(0)
  })

  it('fetches again when path.txt names a binary that is gone', async () => {
    const dir = await fakeElectronPackage(workingInstaller)
    await writeFile(join(dir, 'path.txt'), 'electron')
    expect((await ensure(dir)).code).toBe(0)
    expect(await runs(dir)).toBe(1)
  })

  it('a failed download exits non-zero with what failed and how to fix it', async () => {
    const dir = await fakeElectronPackage(offlineInstaller)
    const result = await ensure(dir)
    expect(result.code).not.toBe(0)
    expect(await runs(dir)).toBe(1)
    expect(result.stderr).toContain('TypeError: fetch failed')
    expect(result.stderr).toContain('Could not download the Electron 45.5.0 binary')
    expect(result.stderr).toMatch(/install\.js exited with code 1/)
    expect(result.stderr).toContain('ELECTRON_MIRROR')
    expect(result.stderr).toContain(join(dir, 'path.txt'))
    expect(result.stderr).toMatch(/electron-v45\.5\.0-\w+-\w+\.zip/)
  })

  it('an installer that exits 0 without a binary is a failure too', async () => {
    const dir = await fakeElectronPackage('process.exit(0)')
    const result = await ensure(dir)
    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('no binary')
  })
})
