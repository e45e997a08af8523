import fc from 'fast-check'
import { generateURI } from 'otplib'
import { describe, expect, it } from 'vitest'
import { decodeBase32, encodeBase32, parseOtpauthUri, writeOtpauthUri } from '../src'
import { validEntry } from './arbitraries'
import { OtpInputError } from '../src/errors'

const HELLO = decodeBase32('JBSWY3DPEHPK3PXP')

function parseError(uri: string): OtpInputError {
  try {
    parseOtpauthUri(uri)
  } catch (error) {
    if (error instanceof OtpInputError) return error
    throw error
  }
  throw new Error(`expected ${uri} to be refused`)
}

describe('parseOtpauthUri', () => {
  it('reads the Key URI Format example with defaults filled in', () => {
    const entry = parseOtpauthUri(
      'otpauth://totp/Example:alice@google.com?secret=JBSWY3DPEHPK3PXP&issuer=Example',
    )
    expect(entry).toEqual({
      type: 'totp',
      issuer: 'Example',
      label: 'alice@google.com',
      secret: HELLO,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      counter: 0,
    })
  })

  it('reads every optional parameter', () => {
    const entry = parseOtpauthUri(
      'otpauth://totp/ACME%20Co:john.doe@email.com?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=ACME%20Co&algorithm=SHA256&digits=8&period=60',
    )
    expect(entry).toMatchObject({
      issuer: 'ACME Co',
      label: 'john.doe@email.com',
      algorithm: 'SHA256',
      digits: 8,
      period: 60,
    })
    expect(encodeBase32(entry.secret)).toBe('HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ')
  })

  it('reads an hotp link with its counter', () => {
    const entry = parseOtpauthUri(
      'otpauth://hotp/Example:bob?secret=JBSWY3DPEHPK3PXP&counter=42&algorithm=SHA512&digits=7',
    )
    expect(entry).toMatchObject({
      type: 'hotp',
      issuer: 'Example',
      label: 'bob',
      counter: 42,
      algorithm: 'SHA512',
      digits: 7,
      period: 30,
    })
  })

  it.each([
    ['an encoded colon', 'otpauth://totp/Provider1%3AAlice%20Smith?secret=JBSWY3DPEHPK3PXP'],
    [
      'spaces before the account',
      'otpauth://totp/Provider1:%20%20Alice%20Smith?secret=JBSWY3DPEHPK3PXP',
    ],
    [
      'upper-case scheme and type',
      'OTPAUTH://TOTP/Provider1:Alice%20Smith?secret=JBSWY3DPEHPK3PXP',
    ],
    ['a fragment', 'otpauth://totp/Provider1:Alice%20Smith?secret=JBSWY3DPEHPK3PXP#ignored'],
  ])('splits issuer and account with %s', (_, uri) => {
    expect(parseOtpauthUri(uri)).toMatchObject({ issuer: 'Provider1', label: 'Alice Smith' })
  })

  it('prefers the issuer parameter when it and the label prefix disagree', () => {
    const entry = parseOtpauthUri(
      'otpauth://totp/OldName:alice?secret=JBSWY3DPEHPK3PXP&issuer=NewName',
    )
    expect(entry).toMatchObject({ issuer: 'NewName', label: 'alice' })
  })

  it('takes the issuer parameter when the label has no prefix', () => {
    const entry = parseOtpauthUri('otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub')
    expect(entry).toMatchObject({ issuer: 'GitHub', label: 'alice' })
  })

  it('leaves the issuer empty when there is neither prefix nor parameter', () => {
    expect(parseOtpauthUri('otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP')).toMatchObject({
      issuer: '',
      label: 'alice',
    })
  })

  it('accepts secrets in any case, with spaces and padding', () => {
    const entry = parseOtpauthUri('otpauth://totp/a?secret=jbsw%20y3dp+ehpk%203pxp%3D%3D%3D%3D')
    expect(entry.secret).toEqual(HELLO)
  })

  it("reads '+' in the query as a space and in the label as a plus", () => {
    const entry = parseOtpauthUri('otpauth://totp/C++:a+b?secret=JBSWY3DPEHPK3PXP&issuer=Big+Co')
    expect(entry).toMatchObject({ issuer: 'Big Co', label: 'a+b' })
  })

  it.each([
    ['sha1', 'SHA1'],
    ['SHA-256', 'SHA256'],
    ['Sha512', 'SHA512'],
  ])('accepts algorithm spelled %s', (spelling, algorithm) => {
    const uri = `otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=${spelling}`
    expect(parseOtpauthUri(uri).algorithm).toBe(algorithm)
  })

  it('ignores parameters it does not know and ones that do not apply to the type', () => {
    const entry = parseOtpauthUri(
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&image=https%3A%2F%2Fexample.com%2Fi.png&counter=oops',
    )
    expect(entry.counter).toBe(0)
  })

  const S = 'secret=JBSWY3DPEHPK3PXP'
  it.each([
    [
      'https://example.com/totp?secret=x',
      'uri',
      "The link must start with otpauth:// (it starts with 'https:')",
    ],
    ['JBSWY3DPEHPK3PXP', 'uri', 'The link must start with otpauth://'],
    [
      'otpauth:totp/a?secret=JBSWY3DPEHPK3PXP',
      'uri',
      'The link must look like otpauth://totp/Issuer:account?secret=...',
    ],
    ['otpauth://totp', 'uri', 'The link must look like otpauth://totp/Issuer:account?secret=...'],
    [`otpauth://motp/a?${S}`, 'type', "The link's type must be totp or hotp (got 'motp')"],
    [`otpauth:///a?${S}`, 'type', "The link's type must be totp or hotp (got nothing)"],
    [`otpauth://totp/?${S}`, 'label', "The link's label has no account name"],
    [`otpauth://totp/Issuer:%20?${S}`, 'label', "The link's label has no account name"],
    [
      `otpauth://totp/${'a'.repeat(201)}?${S}`,
      'label',
      "The link's account name is too long: at most 200 characters (got 201)",
    ],
    [
      `otpauth://totp/a?${S}&issuer=${'i'.repeat(201)}`,
      'label',
      "The link's issuer is too long: at most 200 characters (got 201)",
    ],
    [
      `otpauth://totp/caf%E9?${S}`,
      'label',
      "The link has broken percent-encoding in its label near '%E9'",
    ],
    [
      `otpauth://totp/a%2?${S}`,
      'label',
      "The link has broken percent-encoding in its label near '%'",
    ],
    [
      `otpauth://totp/a?${S}&issuer=100%`,
      'label',
      "The link has broken percent-encoding in its 'issuer' parameter near '%'",
    ],
    [
      'otpauth://totp/a?secret=JBSWY3DPEHPK3P%ZZ',
      'secret',
      "The link has broken percent-encoding in its 'secret' parameter",
    ],
    [
      'otpauth://totp/a?issuer=x',
      'secret',
      "The link has no secret: its 'secret' parameter is missing",
    ],
    ['otpauth://totp/a?secret=', 'secret', "The link's secret is empty"],
    [
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PX1',
      'secret',
      "The link's secret contains '1', which is not a base32 character (A–Z, 2–7) (did you mean I or L?)",
    ],
    [
      'otpauth://totp/a?secret=JBSWY3DP',
      'secret',
      "The link's secret is too short: at least 80 bits (16 base32 characters), got 8 characters",
    ],
    [
      `otpauth://totp/a?${S}&secret=JBSWY3DPEHPK3PXP`,
      'secret',
      "The link has more than one 'secret' parameter",
    ],
    [
      `otpauth://totp/a?${S}&algorithm=MD5`,
      'algorithm',
      "The link's algorithm must be SHA1, SHA256 or SHA512 (got 'MD5')",
    ],
    [`otpauth://totp/a?${S}&digits=9`, 'digits', "The link's digits must be 6, 7 or 8 (got '9')"],
    [`otpauth://totp/a?${S}&digits=5`, 'digits', "The link's digits must be 6, 7 or 8 (got '5')"],
    [
      `otpauth://totp/a?${S}&digits=six`,
      'digits',
      "The link's digits must be 6, 7 or 8 (got 'six')",
    ],
    [
      `otpauth://totp/a?${S}&digits=`,
      'digits',
      "The link's digits must be 6, 7 or 8 (got nothing)",
    ],
    [
      `otpauth://totp/a?${S}&period=0`,
      'period',
      "The link's period must be a whole number of seconds from 1 to 3600 (got '0')",
    ],
    [
      `otpauth://totp/a?${S}&period=30.5`,
      'period',
      "The link's period must be a whole number of seconds from 1 to 3600 (got '30.5')",
    ],
    [
      `otpauth://totp/a?${S}&period=3601`,
      'period',
      "The link's period must be a whole number of seconds from 1 to 3600 (got '3601')",
    ],
    [
      `otpauth://totp/a?${S}&period=-30`,
      'period',
      "The link's period must be a whole number of seconds from 1 to 3600 (got '-30')",
    ],
    [
      `otpauth://hotp/a?${S}`,
      'counter',
      "The link is an hotp link without a counter: its 'counter' parameter is missing",
    ],
    [
      `otpauth://hotp/a?${S}&counter=-1`,
      'counter',
      "The link's counter must be a whole number from 0 to 9007199254740991 (got '-1')",
    ],
    [
      `otpauth://hotp/a?${S}&counter=1e3`,
      'counter',
      "The link's counter must be a whole number from 0 to 9007199254740991 (got '1e3')",
    ],
    [
      `otpauth://hotp/a?${S}&counter=9007199254740992`,
      'counter',
      "The link's counter must be a whole number from 0 to 9007199254740991 (got '9007199254740992')",
    ],
  ])('refuses %s', (uri, field, message) => {
    const error = parseError(uri)
    expect(error.code).toBe('invalid-otpauth')
    expect(error.field).toBe(field)
    expect(error.message).toBe(message)
  })

  it('never echoes a pasted secret in its error', () => {
    const error = parseError('otpauth://totp/a?secret=SECRETSECRET%ZZSECRET')
    expect(error.message).not.toMatch(/SECRET/)
  })
})

