import { readFile } from 'node:fs/promises'
import { dirname, join, normalize, relative } from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * The JS a built renderer runs before its first paint: the module scripts index.html
 * names, and every module they import statically, transitively. A dynamic `import()`
 * (a lazy screen or dialog) is not part of it: the browser fetches that only when the
 * code asks for it. Shared by the bundle-budget test and the renderer bench, so the
 * budget and the reported figure are one measurement.
 *
 * Read from the built files rather than from a bundler's manifest, so the answer is what
 * the browser will do with what ships: rolldown writes a static import as
 * `import{…}from"./x.js"` / `import"./x.js"` / `export{…}from"./x.js"`, and a dynamic one
 * always with a parenthesis, which the pattern below never matches.
 */

export type FirstPaintFile = { file: string; bytes: number; gzipBytes: number }
export type FirstPaintJs = { files: FirstPaintFile[]; gzipBytes: number; bytes: number }

const ENTRY_SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g
const STATIC_IMPORT =
  /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?\bfrom\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g

/** Level 9, as the bench has always reported renderer_js_gzip. */
export function gzipSize(bytes: Uint8Array | string): number {
  return gzipSync(bytes, { level: 9 }).length
}

/** The relative module paths a chunk imports statically (what runs before it does). */
export function staticImportsOf(source: string): string[] {
  return [...source.matchAll(STATIC_IMPORT)].map((match) => match[1] as string)
}

/** The module scripts index.html starts (relative to the renderer folder). */
export function entryScriptsOf(html: string): string[] {
  return [...html.matchAll(ENTRY_SCRIPT)].map((match) => normalize(match[1] as string))
}

export async function firstPaintJs(rendererDir: string): Promise<FirstPaintJs> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8')
  const pending = entryScriptsOf(html)
  if (pending.length === 0) throw new Error(`${rendererDir}/index.html starts no module script`)
  const seen = new Set<string>()
  const files: FirstPaintFile[] = []
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    const bytes = await readFile(join(rendererDir, file))
    files.push({ file, bytes: bytes.length, gzipBytes: gzipSize(bytes) })
    for (const imported of staticImportsOf(bytes.toString('utf8'))) {
      pending.push(relative(rendererDir, join(rendererDir, dirname(file), imported)))
    }
  }
  files.sort((a, b) => b.gzipBytes - a.gzipBytes)
  return {
    files,
    gzipBytes: files.reduce((sum, f) => sum + f.gzipBytes, 0),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
  }
}
