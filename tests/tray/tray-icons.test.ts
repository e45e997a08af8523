import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'

// electron-builder reads its YAML with js-yaml; parse it the same way.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

/** The tray icons exist at the sizes trays use, and ship in the packaged app. */
describe('tray icons', () => {
  it.each([
    ['resources/tray/icon.png', 16],
    ['resources/tray/icon@2x.png', 32],
  ])('%s is a %i px square PNG with a transparent edge', async (path, size) => {
    const png = PNG.sync.read(await readFile(path))
    expect([png.width, png.height]).toEqual([size, size])
    // The corner is outside the icon's rounded square: transparent, not a white box.
    expect(png.data[3]).toBeLessThan(64)
  })

  it('is packaged', async () => {
    const config = yaml.load(await readFile('electron.builder.yml', 'utf8')) as { files: string[] }
    expect(config.files).toContain('resources/tray/*.png')
  })
})
