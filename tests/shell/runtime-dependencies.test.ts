import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildAppIntoTemp, type BuiltApp } from './build-app'
import { packageOf, runtimeImports } from './runtime-imports'

/**
 * The root package's `dependencies` are what electron-builder packs into the app, so they
 * must be exactly what the built main and preload load at run time (DESIGN.md): nothing the
 * app does not run (the service's database drivers, React: bundled into the renderer), and
 * nothing it runs that would be missing from the package. The truth is read from a fresh
 * build of this source, never from a list: a dependency swapped in a workspace package
 * shows up here by itself.
 */
let built: BuiltApp | undefined

beforeAll(async () => {
  built = await buildAppIntoTemp()
}, 180_000)

afterAll(async () => {
  await built?.remove()
})

/** Provided by Electron itself at run time, never by node_modules. */
const providedByElectron = new Set(['electron'])

async function jsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile() && /\.(c|m)?js$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

async function loadedPackages(outDir: string) {
  const packages = new Map<string, string[]>()
  const computed: string[] = []
  for (const part of ['main', 'preload']) {
    for (const file of await jsFiles(join(outDir, part))) {
      const where = relative(outDir, file)
      for (const { specifier, how } of runtimeImports(file, await readFile(file, 'utf8'))) {
        if (specifier === '') computed.push(`${where}: ${how} with a computed name`)
        const name = packageOf(specifier)
        if (name === undefined || providedByElectron.has(name)) continue
        packages.set(name, [...(packages.get(name) ?? []), `${where} (${how})`])
      }
    }
  }
  return { packages, computed }
}

describe('root package.json dependencies', () => {
  it('are exactly the packages the built main and preload load at run time', async () => {
    const outDir = built?.outDir ?? ''
    const { packages, computed } = await loadedPackages(outDir)
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as {
      dependencies?: Record<string, string>
    }
    const declared = Object.keys(manifest.dependencies ?? {}).sort()

    expect(computed, 'a load whose module name cannot be read from the build').toEqual([])
    const loaded = [...packages.keys()].sort()
    const missing = loaded.filter((name) => !declared.includes(name))
    const unused = declared.filter((name) => !packages.has(name))
    expect(
      missing.map((name) => `${name}: loaded by ${packages.get(name)?.join(', ')}`),
      'loaded at run time but not in dependencies (the packaged app would not find them)',
    ).toEqual([])
    expect(
      unused,
      'in dependencies but never loaded by main or preload (shipped for nothing)',
    ).toEqual([])
    // keytar is loaded through createRequire in @mag/vault: the reader must have seen it.
    expect(packages.get('keytar')?.join(', ')).toMatch(/createRequire/)
  })
})

describe('runtimeImports', () => {
  it('reads every way a bundle loads a module, and nothing in comments or strings', () => {
    const source = `
      import { a } from "static-pkg";
      import "side-effect-pkg/sub/path.js";
      export { b } from "@scope/reexported/deep";
      import fs from "node:fs";
      import path from "path";
      import local from "./chunk.js";
      const lazy = () => import("dynamic-pkg");
      const viaRequire = require("required-pkg");
      const native = createRequire(import.meta.url)("native-pkg");
      const req = createRequire(import.meta.url);
      req("through-variable-pkg");
      // import x from "commented-pkg"
      const text = 'require("string-pkg")';
      require(someName);
    `
    const found = runtimeImports('sample.js', source)
    expect(found.map((f) => packageOf(f.specifier) ?? null).filter(Boolean)).toEqual([
      'static-pkg',
      'side-effect-pkg',
      '@scope/reexported',
      'dynamic-pkg',
      'required-pkg',
      'native-pkg',
      'through-variable-pkg',
    ])
    expect(found.filter((f) => f.specifier === '')).toEqual([{ specifier: '', how: 'require()' }])
  })
})
