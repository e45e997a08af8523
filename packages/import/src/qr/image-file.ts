import { inflateSync } from 'node:zlib'
import { ImportError } from '../importer'
import { checkImageSize, MAX_PIXELS, toOpaqueRgba, type RgbaImage } from './pixels'

/**
 * PNG and JPEG files to pixels, in plain JavaScript (pngjs, jpeg-js): no native module, so
 * the same code runs in Electron's main process, the CLI and the tests.
 *
 * Decisions:
 * - The type is told by the file's first bytes (its signature), never by its name: a
 *   screenshot saved as ".jpg" by a tool that wrote PNG is still read. Other image types we
 *   can name (GIF, WebP, BMP, TIFF, HEIC) are 'unknown-format' saying which they are; any
 *   other file is 'unknown-format' too.
 * - Sizes are checked before decoding: the file at most MAX_IMAGE_FILE_BYTES, and the width
 *   and height read from the PNG header (IHDR) or the JPEG frame header (SOFn) at most
 *   MAX_PIXELS together. So a 100-byte file that claims 100 000 × 100 000 pixels is refused
 *   without allocating anything.
 * - pngjs bounds its inflate by the declared size, except for interlaced PNGs, where it
 *   inflates without a limit; a small interlaced file could then expand to gigabytes. For
 *   those we first inflate once ourselves with zlib's maxOutputLength set to what the
 *   declared size can need; more is refused as 'corrupt-file'.
 * - jpeg-js gets the same pixel limit and a memory cap. It decodes tolerantly, so a JPEG cut
 *   short still yields its upper part, where the code may well be.
 * - pngjs and jpeg-js are loaded on first use, not when @mag/import is: the CLI's other
 *   commands and the app's start-up do not pay for them.
 * - Any failure inside a decoder is 'corrupt-file': the bytes claim to be an image and are
 *   not a readable one. The decoders' own messages are not shown: they are about offsets
 *   and markers, not about what the user can do.
 */

export const MAX_IMAGE_FILE_BYTES = 50 * 1024 * 1024

export type ImageType = 'png' | 'jpeg'

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
/** Channels per PNG colour type (gray, RGB, palette, gray+alpha, RGBA). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }
/** jpeg-js's own cap on what it allocates, well above a 50 MP image's needs. */
const JPEG_MAX_MEMORY_MB = 1024

/** 'png' or 'jpeg' by signature; undefined for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  return undefined
}

/** Decodes a PNG or JPEG file to opaque RGBA pixels. Throws ImportError only. */
export async function decodeImageFile(bytes: Uint8Array): Promise<RgbaImage> {
  if (bytes.length > MAX_IMAGE_FILE_BYTES) {
    throw new ImportError(
      'corrupt-file',
      `This image file is too large to read: ${(bytes.length / 1024 / 1024).toFixed(0)} MB, more than ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB.`,
    )
  }
  const type = sniffImageType(bytes)
  if (type === 'png') return decodePng(bytes)
  if (type === 'jpeg') return decodeJpeg(bytes)
  const other = otherImageType(bytes)
  throw new ImportError(
    'unknown-format',
    other
      ? `This image is a ${other} file; the app reads QR codes from PNG and JPEG images. Save it as PNG and try again.`
      : 'This file is not a PNG or JPEG image.',
  )
}

async function decodePng(bytes: Uint8Array): Promise<RgbaImage> {
  const header = readPngHeader(bytes)
  checkImageSize(header.width, header.height, 'This PNG image')
  if (header.interlaced) checkInterlacedInflate(bytes, header)
  const { PNG } = await import('pngjs')
  let decoded: { width: number; height: number; data: Uint8Array }
  try {
    decoded = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
  } catch {
    throw damaged('PNG')
  }
  if (decoded.width !== header.width || decoded.height !== header.height) throw damaged('PNG')
  // pngjs gives 8-bit RGBA whatever the file's colour type and depth; we own the buffer.
  return toOpaqueRgba(decoded, { inPlace: true })
}

type PngHeader = { width: number; height: number; bitsPerPixel: number; interlaced: boolean }

