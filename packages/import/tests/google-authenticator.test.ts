import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire'
import { decodeBase32Secret, encodeBase32, OtpInputError } from '@mag/otp'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { googleAuthenticatorImporter as importer } from '../src/formats/google-authenticator'
import { ImportError, type ImportPreview } from '../src/importer'
import { bytesOf, importErrorOf } from './backup-fixtures'
import { expectOnlyImportErrors, mutatedBytes } from './fuzz'

/*
 * Export links written here from google_auth.proto's field numbers with the library's wire
 * writer, not with the reader's descriptor, so a wrong field number in the reader shows.
 */
type Account = {
  secret: Uint8Array
  name?: string
  issuer?: string
  /** Algorithm enum: 0 unspecified, 1 SHA1, 2 SHA256, 3 SHA512, 4 MD5. */
  algorithm?: number
  /** DigitCount enum: 0 unspecified, 1 six, 2 eight. */
  digits?: number
  /** OtpType enum: 0 unspecified, 1 HOTP, 2 TOTP. */
  type?: number
  counter?: bigint
}
type Batch = { version?: number; size?: number; index?: number; id?: number }

function payloadBytes(accounts: Account[], batch: Batch = {}): Uint8Array {
  const writer = new BinaryWriter()
  for (const account of accounts) {
    writer.tag(1, WireType.LengthDelimited).fork()
    writer.tag(1, WireType.LengthDelimited).bytes(account.secret)
    if (account.name !== undefined) writer.tag(2, WireType.LengthDelimited).string(account.name)
    if (account.issuer !== undefined) {
      writer.tag(3, WireType.LengthDelimited).string(account.issuer)
    }
    writer.tag(4, WireType.Varint).int32(account.algorithm ?? 1)
    writer.tag(5, WireType.Varint).int32(account.digits ?? 1)
    writer.tag(6, WireType.Varint).int32(account.type ?? 2)
    if (account.counter !== undefined) writer.tag(7, WireType.Varint).int64(account.counter)
    writer.join()
  }
  // proto3 leaves zero values out, as Google's writer does (batch_index 0 is not written).
  const version = batch.version ?? 1
  const size = batch.size ?? 1
  const index = batch.index ?? 0
  const id = batch.id ?? -1_234_567
  if (version !== 0) writer.tag(2, WireType.Varint).int32(version)
  if (size !== 0) writer.tag(3, WireType.Varint).int32(size)
  if (index !== 0) writer.tag(4, WireType.Varint).int32(index)
  if (id !== 0) writer.tag(5, WireType.Varint).int32(id)
  return writer.finish()
}