describe('writeOtpauthUri', () => {
  it('writes the Key URI Format layout with every parameter explicit', () => {
    expect(
      writeOtpauthUri({
        type: 'totp',
        issuer: 'ACME Co',
        label: 'john.doe@email.com',
        secret: HELLO,
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
        counter: 0,
      }),
    ).toBe(
      'otpauth://totp/ACME%20Co:john.doe%40email.com?secret=JBSWY3DPEHPK3PXP&issuer=ACME%20Co&algorithm=SHA1&digits=6&period=30',
    )
  })

  it('writes the counter, not the period, for hotp', () => {
    const uri = writeOtpauthUri({
      type: 'hotp',
      issuer: '',
      label: 'bob',
      secret: HELLO,
      algorithm: 'SHA256',
      digits: 8,
      period: 30,
      counter: 7,
    })
    expect(uri).toBe(
      'otpauth://hotp/bob?secret=JBSWY3DPEHPK3PXP&algorithm=SHA256&digits=8&counter=7',
    )
  })
})

describe('write then parse', () => {
  it('gives back any valid entry', () => {
    fc.assert(
      fc.property(validEntry, (entry) => {
        expect(parseOtpauthUri(writeOtpauthUri(entry))).toEqual(entry)
      }),
      { numRuns: 2000 },
    )
  })
})

