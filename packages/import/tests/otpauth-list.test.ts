import { writeOtpauthUri } from '@mag/otp'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { otpauthListImporter as importer } from '../src/formats/otpauth-list'
import {
  SECRETS,
  bytesOf,
  comparable,
  expectPreview,
  importErrorOf,
  sampleEntries,
} from './backup-fixtures'
import { expectOnlyImportErrors, mutatedBytes } from './fuzz'

const withoutGroups = () => sampleEntries().map(({ group: _group, ...entry }) => entry)

describe('otpauth link list', () => {
  it('recognises a list of otpauth links, and not other text', () => {
    expect(
      importer.recognises({ bytes: bytesOf(`\n  otpauth://totp/a?secret=${SECRETS[0]}\n`) }),
    ).toBe(true)
    expect(
      importer.recognises({ bytes: bytesOf(`\uFEFFOTPAUTH://hotp/a?secret=${SECRETS[0]}`) }),
    ).toBe(true)
    expect(importer.recognises({ bytes: bytesOf('otpauth-migration://offline?data=CgA') })).toBe(
      false,
    )
    expect(importer.recognises({ bytes: bytesOf('{"items":[]}') })).toBe(false)
    expect(importer.recognises({ bytes: bytesOf(SECRETS[0]) })).toBe(false)
  })

  it('reads every link, ignoring blank lines, whitespace and line endings (round trip)', async () => {
    const entries = withoutGroups()
    const links = entries.map((entry) => writeOtpauthUri(entry))
    const text = `\uFEFF\n${links[0]}\r\n\r\n   ${links[1]}   \r${links[2]}\n\t\n${links[3]}`
    const preview = expectPreview(await importer.read({ bytes: bytesOf(text) }))
    expect(preview.format).toBe('otpauth-list')
    expect(preview.problems).toEqual([])
    expect(comparable(preview.entries)).toEqual(comparable(entries))
  })

  it('reads Ente Auth’s links, with their codeDisplay parameter', async () => {
    const link = `otpauth://totp/GitHub:alice?secret=${SECRETS[1]}&issuer=GitHub&algorithm=sha256&digits=8&period=60&codeDisplay=%7B%22pinned%22%3Afalse%2C%22trashed%22%3Afalse%2C%22tags%22%3A%5B%5D%7D`
    const preview = expectPreview(await importer.read({ bytes: bytesOf(`${link}\n`) }))
    expect(preview.entries).toMatchObject([
      {
        type: 'totp',
        issuer: 'GitHub',
        label: 'alice',
        algorithm: 'SHA256',
        digits: 8,
        period: 60,
      },
    ])
  })

  it('makes a problem of each bad line, with its line number, and reads the others', async () => {
    const text = [
      `otpauth://totp/Good:one?secret=${SECRETS[0]}`,
      '',
      `otpauth://totp/Short:s?secret=JBSWY3DP`,
      SECRETS[2],
      `otpauth://steam/Steam:gaben?secret=${SECRETS[0]}`,
      `otpauth://hotp/Counter:c?secret=${SECRETS[0]}`,
      `https://example.com/?secret=${SECRETS[3]}`,
      `otpauth://totp/Bad%ZZlabel?secret=${SECRETS[0]}`,
      `otpauth://totp/Good:two?secret=${SECRETS[1]}`,
    ].join('\n')
    const preview = expectPreview(await importer.read({ bytes: bytesOf(text) }))
    expect(preview.entries.map((e) => e.label)).toEqual(['one', 'two'])
    expect(preview.problems).toEqual([
      {
        index: 1,
        name: 'Short: s',
        reason: expect.stringMatching(/^Line 3: The link's secret is too short/),
      },
      {
        index: 2,
        name: '',
        reason: expect.stringMatching(/^Line 4: The link must start with otpauth:\/\/$/),
      },
      {
        index: 3,
        name: 'Steam: gaben',
        reason: expect.stringMatching(/^Line 5: Steam Guard codes are not supported/),
      },
      { index: 4, name: 'Counter: c', reason: expect.stringMatching(/^Line 6: .*counter/) },
      {
        index: 5,
        name: '',
        reason: "Line 7: The link must start with otpauth:// (it starts with 'https:')",
      },
      {
        index: 6,
        name: 'Bad%ZZlabel',
        reason: expect.stringMatching(/^Line 8: .*percent-encoding/),
      },
    ])
    for (const problem of preview.problems) {
      for (const secret of SECRETS)
        expect(`${problem.name} ${problem.reason}`).not.toContain(secret)
    }
  })

  it('entry 7 of 12 bad: 11 entries and one problem at index 6, on its own line number', async () => {
    const lines = Array.from({ length: 12 }, (_, i) =>
      i === 6
        ? `otpauth://totp/Service:user6?secret=NOT-BASE32-1`
        : `otpauth://totp/Service:user${i}?secret=${SECRETS[i % 4]}`,
    )
    const preview = expectPreview(
      await importer.read({ bytes: bytesOf(['', ...lines].join('\n')) }),
    )
    expect(preview.entries).toHaveLength(11)
    expect(preview.problems).toEqual([
      { index: 6, name: 'Service: user6', reason: expect.stringMatching(/^Line 8: /) },
    ])
  })

  it('says no-entries for an empty list and corrupt-file for bytes that are not UTF-8', async () => {
    expect(await importErrorOf(importer.read({ bytes: bytesOf(' \n\r\n\t') }))).toMatchObject({
      code: 'no-entries',
    })
    const notUtf8 = Uint8Array.from([...bytesOf('otpauth://totp/a?secret='), 0xff, 0xfe])
    expect(await importErrorOf(importer.read({ bytes: notUtf8 }))).toMatchObject({
      code: 'corrupt-file',
    })
  })

  it('makes a problem of a link cut short inside its parameters', async () => {
    const link = `otpauth://hotp/Bank:me?secret=${SECRETS[1]}&counter=`
    const preview = expectPreview(await importer.read({ bytes: bytesOf(link) }))
    expect(preview.problems).toHaveLength(1)
  })

  it('fuzz: random bytes and random lines give only ImportError or a preview', async () => {
    await expectOnlyImportErrors(importer, fc.uint8Array({ maxLength: 300 }), 300)
    const fragment = fc.oneof(
      fc.constantFrom(
        'otpauth://',
        'totp/',
        'hotp/',
        'steam/',
        '?',
        '&',
        '=',
        ':',
        '%',
        '%3A',
        'secret=',
        SECRETS[0],
        'counter=',
        'digits=',
        'period=',
        '\n',
        '\r\n',
        ' ',
      ),
      fc.string({ maxLength: 6 }),
    )
    await expectOnlyImportErrors(
      importer,
      fc
        .array(fragment, { maxLength: 40 })
        .map((parts) => bytesOf(`otpauth://totp/${parts.join('')}`)),
      1000,
    )
  })

  it('fuzz: mutated lists give only ImportError or a preview', async () => {
    const valid = bytesOf(
      withoutGroups()
        .map((entry) => writeOtpauthUri(entry))
        .join('\n'),
    )
    await expectOnlyImportErrors(importer, mutatedBytes(valid), 1000)
  })
})
