import { decodeBase32, writeOtpauthUri } from '@mag/otp'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bitwardenImporter as importer } from '../src/formats/bitwarden'
import type { ImportedEntry } from '../src/importer'
import {
  SECRETS,
  bytesOf,
  comparable,
  expectPreview,
  importErrorOf,
  sampleEntries,
} from './backup-fixtures'
import { expectOnlyImportErrors, mutatedBytes } from './fuzz'

/* Exports written as Bitwarden's help pages show them ("Condition a Bitwarden .json"). */
type Item = Record<string, unknown>

const FOLDERS = [
  { id: 'f0000000-0000-0000-0000-000000000001', name: 'Work' },
  { id: 'f0000000-0000-0000-0000-000000000002', name: 'Private' },
]

function loginItem(name: string, login: Record<string, unknown>, extra: Item = {}): Item {
  return {
    id: `i-${name}`,
    organizationId: null,
    folderId: null,
    type: 1,
    reprompt: 0,
    name,
    notes: null,
    favorite: false,
    login: {
      uris: [{ match: null, uri: 'https://example.com' }],
      username: null,
      password: 'pw',
      ...login,
    },
    collectionIds: null,
    ...extra,
  }
}

/** An item per entry, its authenticator key an otpauth link (as Bitwarden stores scanned QR codes). */
function linkItem(entry: ImportedEntry): Item {
  const folder = FOLDERS.find((f) => f.name === entry.group)
  return loginItem(
    entry.issuer || 'Item',
    { totp: writeOtpauthUri(entry) },
    { folderId: folder?.id ?? null },
  )
}

function exportOf(items: unknown[], extra: Record<string, unknown> = {}): Uint8Array {
  return bytesOf(JSON.stringify({ encrypted: false, folders: FOLDERS, items, ...extra }, null, 2))
}

