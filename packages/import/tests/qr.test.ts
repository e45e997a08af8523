import { deflateSync } from 'node:zlib'
import { decodeBase32 } from '@mag/otp'
import { describe, expect, it } from 'vitest'
import {
  decodeQrFromImageFile,
  decodeQrFromPixels,
  fromBgra,
  ImportError,
  MAX_IMAGE_FILE_BYTES,
  readQrImage,
  readQrImages,
  readQrPixels,
  readQrTexts,
  sniffImageType,
} from '../src'
import { toOpaqueRgba } from '../src/qr/pixels'
import { bytesOf, importErrorOf, SECRETS } from './backup-fixtures'
import { Canvas, jpegClaiming, migrationLink, pngFile } from './fixtures/qr/images'

const link = (issuer: string, account: string, secret: string = SECRETS[0]) =>
  `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}`

const secretBytes = (seed: number, length = 20): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) & 0xff)

function oneCode(text: string, options: { scale?: number } = {}): Canvas {
  const canvas = new Canvas(320, 320, [240, 240, 240])
  canvas.qr(text, { x: 20, y: 20, scale: options.scale ?? 4 })
  return canvas
}

describe('QR codes from image files', () => {
  it('reads one code from a PNG into an entry', async () => {
    const bytes = oneCode(link('GitHub', 'alice@example.com')).png()
    expect(await decodeQrFromImageFile(bytes)).toEqual([link('GitHub', 'alice@example.com')])

    const preview = await readQrImage(bytes)
    expect(preview.formats).toEqual(['otpauth-list'])
    expect(preview.codeCount).toBe(1)
    expect(preview.problems).toEqual([])
    expect(preview.entries).toHaveLength(1)
    expect(preview.entries[0]).toMatchObject({
      type: 'totp',
      issuer: 'GitHub',
      label: 'alice@example.com',
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    })
    expect(preview.entries[0]?.secret).toEqual(decodeBase32(SECRETS[0]))
  })

  it('reads one code from a JPEG', async () => {
    const bytes = oneCode(link('ACME Co', 'john.doe', SECRETS[1])).jpeg(75)
    expect(Buffer.from(bytes.subarray(0, 2)).toString('hex')).toBe('ffd8')
    const preview = await readQrImage(bytes)
    expect(preview.entries.map((entry) => entry.label)).toEqual(['john.doe'])
    expect(preview.entries[0]?.secret).toEqual(decodeBase32(SECRETS[1]))
  })

  it('recognises PNG and JPEG by their first bytes (the API has no file name to go by)', async () => {
    const png = oneCode(link('A', 'a')).png()
    const jpegBytes = oneCode(link('A', 'a')).jpeg()
    expect([sniffImageType(png), sniffImageType(jpegBytes)]).toEqual(['png', 'jpeg'])
    // A JPEG with its first byte changed to a PNG's is neither.
    jpegBytes[0] = 0x89
    expect(sniffImageType(jpegBytes)).toBeUndefined()
    expect((await importErrorOf(decodeQrFromImageFile(jpegBytes))).code).toBe('unknown-format')
  })

  it('finds three codes in one 1920×1080 screenshot, in reading order', async () => {
    const canvas = new Canvas(1920, 1080)
    canvas.screenshotBackground(7)
    const texts = [link('First', 'one'), link('Second', 'two'), link('Third', 'three')]
    // Second sits a little higher than first in the same row; third is in a row below.
    canvas.qr(texts[0] as string, { x: 150, y: 140, scale: 5 })
    canvas.qr(texts[1] as string, { x: 1200, y: 110, scale: 4 })
    canvas.qr(texts[2] as string, { x: 700, y: 640, scale: 3 })
    expect(await decodeQrFromImageFile(canvas.png())).toEqual(texts)
  })

  it('reads a Google Authenticator export QR code', async () => {
    const accounts = [
      { secret: secretBytes(1), name: 'alice@example.com', issuer: 'Example' },
      { secret: secretBytes(2, 32), name: 'Bank:bob', algorithm: 2, digits: 2 },
    ]
    const canvas = new Canvas(500, 500)
    canvas.qr(migrationLink(accounts), { x: 10, y: 10, scale: 4 })
    const preview = await readQrImage(canvas.png())
    expect(preview.formats).toEqual(['google-authenticator'])
    expect(preview.problems).toEqual([])
    expect(
      preview.entries.map(({ issuer, label, algorithm, digits }) => [
        issuer,
        label,
        algorithm,
        digits,
      ]),
    ).toEqual([
      ['Example', 'alice@example.com', 'SHA1', 6],
      ['Bank', 'bob', 'SHA256', 8],
    ])
    expect(preview.entries[1]?.secret).toEqual(secretBytes(2, 32))
  })

  it('joins the parts of a Google Authenticator export shown in several images', async () => {
    const part = (index: number) => {
      const canvas = new Canvas(400, 400)
      const name = `user${index}@example.com`
      canvas.qr(
        migrationLink([{ secret: secretBytes(index), name, issuer: 'Example' }], {
          size: 2,
          index,
        }),
        {
          x: 10,
          y: 10,
          scale: 4,
        },
      )
      return canvas.png()
    }
    const [first, second] = [part(0), part(1)]
    // Second part first, first part twice: order and repeats do not matter.
    const preview = await readQrImages([second, first, first])
    expect(preview.entries.map((entry) => entry.label)).toEqual([
      'user0@example.com',
      'user1@example.com',
    ])

    const missing = await importErrorOf(readQrImage(first))
    expect(missing.code).toBe('corrupt-file')
    expect(missing.message).toContain('part 2 is missing')
  })

  it('says so plainly when an image has no QR code', async () => {
    const canvas = new Canvas(640, 480)
    canvas.screenshotBackground(3)
    const error = await importErrorOf(readQrImage(canvas.png()))
    expect(error.code).toBe('no-entries')
    expect(error.message).toBe('No QR code was found in this image.')
  })

  it('refuses a truncated PNG as corrupt-file', async () => {
    const bytes = oneCode(link('A', 'a')).png()
    for (const length of [10, 40, Math.floor(bytes.length / 2), bytes.length - 13]) {
      const error = await importErrorOf(readQrImage(bytes.subarray(0, length)))
      expect(error.code, `cut at ${length}`).toBe('corrupt-file')
      expect(error.message).toMatch(/PNG image cannot be read/)
    }
  })

  it('refuses a huge declared size from the header alone, without allocating it', async () => {
    const idat = deflateSync(new Uint8Array(100))
    const before = process.memoryUsage().arrayBuffers
    for (const bytes of [
      pngFile({ width: 100_000, height: 100_000, idat }),
      pngFile({ width: 8000, height: 6251, idat }), // just over 50 megapixels
      jpegClaiming(65_535, 65_535),
    ]) {
      const error = await importErrorOf(readQrImage(bytes))
      expect(error.code).toBe('corrupt-file')
      expect(error.message).toMatch(/too large to read: .* more than 50 megapixels/)
    }
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024)
  })

  it('refuses an interlaced PNG whose data inflates past its declared size', async () => {
    // 10×10 pixels declared, 16 MB of zeros deflated into about 16 KB.
    const bomb = pngFile({
      width: 10,
      height: 10,
      colourType: 0,
      interlaced: true,
      idat: deflateSync(new Uint8Array(16 * 1024 * 1024)),
    })
    expect(bomb.length).toBeLessThan(50_000)
    const error = await importErrorOf(readQrImage(bomb))
    expect(error.code).toBe('corrupt-file')
  })

  it('reads a well-formed interlaced PNG', async () => {
    const text = link('Interlaced', 'adam7')
    expect(await decodeQrFromImageFile(oneCode(text).interlacedGreyPng())).toEqual([text])
  })

  it('refuses a file over the size limit before looking inside', async () => {
    const bytes = new Uint8Array(MAX_IMAGE_FILE_BYTES + 1)
    bytes.set(oneCode(link('A', 'a')).png())
    const error = await importErrorOf(readQrImage(bytes))
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(/too large to read: 50 MB, more than 50 MB/)
  })

  it('names image types it does not read, and refuses anything else', async () => {
    const gif = await importErrorOf(readQrImage(bytesOf('GIF89a\x01\x00\x01\x00')))
    expect(gif.code).toBe('unknown-format')
    expect(gif.message).toMatch(/GIF file; the app reads QR codes from PNG and JPEG/)
    const text = await importErrorOf(readQrImage(bytesOf(link('A', 'a'))))
    expect(text).toMatchObject({ code: 'unknown-format' })
    expect(text.message).toBe('This file is not a PNG or JPEG image.')
  })

  it('reads a code whose light modules are transparent (as saved from web pages)', async () => {
    const canvas = new Canvas(300, 300)
    canvas.rect({ x: 0, y: 0, width: 300, height: 300, colour: [0, 0, 0], alpha: 0 })
    const text = link('Transparent', 'alpha')
    canvas.qr(text, { x: 10, y: 10, light: [0, 0, 0], lightAlpha: 0 })
    expect(await decodeQrFromImageFile(canvas.png())).toEqual([text])
  })
})

