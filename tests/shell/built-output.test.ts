import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import vm from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rendererPathOf } from '../../src/main/shell/app-protocol-path'
import { contentSecurityPolicy } from '../../src/main/shell/content-security-policy'
import { channelNames } from '../../src/shared/channels'
import { buildAppIntoTemp, type BuiltApp } from './build-app'

/** What would ship, built from this source into a temporary directory (see build-app.ts). */
let outDir: string
let built: BuiltApp | undefined

beforeAll(async () => {
  built = await buildAppIntoTemp()
  outDir = built.outDir
}, 180_000)

afterAll(async () => {
  await built?.remove()
})

describe('the built preload', () => {
  it('is one CommonJS file that requires nothing but electron', async () => {
    const path = join(outDir, 'preload/index.cjs')
    expect(existsSync(path)).toBe(true)
    expect(await readdir(join(outDir, 'preload'))).toEqual(['index.cjs'])
    const source = await readFile(path, 'utf8')
    const required = [...source.matchAll(/\brequire\(\s*(['"`])([^'"`]+)\1\s*\)/g)].map((m) => m[2])
    expect(new Set(required)).toEqual(new Set(['electron']))
    expect(source).not.toMatch(/\brequire\(\s*[^'"`\s)]/)
    expect(source).not.toMatch(/^\s*(import|export)\s/m)
    // Compiles as a classic script: an ES module's import/export would be a syntax error.
    expect(() => new vm.Script(`(function (require, module, exports) {${source}\n})`)).not.toThrow()
  })

  it('ships no schema library: arguments are validated in main, the trust boundary', async () => {
    const source = await readFile(join(outDir, 'preload/index.cjs'), 'utf8')
    // zod's runtime names its errors and checks; none of it may ride along into every window.
    expect(source).not.toMatch(/ZodError|\$ZodType|safeParse/)
    for (const name of channelNames) expect(source).toContain(name)
  })

  it('runs with only electron available and exposes magAuth with one method per channel', async () => {
    const source = await readFile(join(outDir, 'preload/index.cjs'), 'utf8')
    const exposed: Array<[string, Record<string, unknown>]> = []
    const invoked: string[] = []
    const electron = {
      contextBridge: {
        exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]),
      },
      ipcRenderer: {
        invoke: async (channel: string) => {
          invoked.push(channel)
          return { ok: true, value: null }
        },
      },
    }
    const sandboxRequire = (name: string): unknown => {
      if (name === 'electron') return electron
      throw new Error(`a sandboxed preload cannot require ${name}`)
    }
    const module = { exports: {} }
    const run = vm.runInNewContext(`(function (require, module, exports) {${source}\n})`, {})
    run(sandboxRequire, module, module.exports)

    expect(exposed.map(([key]) => key)).toEqual(['magAuth'])
    const api = exposed[0]?.[1] ?? {}
    expect(Object.keys(api).sort()).toEqual([...channelNames].sort())
    await (api['getVaultStatus'] as () => Promise<unknown>)()
    expect(invoked).toEqual(['mag:getVaultStatus'])
  })
})

describe('the built renderer', () => {
  it('carries the production CSP from contentSecurityPolicy() and loads assets relatively', async () => {
    const html = await readFile(join(outDir, 'renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
    const content = (meta?.[1] ?? '').replaceAll('&#39;', "'")
    expect(content).toBe(contentSecurityPolicy({ dev: false, delivery: 'meta' }))
    expect(html).not.toMatch(/(src|href)="\/(?!\/)/)
    expect(html).toMatch(/src="\.\/assets\//)
  })
})

describe('the built renderer on app://', () => {
  it('has only files the app:// handler serves: plain names, known types', async () => {
    const files = (
      await readdir(join(outDir, 'renderer'), { recursive: true, withFileTypes: true })
    )
      .filter((entry) => entry.isFile())
      .map((entry) => relative(join(outDir, 'renderer'), join(entry.parentPath, entry.name)))
    expect(files).toContain('index.html')
    for (const file of files) {
      const url = `app://renderer/${file.split(sep).join('/')}`
      expect(rendererPathOf(url), url).toMatchObject({ ok: true })
    }
  })
})

describe('the built main process', () => {
  it('is an ES module entry at the path package.json names', async () => {
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { main: string }
    expect(pkg.main).toBe('out/main/index.js')
    const source = await readFile(join(outDir, 'main/index.js'), 'utf8')
    expect(source).toMatch(/from "electron"/)
    expect(source).toContain('preload/index.cjs')
  })
})