describe('links written by another implementation', () => {
  it("parses otplib's generateURI output back into the same entry", () => {
    fc.assert(
      fc.property(
        validEntry.filter((entry) => entry.issuer !== ''),
        (entry) => {
          const uri = generateURI({
            strategy: entry.type,
            counter: entry.counter,
            issuer: entry.issuer,
            label: entry.label,
            secret: encodeBase32(entry.secret),
            algorithm:
              entry.algorithm === 'SHA1'
                ? 'sha1'
                : entry.algorithm === 'SHA256'
                  ? 'sha256'
                  : 'sha512',
            digits: entry.digits,
            period: entry.period,
          })
          expect(parseOtpauthUri(uri)).toEqual(entry)
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('error messages never show the secret', () => {
  /** Case, spaces, hyphens and '=' removed: a secret shown in any of its forms is found. */
  const comparable = (text: string) => text.replace(/[\s=-]+/g, '').toUpperCase()

  function expectNoSecret(uri: string, secretText: string): void {
    let message: string
    try {
      parseOtpauthUri(uri)
      return
    } catch (error) {
      if (!(error instanceof OtpInputError)) throw error
      message = error.message
    }
    expect(message).not.toContain(secretText)
    // 16 characters (80 bits) is the shortest secret accepted, and the most that may leak.
    expect(comparable(message)).not.toContain(comparable(secretText).slice(0, 16))
  }

  it.each([
    ['a ; for a &', 'otpauth://totp/a?digits=6;secret=JBSWY3DPEHPK3PXP'],
    ['a missing &', 'otpauth://totp/a?period=30secret=JBSWY3DPEHPK3PXP'],
    ['an encoded &', 'otpauth://totp/a?algorithm=SHA1%26secret%3DJBSWY3DPEHPK3PXP'],
    [
      'the secret in the algorithm',
      'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&algorithm=jbswy3dpehpk3pxp',
    ],
    ['part of the secret in digits', 'otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=JBSWY3DP'],
    [
      'a spaced copy in the counter',
      'otpauth://hotp/a?secret=JBSWY3DPEHPK3PXP&counter=jbsw%20y3dp%20ehpk',
    ],
    ['broken encoding after the secret', 'otpauth://totp/a?issuer=x%ZZsecret=JBSWY3DPEHPK3PXP'],
    ['a secret-looking scheme', 'JBSWY3DPEHPK3PXP://totp/a'],
  ])('%s', (_name, uri) => {
    expect(() => parseOtpauthUri(uri)).toThrow(OtpInputError)
    expectNoSecret(uri, 'JBSWY3DPEHPK3PXP')
  })

  it('still quotes a short faulty value that holds no secret', () => {
    expect(parseError(`otpauth://totp/a?secret=JBSWY3DPEHPK3PXP&digits=9`).message).toBe(
      "The link's digits must be 6, 7 or 8 (got '9')",
    )
  })

  const separators = fc.constantFrom(';', ',', ' ', '', '|', '%26', '&amp;', '\n', '&&')
  const faults = fc.constantFrom(
    ['digits', 'six'],
    ['digits', '9'],
    ['period', '0'],
    ['period', '30.5'],
    ['counter', '-1'],
    ['algorithm', 'MD5'],
    ['algorithm', '%ZZ'],
    ['issuer', '%E9'],
    ['type-slot', ''],
  )

  it('for any valid link whose other parameters are mangled around the secret', () => {
    fc.assert(
      fc.property(
        validEntry,
        fc.nat(),
        fc.option(fc.nat()),
        separators,
        faults,
        fc.constantFrom('as-is', 'lower', 'spaced', 'copied'),
        (entry, seed, breakSeed, separator, [faultKey, faultValue], secretForm) => {
          const link = writeOtpauthUri(entry)
          const [head = '', query = ''] = link.split('?')
          const params = new Map(
            query.split('&').map((pair) => {
              const eq = pair.indexOf('=')
              return [pair.slice(0, eq), pair.slice(eq + 1)] as const
            }),
          )
          const secretText = params.get('secret')!
          const shown =
            secretForm === 'lower'
              ? secretText.toLowerCase()
              : secretForm === 'spaced'
                ? secretText.replace(/(.{4})/g, '$1%20')
                : secretText
          params.delete('secret')
          if (faultKey !== 'type-slot') params.set(faultKey!, faultValue!)
          if (secretForm === 'copied') params.set('algorithm', shown)
          const others = [...params].map(([key, value]) => `${key}=${value}`)
          const at = seed % (others.length + 1)
          const ordered = [...others.slice(0, at), `secret=${shown}`, ...others.slice(at)]
          // One separator (if any) is mangled, so a parameter may swallow its neighbour.
          const broken = breakSeed === null ? -1 : 1 + (breakSeed % (ordered.length - 1 || 1))
          const joined = ordered
            .map((p, i) => (i === 0 ? p : `${i === broken ? separator : '&'}${p}`))
            .join('')
          expectNoSecret(`${head}?${joined}`, secretText)
        },
      ),
      { numRuns: 1500 },
    )
  })
})
