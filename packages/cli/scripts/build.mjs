// Bundles src/main.ts into dist/mag-auth.mjs for Node 20: the @mag/* workspace packages are
// inlined (they are TypeScript sources, never published), every other package stays an
// import resolved at run time from node_modules. The build fails if the bundle imports a
// package this package.json does not list in "dependencies", so an installed CLI never
// dies on a missing module.
import { build } from 'esbuild'
import { chmod, readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import process from 'node:process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Tests build into a place of their own: `node scripts/build.mjs --outfile <path>`.
const outfileArg = process.argv.indexOf('--outfile')
const outfile =
  outfileArg > 0 ? resolve(process.argv[outfileArg + 1] ?? '') : join(root, 'dist/mag-auth.mjs')
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'))
const declared = new Set(Object.keys(manifest.dependencies ?? {}))
const builtins = new Set(builtinModules)

const packageName = (path) => {
  const parts = path.split('/')
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

const imported = new Set()
const externalThirdParty = {
  name: 'external-third-party',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@mag/')) return undefined
      if (args.path.startsWith('node:') || builtins.has(args.path)) return { external: true }
      imported.add(packageName(args.path))
      return { external: true }
    })
  },
}

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  banner: { js: '#!/usr/bin/env node' },
  plugins: [externalThirdParty],
  logLevel: 'warning',
})
// Runnable as ./dist/mag-auth.mjs from a checkout; npm sets the mode itself when it links a bin.
await chmod(outfile, 0o755)

// keytar is loaded with createRequire (a native module, loaded on first use), which esbuild
// cannot see; it is a run-time dependency all the same.
imported.add('keytar')
const missing = [...imported].filter((name) => !declared.has(name))
if (missing.length > 0) {
  process.stderr.write(`build: the bundle imports undeclared packages: ${missing.join(', ')}\n`)
  process.exit(1)
}
