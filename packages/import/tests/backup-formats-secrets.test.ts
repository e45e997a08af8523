import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeBase32 } from '@mag/otp'
import { ImportError, type ImporterDefinition } from '../src'
import { writeAegisEncryptedBackup } from '../src/export/aegis-backup'
import { aegisImporter } from '../src/formats/aegis'
import { andOtpImporter } from '../src/formats/andotp'
import {
  FAST_SCRYPT,
  aegisEntry,
  aegisPlainVault,
  andOtpEncrypted,
  andOtpEntry,
  bytesOf,
} from './backup-fixtures'
import { mutatedBytes } from './fuzz'

/**
 * No message, problem or error of these readers contains a secret or the password, whatever
 * goes wrong: a secret the policy refuses, a wrong password, a damaged file.
 */

/** Every text a read can show: the error's message, or each problem's name and reason. */
async function shownText(
  importer: ImporterDefinition,
  bytes: Uint8Array,
  password?: string,
): Promise<string[]> {
  try {
    const outcome = await importer.read({ bytes }, password)
    if (outcome.kind === 'needs-password') return []
    return outcome.preview.problems.flatMap((problem) => [problem.name, problem.reason])
  } catch (error) {
    if (error instanceof ImportError) return [error.message]
    throw error
  }
}

/** A secret as it might sit in a file: valid, too short, too long, or with a bad character. */
const fileSecret = fc.oneof(
  fc.uint8Array({ minLength: 10, maxLength: 40 }).map(encodeBase32),
  fc.uint8Array({ minLength: 5, maxLength: 9 }).map(encodeBase32),
  fc.uint8Array({ minLength: 700, maxLength: 800 }).map(encodeBase32),
  fc
    .tuple(
      fc.uint8Array({ minLength: 10, maxLength: 40 }).map(encodeBase32),
      fc.constantFrom('0', '1', '8', '!', 'é'),
      fc.nat(),
    )
    .map(([secret, bad, at]) => {
      const i = at % secret.length
      return secret.slice(0, i) + bad + secret.slice(i + 1)
    }),
)
const password = fc.string({ minLength: 8, maxLength: 30 }).filter((text) => text.trim() !== '')

/** The part of a shown text that could carry a secret: at least 8 characters of it. */
function expectNoneContains(texts: string[], secret: string): void {
  const needles = new Set<string>()
  for (let i = 0; i + 8 <= secret.length; i += 4) needles.add(secret.slice(i, i + 8))
  for (const text of texts) {
    for (const needle of needles) expect(text).not.toContain(needle)
  }
}

describe('what the backup readers show never holds a secret or the password', () => {
  it('Aegis: refused secrets and other entry faults', async () => {
    await fc.assert(
      fc.asyncProperty(
        fileSecret,
        password,
        fc.constantFrom('digits', 'type', 'none'),
        async (secret, pass, fault) => {
          const entry = aegisEntry({
            name: 'account',
            issuer: 'Issuer',
            secret,
            ...(fault === 'digits' ? { digits: 12 } : {}),
            ...(fault === 'type' ? { type: 'steam' } : {}),
          })
          const plain = aegisPlainVault([entry, aegisEntry({ secret, name: '', issuer: '' })])
          const shown = await shownText(aegisImporter, plain)
          expectNoneContains(shown, secret)
          for (const text of shown) expect(text).not.toContain(pass)
        },
      ),
      { numRuns: 150 },
    )
  })

  it('Aegis encrypted: wrong password and damaged contents', async () => {
    await fc.assert(
      fc.asyncProperty(password, password, async (right, wrong) => {
        fc.pre(right !== wrong)
        const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
        const text = await writeAegisEncryptedBackup({
          entries: [
            {
              type: 'totp',
              issuer: 'I',
              label: 'L',
              secret: Buffer.from('0123456789abcdef0123'),
              algorithm: 'SHA1',
              digits: 6,
              period: 30,
              counter: 0,
            },
          ],
          password: right,
          scryptParams: FAST_SCRYPT,
        })
        const shown = [
          ...(await shownText(aegisImporter, bytesOf(text), wrong)),
          ...(await shownText(
            aegisImporter,
            bytesOf(text.replace(/"db": "../, '"db": "AA')),
            right,
          )),
        ]
        expect(shown.length).toBeGreaterThan(0)
        for (const message of shown) {
          expect(message).not.toContain(right)
          expect(message).not.toContain(wrong)
        }
        expectNoneContains(shown, secret)
      }),
      { numRuns: 40 },
    )
  })

  it('andOTP: refused secrets, wrong passwords, damage', async () => {
    await fc.assert(
      fc.asyncProperty(fileSecret, password, password, async (secret, right, wrong) => {
        fc.pre(right !== wrong)
        const plain = JSON.stringify([
          andOtpEntry({ secret, label: 'a' }),
          andOtpEntry({ secret, digits: 3 }),
          andOtpEntry({ secret, type: 'STEAM' }),
        ])
        const encrypted = andOtpEncrypted(plain, right, 10)
        const shown = [
          ...(await shownText(andOtpImporter, bytesOf(plain))),
          ...(await shownText(andOtpImporter, encrypted, right)),
          ...(await shownText(andOtpImporter, encrypted, wrong)),
        ]
        expectNoneContains(shown, secret)
        for (const text of shown) {
          expect(text).not.toContain(right)
          expect(text).not.toContain(wrong)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('andOTP: damaged encrypted backups', async () => {
    const secret = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPI'
    const pass = 'the right password'
    const file = andOtpEncrypted(JSON.stringify([andOtpEntry({ secret })]), pass, 10)
    await fc.assert(
      fc.asyncProperty(mutatedBytes(file), async (bytes) => {
        const shown = await shownText(andOtpImporter, bytes, pass)
        expectNoneContains(shown, secret)
        for (const text of shown) expect(text).not.toContain(pass)
      }),
      { numRuns: 150 },
    )
  })
})