function linkOf(payload: Uint8Array): string {
  return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(payload).toString('base64'))}`
}

function exportFile(...links: string[]): { bytes: Uint8Array } {
  return { bytes: bytesOf(links.join('\n') + '\n') }
}

async function previewOf(input: { bytes: Uint8Array }): Promise<ImportPreview> {
  const outcome = await importer.read(input)
  if (outcome.kind !== 'preview') throw new Error('expected a preview')
  return outcome.preview
}

const secret = (seed: number, length = 20): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) & 0xff)

describe('Google Authenticator export', () => {
  it('recognises export links and nothing else', () => {
    const link = linkOf(payloadBytes([{ secret: secret(1), name: 'alice' }]))
    expect(importer.recognises(exportFile(link))).toBe(true)
    expect(importer.recognises({ bytes: bytesOf(`\uFEFF\r\n  QR-Code:${link}\r\n`) })).toBe(true)
    expect(
      importer.recognises({ bytes: bytesOf('otpauth://totp/a?secret=JBSWY3DPEHPK3PXP') }),
    ).toBe(false)
    expect(importer.recognises({ bytes: bytesOf(`{"notes": "${link}"}`) })).toBe(false)
    expect(importer.recognises({ bytes: new Uint8Array([0xff, 0xfe, 0x00]) })).toBe(false)
  })

  it('reads every account with its parameters (round trip)', async () => {
    const accounts: Account[] = [
      { secret: secret(1), name: 'alice@example.com', issuer: 'Example' },
      { secret: secret(2, 32), name: 'ACME Co:bob', issuer: 'ACME Co', algorithm: 2, digits: 2 },
      { secret: secret(3, 64), name: 'Legacy:carol', algorithm: 3 },
      { secret: secret(4), name: 'dave', issuer: 'Bank', type: 1, counter: 42n },
      { secret: secret(5, 10), name: 'erin ✓', issuer: 'Ünïcode' },
    ]
    const preview = await previewOf(exportFile(linkOf(payloadBytes(accounts))))
    expect(preview.format).toBe('google-authenticator')
    expect(preview.problems).toEqual([])
    expect(preview.entries).toEqual([
      {
        type: 'totp',
        issuer: 'Example',
        label: 'alice@example.com',
        secret: secret(1),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
      {
        type: 'totp',
        issuer: 'ACME Co',
        label: 'bob',
        secret: secret(2, 32),
        algorithm: 'SHA256',
        digits: 8,
        period: 30,
        counter: 0,
      },
      {
        type: 'totp',
        issuer: 'Legacy',
        label: 'carol',
        secret: secret(3, 64),
        algorithm: 'SHA512',
        digits: 6,
        period: 30,
        counter: 0,
      },
      {
        type: 'hotp',
        issuer: 'Bank',
        label: 'dave',
        secret: secret(4),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 42,
      },
      {
        type: 'totp',
        issuer: 'Ünïcode',
        label: 'erin ✓',
        secret: secret(5, 10),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
    ])
  })

  it('reads a published example export as other decoders do', async () => {
    // An export link published with a test suite: Example:alice@google.com, JBSWY3DPEHPK3PXP,
    // algorithm and digits unspecified, version 1, one part.
    const link =
      'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTACEAEYASAAKMuU3IUE'
    const preview = await previewOf(exportFile(link))
    expect(preview.entries).toEqual([
      {
        type: 'totp',
        issuer: 'Example',
        label: 'alice@google.com',
        secret: decodeBase32Secret('JBSWY3DPEHPK3PXP'),
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      },
    ])
    // The same account without version and part count (dim13/otpauth's README example) is
    // refused: their absence is how a payload cut between two accounts shows.
    const minimal =
      'otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC'
    const error = await importErrorOf(importer.read(exportFile(minimal)))
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(/no version or part count/)
  })

  it('reads unspecified algorithm as SHA1 and unspecified digits as 6, Google’s defaults', async () => {
    const preview = await previewOf(
      exportFile(linkOf(payloadBytes([{ secret: secret(1), name: 'a', algorithm: 0, digits: 0 }]))),
    )
    expect(preview.entries[0]).toMatchObject({ algorithm: 'SHA1', digits: 6 })
  })

  it('makes a problem of each account it cannot read, and reads the others', async () => {
    const short = secret(9, 8)
    const accounts: Account[] = [
      { secret: secret(1), name: 'md5', algorithm: 4 },
      { secret: secret(2), name: 'algo', algorithm: 9 },
      { secret: secret(3), name: 'notype', type: 0 },
      { secret: secret(4), name: 'type', type: 7 },
      { secret: secret(5), name: 'digits', digits: 5 },
      { secret: short, name: 'short', issuer: 'X' },
      { secret: new Uint8Array(), name: 'empty' },
      { secret: secret(6), name: '' },
      { secret: secret(7), name: 'big', type: 1, counter: 2n ** 60n },
      { secret: secret(8), name: 'fine' },
    ]
    const preview = await previewOf(exportFile(linkOf(payloadBytes(accounts))))
    expect(preview.entries.map((e) => e.label)).toEqual(['fine'])
    const shortReason = (() => {
      try {
        decodeBase32Secret(encodeBase32(short))
      } catch (error) {
        if (error instanceof OtpInputError) return error.message
      }
      throw new Error('the policy should refuse 8 bytes')
    })()
    expect(preview.problems).toEqual([
      { index: 0, name: 'md5', reason: expect.stringMatching(/MD5/) },
      { index: 1, name: 'algo', reason: expect.stringMatching(/algorithm \(9\)/) },
      { index: 2, name: 'notype', reason: expect.stringMatching(/TOTP or HOTP/) },
      { index: 3, name: 'type', reason: expect.stringMatching(/OTP type \(7\)/) },
      { index: 4, name: 'digits', reason: expect.stringMatching(/digit count \(5\)/) },
      { index: 5, name: 'X: short', reason: shortReason },
      { index: 6, name: 'empty', reason: 'Secret is empty' },
      { index: 7, name: '', reason: expect.stringMatching(/neither a name nor an issuer/) },
      { index: 8, name: 'big', reason: expect.stringMatching(/Counter/) },
    ])
  })

  it('entry 7 of 12 bad: 11 entries and one problem at index 6', async () => {
    const accounts = Array.from({ length: 12 }, (_, i): Account => ({
      secret: secret(i),
      name: `user${i}`,
      issuer: 'Service',
      ...(i === 6 ? { algorithm: 4 } : {}),
    }))
    const preview = await previewOf(exportFile(linkOf(payloadBytes(accounts))))
    expect(preview.entries).toHaveLength(11)
    expect(preview.problems).toEqual([
      { index: 6, name: 'Service: user6', reason: expect.any(String) },
    ])
  })

  it('reads several batches in order, whatever order the links come in', async () => {
    const links = [0, 1, 2].map((index) =>
      linkOf(
        payloadBytes([{ secret: secret(index), name: `part${index}` }], { size: 3, index, id: 77 }),
      ),
    )
    const [first = '', second = '', third = ''] = links
    const preview = await previewOf(exportFile(third, first, second, first))
    expect(preview.entries.map((e) => e.label)).toEqual(['part0', 'part1', 'part2'])
  })

  it('reads two separate exports in one file', async () => {
    const a = linkOf(payloadBytes([{ secret: secret(1), name: 'a' }], { id: 1 }))
    const b = linkOf(payloadBytes([{ secret: secret(2), name: 'b' }], { id: 2 }))
    const preview = await previewOf(exportFile(a, b))
    expect(preview.entries.map((e) => e.label)).toEqual(['a', 'b'])
  })

  it('refuses an export with a batch missing, naming the part', async () => {
    const links = [0, 2].map((index) =>
      linkOf(
        payloadBytes([{ secret: secret(index), name: `p${index}` }], { size: 3, index, id: 5 }),
      ),
    )
    const error = await importErrorOf(importer.read(exportFile(...links)))
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(/3 QR codes, and part 2 is missing/)
  })

  it('refuses two different links claiming the same part', async () => {
    const a = linkOf(payloadBytes([{ secret: secret(1), name: 'a' }], { size: 2, index: 0, id: 5 }))
    const b = linkOf(payloadBytes([{ secret: secret(2), name: 'b' }], { size: 2, index: 0, id: 5 }))
    const error = await importErrorOf(importer.read(exportFile(a, b)))
    expect(error.code).toBe('corrupt-file')
  })

  it('reads links with a scanner tag, CRLF, URL-safe or unescaped base64', async () => {
    const payload = payloadBytes([
      { secret: Uint8Array.from({ length: 30 }, () => 0xfb), name: 'x' },
    ])
    const base64 = Buffer.from(payload).toString('base64')
    expect(base64).toMatch(/[+/]/)
    const urlSafe = base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    for (const text of [
      `QR-Code:otpauth-migration://offline?data=${base64}\r\n`,
      `  otpauth-migration://offline?data=${urlSafe}  `,
      `OTPAUTH-MIGRATION://offline?data=${encodeURIComponent(base64)}`,
    ]) {
      const preview = await previewOf({ bytes: bytesOf(text) })
      expect(preview.entries).toHaveLength(1)
    }
  })

  it('refuses a newer payload version', async () => {
    const link = linkOf(payloadBytes([{ secret: secret(1), name: 'a' }], { version: 2 }))
    const error = await importErrorOf(importer.read(exportFile(link)))
    expect(error.code).toBe('unsupported-version')
  })

  it('refuses a link cut short, even exactly between two accounts', async () => {
    const payload = payloadBytes([
      { secret: secret(1), name: 'a' },
      { secret: secret(2), name: 'b' },
    ])
    const link = linkOf(payload)
    const cutInside = link.slice(0, link.length - 20)
    const oneAccount = payloadBytes([{ secret: secret(1), name: 'a' }], {
      version: 0,
      size: 0,
      id: 0,
    })
    for (const bad of [
      cutInside,
      linkOf(oneAccount),
      'otpauth-migration://offline?data=',
      'otpauth-migration://offline',
    ]) {
      const error = await importErrorOf(importer.read(exportFile(bad)))
      expect(error.code).toBe('corrupt-file')
    }
  })

  it('refuses a file with a line that is not a link, naming the line', async () => {
    const link = linkOf(payloadBytes([{ secret: secret(1), name: 'a' }]))
    const error = await importErrorOf(importer.read(exportFile(link, '', 'otpauth-migr')))
    expect(error.code).toBe('corrupt-file')
    expect(error.message).toMatch(/^Line 3 /)
  })

  it('says no-entries for an export without accounts', async () => {
    const error = await importErrorOf(importer.read(exportFile(linkOf(payloadBytes([])))))
    expect(error.code).toBe('no-entries')
  })

  it('never puts a secret in a message or a problem', async () => {
    const secrets = [secret(11, 8), secret(12), secret(13, 700)]
    const accounts: Account[] = secrets.map((s, i) => ({
      secret: s,
      name: `n${i}`,
      algorithm: i === 1 ? 4 : 1,
    }))
    const preview = await previewOf(exportFile(linkOf(payloadBytes(accounts))))
    const texts = preview.problems.map((p) => `${p.name} ${p.reason}`)
    for (const s of secrets) {
      for (const text of texts) expect(text).not.toContain(encodeBase32(s).slice(0, 16))
    }
  })

  it('fuzz: random text and bytes give only ImportError or a preview', async () => {
    await expectOnlyImportErrors(importer, fc.uint8Array({ maxLength: 400 }), 500)
    await expectOnlyImportErrors(
      importer,
      fc.uint8Array({ maxLength: 300 }).map((payload) => exportFile(linkOf(payload)).bytes),
      1000,
    )
  })

  it('fuzz: mutated valid exports give only ImportError or a preview', async () => {
    const valid = payloadBytes(
      Array.from({ length: 4 }, (_, i): Account => ({
        secret: secret(i),
        name: `u${i}`,
        issuer: 'I',
        type: (i % 2) + 1,
        counter: BigInt(i),
      })),
      { size: 2, index: 1, id: 3 },
    )
    await expectOnlyImportErrors(
      importer,
      mutatedBytes(valid).map((payload) => exportFile(linkOf(payload)).bytes),
      1000,
    )
    await expectOnlyImportErrors(importer, mutatedBytes(exportFile(linkOf(valid)).bytes), 500)
  })

  it('keeps ImportError the only error type it throws on bad input', async () => {
    await expect(importer.read({ bytes: new Uint8Array([0xc3, 0x28]) })).rejects.toBeInstanceOf(
      ImportError,
    )
  })
})
