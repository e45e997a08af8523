import { ImportError } from '../importer'

/**
 * Raw pixels as the QR decoder takes them, whatever they come from: a decoded PNG or JPEG
 * file, Electron's clipboard or screen capture (NativeImage.toBitmap(), which is BGRA), or
 * a test that paints its own.
 *
 * Decisions:
 * - 8 bits per channel, 4 channels, rows top to bottom with no padding: what every source
 *   here gives. `channelOrder` says whether the bytes are RGBA (decoded files) or BGRA
 *   (Electron's bitmaps on every platform it ships on); the decoder weights red, green and
 *   blue differently when it makes grey, so swapping them would dim or brighten codes.
 * - Transparent pixels are laid over white before decoding. A QR code saved from a web page
 *   often has transparent light modules whose colour bytes are black; read as they are,
 *   the whole code would be black and never found.
 * - At most MAX_PIXELS (50 megapixels, more than an 8K screen or a 48 MP phone photo): a
 *   larger image is refused before any buffer is made for it, so a hostile file's header
 *   cannot make us allocate gigabytes. The refusal is an ImportError 'corrupt-file', the
 *   code the preview already shows for an image it cannot read, with its own message.
 * - Pixels the caller passes in are never changed; the decoder reads a normalised copy.
 */

export type ChannelOrder = 'rgba' | 'bgra'

export type PixelImage = {
  width: number
  height: number
  /** width × height × 4 bytes, rows top to bottom. */
  data: Uint8ClampedArray | Uint8Array
  /** 'rgba' when left out. */
  channelOrder?: ChannelOrder
}

/** Opaque RGBA, ready for the decoder. */
export type RgbaImage = { width: number; height: number; data: Uint8ClampedArray }

export const MAX_PIXELS = 50_000_000

/**
 * Electron's NativeImage.toBitmap() with its getSize(): the app passes them as they come.
 * Only a label on the same bytes, no copy.
 */
export function fromBgra(bitmap: Uint8Array, size: { width: number; height: number }): PixelImage {
  return { width: size.width, height: size.height, data: bitmap, channelOrder: 'bgra' }
}

/** Refuses an image too large to read, from its declared size alone. */
export function checkImageSize(width: number, height: number, what = 'This image'): void {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 0 || height < 0) {
    throw new ImportError('corrupt-file', `${what} cannot be read: its size is not valid.`)
  }
  if (width === 0 || height === 0) {
    throw new ImportError('corrupt-file', `${what} is empty: it has no pixels.`)
  }
  if (width * height > MAX_PIXELS) {
    throw new ImportError(
      'corrupt-file',
      `${what} is too large to read: ${width} × ${height} pixels, more than ${MAX_PIXELS / 1_000_000} megapixels. Crop it to the QR code and try again.`,
    )
  }
}

/**
 * The pixels as opaque RGBA over white. `inPlace` is for buffers this package made itself
 * (a decoded file): they are rewritten instead of copied, which saves one image-sized
 * allocation on the largest images.
 */
export function toOpaqueRgba(image: PixelImage, { inPlace = false } = {}): RgbaImage {
  const { width, height, data } = image
  checkImageSize(width, height)
  const length = width * height * 4
  if (data.length !== length) {
    // A caller's mistake (wrong size for its buffer), not the user's image: a plain error.
    throw new RangeError(
      `Pixel data has ${data.length} bytes; a ${width} × ${height} image needs ${length}.`,
    )
  }
  const out = inPlace
    ? new Uint8ClampedArray(data.buffer, data.byteOffset, length)
    : new Uint8ClampedArray(length)
  const bgra = image.channelOrder === 'bgra'
  for (let i = 0; i < length; i += 4) {
    const first = data[i] as number
    const green = data[i + 1] as number
    const third = data[i + 2] as number
    const alpha = data[i + 3] as number
    let red = bgra ? third : first
    let blue = bgra ? first : third
    let g = green
    if (alpha !== 255) {
      // Over white: c·a + 255·(1 − a); the clamped array rounds to the nearest integer.
      const white = 255 * (255 - alpha)
      red = (red * alpha + white) / 255
      g = (g * alpha + white) / 255
      blue = (blue * alpha + white) / 255
    }
    out[i] = red
    out[i + 1] = g
    out[i + 2] = blue
    out[i + 3] = 255
  }
  return { width, height, data: out }
}
