import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { ReaderOptions, ReadResult } from 'zxing-wasm/reader'
import { ImportError } from '../importer'
import { decodeImageFile } from './image-file'
import { toOpaqueRgba, type PixelImage, type RgbaImage } from './pixels'

/**
 * Finds every QR code in an image, with zxing-wasm: ZXing-C++ compiled to WebAssembly, the
 * decoder behind most current scanners, which finds several codes in one image, reads
 * rotated, inverted (light on dark) and small codes, and runs in plain Node on raw pixels.
 *
 * Decisions:
 * - The .wasm comes from the installed package (resolved through node_modules), or from
 *   `wasmPath` when a packaged app keeps it elsewhere, never from the network: the
 *   library's default is a CDN, and an authenticator must not fetch code to read secrets.
 *   Its bytes must hash to the SHA-256 the library was built with, so a stale or swapped
 *   file fails loudly instead of decoding wrongly.
 * - The library is loaded and its module instantiated once, on first use (not when
 *   @mag/import is imported), and shared by every later call.
 * - Only QR codes are looked for (Model 2, what every authenticator writes), with the
 *   library's thorough defaults (try harder, rotations, inverted codes, downscaling large
 *   images): a user waits once for a screenshot, and a miss sends them hunting.
 * - Results come in reading order: codes are grouped into rows (a code whose centre lies
 *   within the vertical span of the row being built joins it), rows top to bottom, codes in
 *   a row left to right. So the parts of a Google Authenticator export shown side by side
 *   keep their order. The same text twice (one code captured twice) is given once.
 * - Decoding runs on the calling thread. bench/import.bench.ts measures a 1920×1080
 *   screenshot-like image with one code: about 50 ms warm on this project's shared 2-core
 *   machine, about 0.35 s for the first call, which also instantiates the WebAssembly. An
 *   image that is noise from edge to edge takes about 0.3 s. Whether to move it off the
 *   main process's thread is the caller's choice; nothing here holds state between calls.
 */

export type QrDecoderOptions = {
  /** Where zxing_reader.wasm is, when not in node_modules (a packaged app's resources). */
  wasmPath?: string
}

const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  maxNumberOfSymbols: 255,
  textMode: 'Plain',
}

type Zxing = typeof import('zxing-wasm/reader')
/** Its input type names the DOM's ImageData, which this package's lib has no type for. */
type ReadInput = Parameters<Zxing['readBarcodes']>[0]

let ready: Promise<Zxing> | undefined

/**
 * Loads the decoder now rather than on the first image, e.g. while the app starts. Calling
 * it again with another wasmPath after the decoder was loaded has no effect.
 */
export async function prepareQrDecoder(options: QrDecoderOptions = {}): Promise<void> {
  await loadedDecoder(options)
}

function loadedDecoder(options: QrDecoderOptions = {}): Promise<Zxing> {
  ready ??= loadDecoder(options).catch((error: unknown) => {
    ready = undefined // a later call may succeed (a file restored, another path)
    throw error
  })
  return ready
}

async function loadDecoder({ wasmPath }: QrDecoderOptions): Promise<Zxing> {
  const path =
    wasmPath ?? createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm')
  const [zxing, bytes] = await Promise.all([import('zxing-wasm/reader'), readFile(path)])
  const digest = createHash('sha256').update(bytes).digest('hex')
  if (digest !== zxing.ZXING_WASM_SHA256) {
    throw new Error(
      `The QR decoder's ${path} is not the one zxing-wasm was built with (SHA-256 ${digest}); reinstall the app.`,
    )
  }
  const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  await zxing.prepareZXingModule({
    // locateFile too, so nothing in the module can reach for the CDN path it defaults to.
    overrides: { wasmBinary, locateFile: () => path },
    fireImmediately: true,
  })
  return zxing
}

/** Every QR code's text in the pixels, in reading order, each text once. */
export async function decodeQrFromPixels(image: PixelImage): Promise<string[]> {
  return decodeOpaque(toOpaqueRgba(image))
}

/** Every QR code's text in a PNG or JPEG file. Throws ImportError for a file it cannot read. */
export async function decodeQrFromImageFile(bytes: Uint8Array): Promise<string[]> {
  return decodeOpaque(await decodeImageFile(bytes))
}

async function decodeOpaque(image: RgbaImage): Promise<string[]> {
  const zxing = await loadedDecoder()
  let results: ReadResult[]
  try {
    // The library takes anything shaped like a DOM ImageData (width, height, RGBA data),
    // which is what RgbaImage is; Node has no ImageData class to make one with.
    results = await zxing.readBarcodes(image as unknown as ReadInput, READER_OPTIONS)
  } catch {
    // The image was checked already; what is left is the decoder running out of its
    // WebAssembly memory on a very large image.
    throw new ImportError('corrupt-file', 'The QR decoder could not read this image.')
  }
  const found = results.filter((result) => result.isValid && result.text !== '')
  const texts = inReadingOrder(found.map(boxOf)).map((box) => box.text)
  return [...new Set(texts)]
}

type Box = { text: string; top: number; bottom: number; left: number; centreY: number }

function boxOf(result: ReadResult): Box {
  const corners = Object.values(result.position)
  const ys = corners.map((point) => point.y)
  const top = Math.min(...ys)
  const bottom = Math.max(...ys)
  return {
    text: result.text,
    top,
    bottom,
    left: Math.min(...corners.map((point) => point.x)),
    centreY: (top + bottom) / 2,
  }
}

function inReadingOrder(boxes: Box[]): Box[] {
  const rows: { bottom: number; boxes: Box[] }[] = []
  for (const box of [...boxes].sort((a, b) => a.top - b.top || a.left - b.left)) {
    const row = rows.at(-1)
    if (row && box.centreY <= row.bottom) {
      row.boxes.push(box)
      row.bottom = Math.max(row.bottom, box.bottom)
    } else {
      rows.push({ bottom: box.bottom, boxes: [box] })
    }
  }
  return rows.flatMap((row) => row.boxes.sort((a, b) => a.left - b.left))
}