describe('QR codes from pixels', () => {
  it("reads Electron's BGRA bitmaps through fromBgra", async () => {
    const text = link('Screen', 'capture')
    const canvas = new Canvas(800, 600)
    canvas.screenshotBackground(11)
    canvas.qr(text, { x: 300, y: 200, scale: 3 })
    const bitmap = canvas.bgra()
    const copy = Uint8Array.from(bitmap)
    const preview = await readQrPixels(fromBgra(bitmap, { width: 800, height: 600 }))
    expect(preview.entries.map((entry) => entry.label)).toEqual(['capture'])
    // The caller's pixels are left as they were (compared as buffers: a deep equality over
    // two million elements takes half a minute).
    expect(Buffer.compare(bitmap, copy)).toBe(0)
  })

  it('puts BGRA channels in RGBA order and lays transparency over white', () => {
    const bgra = Uint8Array.from([10, 20, 30, 255, 0, 0, 0, 0, 0, 0, 255, 128])
    expect([...toOpaqueRgba(fromBgra(bgra, { width: 3, height: 1 })).data]).toEqual([
      30, 20, 10, 255, 255, 255, 255, 255, 255, 127, 127, 255,
    ])
  })

  it('takes plain RGBA and refuses a buffer of the wrong length', async () => {
    const canvas = oneCode(link('Pixels', 'rgba'))
    expect(await decodeQrFromPixels(canvas)).toEqual([link('Pixels', 'rgba')])
    await expect(
      decodeQrFromPixels({ width: 10, height: 10, data: new Uint8Array(399) }),
    ).rejects.toThrow(RangeError)
    const empty = await importErrorOf(
      decodeQrFromPixels({ width: 0, height: 0, data: new Uint8Array(0) }),
    )
    expect(empty.code).toBe('corrupt-file')
  })
})

