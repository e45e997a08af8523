import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { firstPaintJs, staticImportsOf, type FirstPaintJs } from '../../bench/lib/first-paint-js'
import { buildAppIntoTemp, type BuiltApp } from './build-app'

/**
 * The JS the Codes screen runs before its first paint (the entry module and everything it
 * imports statically, gzip) stays within 90 KB: React DOM alone is about 62 KB of it, so
 * every feature that is not the first screen (MAG screens, dialogs, form schemas) must be
 * loaded lazily. Size, not time: a budget a test can hold; the time is in bench/renderer.
 */
const FIRST_PAINT_BUDGET_KB = 90

let built: BuiltApp | undefined
let rendererDir: string
let firstPaint: FirstPaintJs

beforeAll(async () => {
  built = await buildAppIntoTemp()
  rendererDir = join(built.outDir, 'renderer')
  firstPaint = await firstPaintJs(rendererDir)
}, 180_000)

afterAll(async () => {
  await built?.remove()
})

const listing = () =>
  firstPaint.files.map((f) => `${f.file}: ${(f.gzipBytes / 1024).toFixed(1)} KB gzip`).join('\n')

describe('the first screen’s JS', () => {
  it(`is at most ${FIRST_PAINT_BUDGET_KB} KB gzip, entry and static imports together`, () => {
    expect(firstPaint.files.length).toBeGreaterThan(0)
    expect(firstPaint.gzipBytes / 1024, listing()).toBeLessThanOrEqual(FIRST_PAINT_BUDGET_KB)
  })

  it('carries no schema library: main validates at the trust boundary, dialogs bring their own', async () => {
    for (const { file } of firstPaint.files) {
      const source = await readFile(join(rendererDir, file), 'utf8')
      // zod's runtime names its errors and checks (as the preload test looks for them).
      expect(source, `${file} bundles zod`).not.toMatch(/ZodError|\$ZodType/)
    }
  })

  it('leaves the dialogs to chunks loaded when opened', async () => {
    const assets = await readdir(join(rendererDir, 'assets'))
    const firstPaintFiles = firstPaint.files.map((f) => f.file)
    for (const dialog of [
      'AddDialog',
      'EditDialog',
      'DeleteDialog',
      'ImportDialog',
      'ExportDialog',
    ]) {
      const chunk = assets.find((name) => name.startsWith(`${dialog}-`) && name.endsWith('.js'))
      expect(chunk, `no ${dialog} chunk in ${assets.join(', ')}`).toBeDefined()
      expect(firstPaintFiles).not.toContain(`assets/${chunk}`)
    }
  })
})

describe('staticImportsOf', () => {
  it('follows static imports and re-exports, never a dynamic import()', () => {
    const chunk =
      'import{a as b,c}from"./react-x.js";import"./side.js";export{d}from"../up.js";' +
      'const l=()=>import("./lazy.js"),m=__vitePreload(()=>import(`./other.js`),[]);'
    expect(staticImportsOf(chunk)).toEqual(['./react-x.js', './side.js', '../up.js'])
  })
})
