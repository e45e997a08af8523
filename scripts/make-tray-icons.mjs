// Makes the tray icons from the app icon: resources/tray/icon.png (16 px) and icon@2x.png
// (32 px; Electron's nativeImage picks it on HiDPI screens). Run after changing
// resources/icon.png: node scripts/make-tray-icons.mjs. Area averaging with premultiplied
// alpha, so the transparent corners do not darken the edges.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { PNG } from 'pngjs'

const source = PNG.sync.read(readFileSync('resources/icon.png'))

function downsample(image, size) {
  const out = new PNG({ width: size, height: size })
  const scale = image.width / size
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0
      let g = 0
      let b = 0
      let a = 0
      let n = 0
      for (let sy = Math.floor(y * scale); sy < Math.floor((y + 1) * scale); sy++) {
        for (let sx = Math.floor(x * scale); sx < Math.floor((x + 1) * scale); sx++) {
          const i = (sy * image.width + sx) * 4
          const alpha = image.data[i + 3] / 255
          r += image.data[i] * alpha
          g += image.data[i + 1] * alpha
          b += image.data[i + 2] * alpha
          a += alpha
          n++
        }
      }
      const o = (y * size + x) * 4
      out.data[o] = a > 0 ? Math.round(r / a) : 0
      out.data[o + 1] = a > 0 ? Math.round(g / a) : 0
      out.data[o + 2] = a > 0 ? Math.round(b / a) : 0
      out.data[o + 3] = Math.round((a / n) * 255)
    }
  }
  return out
}

mkdirSync('resources/tray', { recursive: true })
for (const [name, size] of [
  ['icon.png', 16],
  ['icon@2x.png', 32],
]) {
  writeFileSync(`resources/tray/${name}`, PNG.sync.write(downsample(source, size)))
  console.log(`resources/tray/${name}: ${size}x${size}`)
}
