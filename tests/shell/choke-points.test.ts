import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The security rules rely on single choke points. These checks keep later code from
 * quietly going around them.
 */
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return sourceFiles(path)
      return Promise.resolve(/\.(ts|tsx)$/.test(entry.name) ? [path] : [])
    }),
  )
  return nested.flat()
}

async function filesMatching(dir: string, pattern: RegExp): Promise<string[]> {
  const files = await sourceFiles(dir)
  const hits: string[] = []
  for (const file of files) {
    if (pattern.test(await readFile(file, 'utf8')))
      hits.push(relative('.', file).split(sep).join('/'))
  }
  return hits.sort()
}

describe('choke points', () => {
  it('a code reaches the clipboard only through copyEntryCode (main computes it, marks it sensitive)', async () => {
    // copy-entry-code.ts is the one caller of ClipboardService.copy; only the service and the
    // Electron adapter write to a clipboard at all.
    expect(await filesMatching('src', /clipboard\.copy\(/)).toEqual([
      'src/main/shell/copy-entry-code.ts',
    ])
    expect(await filesMatching('src', /\.writeText\(|clipboard\.write\(/)).toEqual([
      'src/main/electron/clipboard-adapter.ts',
      'src/main/shell/clipboard-service.ts',
    ])
  })

  it('shell.openExternal is called only by the safe shell', async () => {
    expect(await filesMatching('src', /\.openExternal\(/)).toEqual(['src/main/shell/safe-shell.ts'])
  })

  it('IPC handlers are registered only by the wrapper', async () => {
    // app-protocol.ts's one `.handle(` is protocol.handle, checked below.
    expect(await filesMatching('src', /\.handle\(|\.handleOnce\(/)).toEqual([
      'src/main/electron/app-protocol.ts',
      'src/main/ipc/register.ts',
    ])
    expect(await filesMatching('src', /ipcMain\.on\(|ipcMain\.once\(/)).toEqual([])
  })

  it('the renderer is served only by the app:// handler, never loaded from file://', async () => {
    const appProtocol = await readFile('src/main/electron/app-protocol.ts', 'utf8')
    expect(appProtocol.match(/\.handle\(/g)).toEqual(['.handle('])
    expect(appProtocol).toMatch(/protocol\.handle\(APP_SCHEME,/)
    expect(
      await filesMatching('src', /registerSchemesAsPrivileged\(|\.handle\(APP_SCHEME/),
    ).toEqual(['src/main/electron/app-protocol.ts'])
    // No window loads a file, and no page URL is made from a file path.
    expect(
      await filesMatching('src', /\.loadFile\(|registerFileProtocol|interceptFileProtocol/),
    ).toEqual([])
    expect(await filesMatching('src/main/electron', /pathToFileURL|['"`]file:/)).toEqual([])
  })

  it('only the shell wiring and the preload import electron', async () => {
    const importers = await filesMatching(
      'src',
      /from ['"]electron['"]|require\(['"]electron['"]\)/,
    )
    for (const file of importers) {
      expect(
        file === 'src/main/index.ts' ||
          file.startsWith('src/main/electron/') ||
          file === 'src/preload/index.ts',
        file,
      ).toBe(true)
    }
  })

  it('the preload exposes one object and never hands out ipcRenderer', async () => {
    const preload = await readFile('src/preload/index.ts', 'utf8')
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1)
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*,\s*ipcRenderer\s*\)/)
  })
})
