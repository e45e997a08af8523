import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto'
import { writeOtpauthUri } from '@mag/otp'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { aegisImporter } from '../src/formats/aegis'
import { andOtpImporter } from '../src/formats/andotp'
import { bitwardenImporter } from '../src/formats/bitwarden'
import { googleAuthenticatorImporter } from '../src/formats/google-authenticator'
import { otpauthListImporter } from '../src/formats/otpauth-list'
import { twoFasImporter } from '../src/formats/two-fas'
import type { FormatId, ImporterDefinition } from '../src/importer'
import {
  SECRETS,
  aegisEntry,
  aegisPlainVault,
  andOtpEntry,
  bytesOf,
  sampleEntries,
} from './backup-fixtures'
import { mutatedBytes } from './fuzz'

/**
 * Detection never guesses: each format's file is recognised by its own importer and by no
 * other, so the registry's detectImporter finds exactly one.
 */
const all: ImporterDefinition[] = [
  aegisImporter,
  andOtpImporter,
  bitwardenImporter,
  googleAuthenticatorImporter,
  otpauthListImporter,
  twoFasImporter,
]

function twoFasEncrypted(): Uint8Array {
  const salt = randomBytes(256)
  const key = pbkdf2Sync('pw', salt, 10_000, 32, 'sha256')
  const seal = (text: string): string => {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const data = Buffer.concat([cipher.update(text), cipher.final(), cipher.getAuthTag()])
    return [data, salt, iv].map((part) => part.toString('base64')).join(':')
  }
  return bytesOf(
    JSON.stringify({
      services: [],
      groups: [],
      schemaVersion: 4,
      servicesEncrypted: seal('[]'),
      reference: seal('ref'),
    }),
  )
}

const samples: [FormatId, Uint8Array][] = [
  ['aegis', aegisPlainVault([aegisEntry()])],
  ['andotp', bytesOf(JSON.stringify([andOtpEntry()]))],
  [
    'bitwarden',
    bytesOf(
      JSON.stringify({
        encrypted: false,
        folders: [],
        items: [{ type: 1, name: 'a', login: { totp: SECRETS[0] } }],
      }),
    ),
  ],
  [
    'bitwarden',
    bytesOf(
      JSON.stringify({
        encrypted: true,
        passwordProtected: true,
        salt: 'x',
        kdfType: 0,
        kdfIterations: 600000,
        encKeyValidation_DO_NOT_EDIT: '2.x',
        data: '2.y',
      }),
    ),
  ],
  [
    'google-authenticator',
    bytesOf('otpauth-migration://offline?data=CgcKBWhlbGxvEAEYASAAKAE%3D\n'),
  ],
  [
    'otpauth-list',
    bytesOf(
      sampleEntries()
        .map((entry) => writeOtpauthUri(entry))
        .join('\n'),
    ),
  ],
  [
    '2fas',
    bytesOf(
      JSON.stringify({ services: [{ name: 'a', secret: SECRETS[0], otp: {} }], schemaVersion: 4 }),
    ),
  ],
  ['2fas', twoFasEncrypted()],
]

const recognisers = (bytes: Uint8Array): FormatId[] =>
  all.filter((importer) => importer.recognises({ bytes })).map((importer) => importer.id)

describe('format recognition', () => {
  it.each(samples.map(([id, bytes], i) => [`${id} #${i}`, id, bytes] as const))(
    '%s is recognised by its importer only',
    (_name, id, bytes) => {
      expect(recognisers(bytes)).toEqual([id])
    },
  )

  it('fuzz: a damaged file is recognised by at most one importer', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...samples).chain(([, bytes]) => mutatedBytes(bytes)),
        (bytes) => {
          expect(recognisers(bytes).length).toBeLessThanOrEqual(1)
        },
      ),
      { numRuns: 500 },
    )
  })
})