/** IHDR, which the PNG specification requires as the first chunk. */
function readPngHeader(bytes: Uint8Array): PngHeader {
  // Signature (8), chunk length (4), "IHDR" (4), 13 bytes of fields, CRC (4).
  if (bytes.length < 33) throw damaged('PNG')
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const type = String.fromCharCode(...bytes.subarray(12, 16))
  if (view.getUint32(8) !== 13 || type !== 'IHDR') throw damaged('PNG')
  const depth = bytes[24] as number
  const channels = PNG_CHANNELS[bytes[25] as number]
  if (channels === undefined || ![1, 2, 4, 8, 16].includes(depth)) throw damaged('PNG')
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    bitsPerPixel: channels * depth,
    interlaced: bytes[28] === 1,
  }
}

/**
 * Inflates an interlaced PNG's image data with a ceiling, so pngjs (which does not bound
 * this case) is only given files whose data fits their declared size. Adam7 stores at most
 * 2·height + 7 rows over its seven passes, each with a filter byte and at most one byte of
 * rounding: the ceiling is the pixels' bytes plus two bytes per such row.
 */
function checkInterlacedInflate(bytes: Uint8Array, header: PngHeader): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const parts: Uint8Array[] = []
  let offset = 8
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset)
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8))
    const end = offset + 12 + length
    if (end > bytes.length) throw damaged('PNG')
    if (type === 'IDAT') parts.push(bytes.subarray(offset + 8, offset + 8 + length))
    if (type === 'IEND') break
    offset = end
  }
  const ceiling =
    Math.ceil((header.width * header.height * header.bitsPerPixel) / 8) +
    2 * (2 * header.height + 7)
  try {
    inflateSync(Buffer.concat(parts), { maxOutputLength: ceiling })
  } catch {
    throw damaged('PNG')
  }
}

async function decodeJpeg(bytes: Uint8Array): Promise<RgbaImage> {
  const { width, height } = readJpegSize(bytes)
  checkImageSize(width, height, 'This JPEG image')
  const jpeg = await import('jpeg-js')
  let decoded: { width: number; height: number; data: Uint8Array }
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      tolerantDecoding: true,
      maxResolutionInMP: MAX_PIXELS / 1_000_000,
      maxMemoryUsageInMB: JPEG_MAX_MEMORY_MB,
    })
  } catch {
    throw damaged('JPEG')
  }
  if (decoded.width !== width || decoded.height !== height) throw damaged('JPEG')
  return toOpaqueRgba(decoded, { inPlace: true })
}

/** The frame header's size: the markers before it are skipped by their lengths. */
function readJpegSize(bytes: Uint8Array): { width: number; height: number } {
  let offset = 2
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw damaged('JPEG')
    const marker = bytes[offset + 1] as number
    if (marker === 0xff) {
      offset += 1 // fill byte
      continue
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      offset += 2 // markers without a length
      continue
    }
    if (marker === 0xd9 || marker === 0xda) break // end of image or scan data before any frame
    const length = ((bytes[offset + 2] as number) << 8) | (bytes[offset + 3] as number)
    if (length < 2) throw damaged('JPEG')
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)
    if (isFrame) {
      if (offset + 9 > bytes.length || length < 7) throw damaged('JPEG')
      const height = ((bytes[offset + 5] as number) << 8) | (bytes[offset + 6] as number)
      const width = ((bytes[offset + 7] as number) << 8) | (bytes[offset + 8] as number)
      return { width, height }
    }
    offset += 2 + length
  }
  throw damaged('JPEG')
}

function otherImageType(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to))
  if (ascii(0, 4) === 'GIF8') return 'GIF'
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'WebP'
  if (ascii(0, 2) === 'BM') return 'BMP'
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'TIFF'
  if (ascii(4, 8) === 'ftyp' && /^(heic|heix|mif1|msf1|avif)$/.test(ascii(8, 12))) {
    return ascii(8, 12) === 'avif' ? 'AVIF' : 'HEIC'
  }
  return undefined
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.length <= bytes.length && prefix.every((byte, i) => bytes[i] === byte)
}

function damaged(type: 'PNG' | 'JPEG'): ImportError {
  return new ImportError(
    'corrupt-file',
    `This ${type} image cannot be read: the file is damaged or cut short.`,
  )
}
