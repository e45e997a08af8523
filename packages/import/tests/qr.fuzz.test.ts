import { deflateSync } from 'node:zlib'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeQrFromImageFile, ImportError, readQrImage } from '../src'
import { Canvas, pngFile } from './fixtures/qr/images'
import { mutatedBytes } from './fuzz'

/**
 * Whatever the bytes, reading an image ends in texts or an ImportError: no other exception,
 * no hang (the test's timeout). Run counts are modest because each run may decode an image.
 */

async function expectOnlyImportErrors(
  files: fc.Arbitrary<Uint8Array>,
  numRuns: number,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(files, async (bytes) => {
      try {
        const texts = await decodeQrFromImageFile(bytes)
        expect(Array.isArray(texts)).toBe(true)
        for (const text of texts) expect(typeof text).toBe('string')
      } catch (error) {
        if (error instanceof ImportError) return
        throw error
      }
    }),
    { numRuns },
  )
}

function smallCode(): Canvas {
  const canvas = new Canvas(140, 140)
  canvas.qr('otpauth://totp/Fuzz:me?secret=JBSWY3DPEHPK3PXP&issuer=Fuzz', { x: 0, y: 0, scale: 3 })
  return canvas
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

describe('QR image fuzzing', () => {
  it('random bytes, bare or behind a PNG or JPEG signature', async () => {
    const tail = fc.uint8Array({ maxLength: 600 })
    await expectOnlyImportErrors(
      fc.oneof(
        tail,
        tail.map((bytes) => Uint8Array.from([...PNG_SIGNATURE, ...bytes])),
        tail.map((bytes) => Uint8Array.from([0xff, 0xd8, 0xff, ...bytes])),
      ),
      300,
    )
  })

  it('mutated PNG files', async () => {
    await expectOnlyImportErrors(mutatedBytes(smallCode().png()), 150)
  })

  it('PNG files with valid checksums over odd headers and damaged image data', async () => {
    // Flipped bytes mostly fail the chunk CRCs; these pass them and reach the decoder itself.
    const canvas = smallCode()
    const rows: number[] = []
    for (let y = 0; y < canvas.height; y++) {
      rows.push(0, ...canvas.data.subarray(y * canvas.width * 4, (y + 1) * canvas.width * 4))
    }
    const idat = deflateSync(Uint8Array.from(rows))
    const files = fc
      .record({
        width: fc.oneof(fc.constant(canvas.width), fc.integer({ min: 0, max: 400 })),
        height: fc.oneof(fc.constant(canvas.height), fc.integer({ min: 0, max: 400 })),
        colourType: fc.constantFrom(0, 1, 2, 3, 4, 6, 7),
        interlaced: fc.boolean(),
        idat: fc.oneof(fc.constant(idat), mutatedBytes(idat)),
      })
      .map((fields) => pngFile(fields))
    await expectOnlyImportErrors(files, 150)
  })

  it('mutated JPEG files', async () => {
    await expectOnlyImportErrors(mutatedBytes(smallCode().jpeg(80)), 150)
  })

  it('mutated images through the whole preview', async () => {
    const png = smallCode().png()
    await fc.assert(
      fc.asyncProperty(mutatedBytes(png), async (bytes) => {
        try {
          const preview = await readQrImage(bytes)
          expect(preview.entries.length + preview.problems.length).toBeGreaterThan(0)
        } catch (error) {
          if (!(error instanceof ImportError)) throw error
        }
      }),
      { numRuns: 60 },
    )
  })
})