describe('QR code texts to a preview', () => {
  it('makes a problem of a code that is not an authenticator code, without quoting it', async () => {
    const canvas = new Canvas(700, 360)
    canvas.qr(link('GitHub', 'alice'), { x: 10, y: 10 })
    canvas.qr('https://example.com/JBSWY3DPEHPK3PXP', { x: 360, y: 10 })
    const preview = await readQrImage(canvas.png())
    expect(preview.codeCount).toBe(2)
    expect(preview.entries.map((entry) => entry.label)).toEqual(['alice'])
    expect(preview.problems).toEqual([
      { index: 1, name: 'QR code 2', reason: 'This QR code is not an authenticator code.' },
    ])
  })

  it("names a broken otpauth code by its label and gives the parser's reason, never the secret", async () => {
    const preview = await readQrTexts([
      'otpauth://totp/Bank:carol?secret=JBSWY3DP&issuer=Bank',
      'otpauth://totp/?secret=JBSWY3DPEHPK3PXP',
    ])
    expect(preview.entries).toEqual([])
    expect(preview.problems.map(({ index, name }) => [index, name])).toEqual([
      [0, 'Bank: carol'],
      [1, 'QR code 2'],
    ])
    for (const problem of preview.problems) expect(problem.reason).not.toMatch(/JBSWY3DP/)
  })

  it('keeps every account in reading order, the export in place of its first code', async () => {
    const exportLink = migrationLink([
      { secret: secretBytes(5), name: 'first' },
      { secret: secretBytes(6), name: 'md5', algorithm: 4 },
      { secret: secretBytes(7), name: 'third' },
    ])
    const preview = await readQrTexts([
      link('Solo', 'before'),
      exportLink,
      'hello',
      link('Solo', 'after'),
    ])
    expect(preview.formats.sort()).toEqual(['google-authenticator', 'otpauth-list'])
    expect(preview.entries.map((entry) => entry.label)).toEqual([
      'before',
      'first',
      'third',
      'after',
    ])
    expect(preview.problems.map(({ index, name }) => [index, name])).toEqual([
      [2, 'md5'],
      [4, 'QR code 3'],
    ])
  })

  it("names the QR code, not a line, when an export's code is broken", async () => {
    const good = migrationLink([{ secret: secretBytes(1), name: 'a' }])
    const error = await importErrorOf(
      readQrTexts([link('A', 'a'), good, 'otpauth-migration://offline?data=%%%']),
    )
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(
      /^QR code 3 \(part of a Google Authenticator export\) cannot be read/,
    )
  })

  it('says no-entries when there is no code at all', async () => {
    expect((await importErrorOf(readQrTexts([]))).code).toBe('no-entries')
    const none = new Canvas(100, 100).png()
    const several = await importErrorOf(readQrImages([none, none]))
    expect(several.message).toBe('No QR code was found in these images.')
  })

  it('says which image of several cannot be read', async () => {
    const good = oneCode(link('A', 'a')).png()
    const error = await importErrorOf(readQrImages([good, good.subarray(0, 50)]))
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(/^Image 2 of 2: This PNG image cannot be read/)
  })

  it('is an ImportError with its code', async () => {
    const error = await importErrorOf(readQrTexts([]))
    expect(error).toBeInstanceOf(ImportError)
  })
})