describe('Bitwarden JSON export', () => {
  it('recognises plain and encrypted exports, and not other JSON', () => {
    expect(importer.recognises({ bytes: exportOf([]) })).toBe(true)
    expect(importer.recognises({ bytes: bytesOf('{"collections":[],"items":[]}') })).toBe(true)
    expect(
      importer.recognises({
        bytes: bytesOf(
          '{"encrypted":true,"passwordProtected":true,"salt":"x","kdfType":0,"kdfIterations":600000,"encKeyValidation_DO_NOT_EDIT":"2.x","data":"2.y"}',
        ),
      }),
    ).toBe(true)
    expect(importer.recognises({ bytes: bytesOf('{"schemaVersion":4,"services":[]}') })).toBe(false)
    expect(importer.recognises({ bytes: bytesOf('{"items":[]}') })).toBe(false)
    expect(importer.recognises({ bytes: bytesOf('[]') })).toBe(false)
  })

  it('reads otpauth links with every parameter (round trip)', async () => {
    const entries = sampleEntries()
    const items = [
      loginItem('No TOTP', {}),
      ...entries.map(linkItem),
      { type: 2, name: 'Note', secureNote: { type: 0 } },
    ]
    const preview = expectPreview(await importer.read({ bytes: exportOf(items) }))
    expect(preview.format).toBe('bitwarden')
    expect(preview.problems).toEqual([])
    // The link has no issuer for the third entry: the item's name stands in.
    const expected = entries.map((e) => (e.issuer === '' ? { ...e, issuer: 'Item' } : e))
    expect(comparable(preview.entries)).toEqual(comparable(expected))
  })

  it('reads a bare secret as TOTP SHA1 6/30, named by the item and its username', async () => {
    const items = [
      loginItem(
        'GitHub',
        { username: 'alice', totp: ` ${SECRETS[0].toLowerCase()} ` },
        { folderId: FOLDERS[1]?.id },
      ),
      loginItem('Mail', { username: '', totp: SECRETS[1] }),
    ]
    const preview = expectPreview(await importer.read({ bytes: exportOf(items) }))
    expect(comparable(preview.entries)).toEqual(
      comparable([
        {
          type: 'totp',
          issuer: 'GitHub',
          label: 'alice',
          secret: decodeBase32(SECRETS[0]),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0,
          group: 'Private',
        },
        {
          type: 'totp',
          issuer: 'Mail',
          label: 'Mail',
          secret: decodeBase32(SECRETS[1]),
          algorithm: 'SHA1',
          digits: 6,
          period: 30,
          counter: 0,
        },
      ]),
    )
  })

  it('takes an organisation export’s collection as the group', async () => {
    const bytes = bytesOf(
      JSON.stringify({
        encrypted: false,
        collections: [{ id: 'c1', organizationId: 'o', name: 'Shared', externalId: null }],
        items: [loginItem('Org', { username: 'u', totp: SECRETS[0] }, { collectionIds: ['c1'] })],
      }),
    )
    expect(expectPreview(await importer.read({ bytes })).entries[0]?.group).toBe('Shared')
  })

  it('makes a problem of each key it cannot read, and reads the others', async () => {
    const items = [
      loginItem('Steam', { username: 's', totp: 'steam://ABCDEFGHIJKLMNOP' }),
      loginItem('Other', { username: 'o', totp: 'yandex://ABCDEFGHIJKLMNOP' }),
      loginItem('Link', {
        username: 'l',
        totp: 'otpauth://totp/Link:l?secret=JBSWY3DPEHPK3PXP&digits=9',
      }),
      loginItem('Short', { username: 'sh', totp: 'JBSWY3DP' }),
      loginItem('Bad', { username: 'b', totp: 'JBSWY3DPEHPK3PX1' }),
      loginItem('Typed', { username: 't', totp: 12345 }),
      'not an item',
      loginItem('Fine', { username: 'f', totp: SECRETS[0] }),
    ]
    const preview = expectPreview(await importer.read({ bytes: exportOf(items) }))
    expect(preview.entries.map((e) => e.label)).toEqual(['f'])
    expect(preview.problems).toEqual([
      {
        index: 0,
        name: 'Steam: s',
        reason: 'Steam Guard codes are not supported: this app makes TOTP and HOTP codes only',
      },
      { index: 1, name: 'Other: o', reason: expect.stringMatching(/yandex:\/\/ link/) },
      { index: 2, name: 'Link: l', reason: expect.stringMatching(/digits must be 6, 7 or 8/) },
      { index: 3, name: 'Short: sh', reason: expect.stringMatching(/^Secret is too short/) },
      { index: 4, name: 'Bad: b', reason: expect.stringMatching(/^Secret contains '1'/) },
      { index: 5, name: 'Typed: t', reason: expect.stringMatching(/malformed \(login\.totp/) },
      { index: 6, name: '', reason: expect.stringMatching(/malformed/) },
    ])
  })

  it('entry 7 of 12 bad: 11 entries and one problem at index 6', async () => {
    const items = Array.from({ length: 12 }, (_, i) =>
      loginItem('Service', { username: `user${i}`, totp: i === 6 ? 'steam://X' : SECRETS[i % 4] }),
    )
    // Password-only items around them do not count as entries.
    items.splice(3, 0, loginItem('Password only', { username: 'p' }))
    const preview = expectPreview(await importer.read({ bytes: exportOf(items) }))
    expect(preview.entries).toHaveLength(11)
    expect(preview.problems).toEqual([
      { index: 6, name: 'Service: user6', reason: expect.any(String) },
    ])
  })

  it('refuses an encrypted export, saying to export unencrypted', async () => {
    for (const file of [
      {
        encrypted: true,
        passwordProtected: true,
        salt: 'c2FsdA==',
        kdfType: 0,
        kdfIterations: 600000,
        encKeyValidation_DO_NOT_EDIT: '2.a|b|c',
        data: '2.d|e|f',
      },
      { encrypted: true, encKeyValidation_DO_NOT_EDIT: '2.a|b|c', folders: [], items: [] },
    ]) {
      const error = await importErrorOf(importer.read({ bytes: bytesOf(JSON.stringify(file)) }))
      expect(error.code).toBe('unknown-format')
      expect(error.message).toMatch(
        /encrypted Bitwarden export.*"\.json" \(not "\.json \(Encrypted\)"\)/,
      )
    }
  })

  it('says corrupt-file for a truncated or non-export file', async () => {
    const bytes = exportOf([loginItem('A', { totp: SECRETS[0] })])
    for (const bad of [
      bytes.subarray(0, bytes.length - 10),
      bytesOf('{"encrypted":false,"items":{}}'),
      bytesOf('[1,2]'),
    ]) {
      expect((await importErrorOf(importer.read({ bytes: bad }))).code).toBe('corrupt-file')
    }
  })

  it('says no-entries for an export without authenticator keys', async () => {
    const bytes = exportOf([loginItem('A', { totp: null }), loginItem('B', { totp: '  ' })])
    expect((await importErrorOf(importer.read({ bytes }))).code).toBe('no-entries')
  })

  it('never puts a secret in a problem', async () => {
    const secrets = ['JBSWY3DPEHPK3PX1JBSWY3DP', 'GEZDGNBV', 'GEZDGNBVGY3TQOJQGEZDGNBV']
    const items = [
      loginItem('A', { username: 'a', totp: secrets[0] }),
      loginItem('B', { username: 'b', totp: secrets[1] }),
      loginItem('C', { username: 'c', totp: `steam://${secrets[2]}` }),
      loginItem('D', {
        username: 'd',
        totp: `otpauth://totp/D:d?secret=${secrets[2]}&algorithm=MD5`,
      }),
      loginItem('E', { username: 'e', totp: `otpauth://weird/E:e?secret=${secrets[2]}` }),
      loginItem('F', { username: 'f', totp: `otpauth:/broken?secret=${secrets[2]}` }),
    ]
    const preview = expectPreview(await importer.read({ bytes: exportOf(items) }))
    expect(preview.problems).toHaveLength(6)
    for (const problem of preview.problems) {
      for (const secret of secrets)
        expect(`${problem.name} ${problem.reason}`).not.toContain(secret.slice(0, 8))
    }
  })

  it('fuzz: random bytes and random items give only ImportError or a preview', async () => {
    await expectOnlyImportErrors(importer, fc.uint8Array({ maxLength: 300 }), 300)
    const totp = fc.oneof(
      fc.string(),
      fc.constantFrom(
        SECRETS[0],
        `steam://${SECRETS[0]}`,
        `otpauth://totp/a:b?secret=${SECRETS[0]}`,
      ),
      fc.webUrl(),
      fc.anything({ maxDepth: 2 }),
    )
    await expectOnlyImportErrors(
      importer,
      fc
        .array(
          fc.oneof(
            fc.anything({ maxDepth: 2 }),
            fc.record({
              name: fc.oneof(fc.string(), fc.anything({ maxDepth: 2 })),
              folderId: fc.anything({ maxDepth: 2 }),
              login: fc.record({ username: fc.anything({ maxDepth: 2 }), totp }),
            }),
          ),
        )
        .map((items) => exportOf(items)),
      500,
    )
  })

  it('fuzz: mutated exports give only ImportError or a preview', async () => {
    const valid = exportOf([
      ...sampleEntries().map(linkItem),
      loginItem('Bare', { username: 'b', totp: SECRETS[3] }),
    ])
    await expectOnlyImportErrors(importer, mutatedBytes(valid), 1000)
  })
})
