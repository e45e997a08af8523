import { create, createFileRegistry, fromBinary, type DescMessage } from '@bufbuild/protobuf'
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt'
import { encodeBase32 } from '@mag/otp'
import type { OtpType } from '@mag/otp/parameters'
import { z } from 'zod'
import { accountName, readAccounts, refuse, toImportedEntry } from '../account-fields'
import { decodeBase64Text } from '../base64-text'
import {
  ImportError,
  type ImportedEntry,
  type ImporterDefinition,
  type ImportInput,
  type ReadOutcome,
} from '../importer'
import { describeZodError } from '../json-text'
import { firstTextLine, readTextLines, type TextLine } from '../text-lines'

/**
 * Google Authenticator's "Transfer accounts" export: one QR code per batch, each the link
 *
 *   otpauth-migration://offline?data=<percent-encoded base64 of a MigrationPayload>
 *
 * where MigrationPayload is the protobuf message published with Aegis and other importers
 * (google_auth.proto):
 *
 *   MigrationPayload { repeated OtpParameters otp_parameters = 1; int32 version = 2;
 *                      int32 batch_size = 3; int32 batch_index = 4; int32 batch_id = 5; }
 *   OtpParameters    { bytes secret = 1; string name = 2; string issuer = 3;
 *                      Algorithm algorithm = 4; DigitCount digits = 5; OtpType type = 6;
 *                      int64 counter = 7; }
 *   Algorithm  { UNSPECIFIED = 0; SHA1 = 1; SHA256 = 2; SHA512 = 3; MD5 = 4; }
 *   DigitCount { UNSPECIFIED = 0; SIX = 1; EIGHT = 2; }
 *   OtpType    { UNSPECIFIED = 0; HOTP = 1; TOTP = 2; }
 *
 * The input is text: the links one per line, as a QR scanner or a paste gives them. A line
 * may carry a short tag before the link, such as zbarimg's "QR-Code:".
 *
 * Decisions where the format leaves room:
 * - Every non-blank line must hold one link; a line that does not is 'corrupt-file' naming
 *   the line, because a garbled line may be the one batch that holds the accounts.
 * - Batches: links are grouped by batch_id; each group must hold every batch_index from 0 to
 *   batch_size − 1. A missing batch is 'corrupt-file', not a problem: a problem is one account
 *   the preview can name, while a missing batch holds accounts nobody can name or count, and
 *   importing the rest would let the user believe the move was complete and wipe the phone.
 *   The fix is simple and said in the message: scan every QR code of the export. The same
 *   batch twice (a QR code scanned twice) is read once; two different batches claiming the
 *   same place are 'corrupt-file'. Several exports (different batch_ids) in one file are all
 *   read, in the order they appear.
 * - version and batch_size must be present (Google writes version 1 and batch_size ≥ 1). They
 *   follow the accounts on the wire, so a payload cut short exactly between two accounts still
 *   decodes, and only their absence shows it: such a payload is 'corrupt-file', never read as
 *   fewer accounts. The cost: hand-made payloads without these fields (such as the example in
 *   dim13/otpauth's README, which other decoders accept) are refused too. A version above 1 is 'unsupported-version': its fields may mean something
 *   else.
 * - Per account: algorithm UNSPECIFIED means SHA1 (Google's default); MD5 or an unknown value
 *   is a problem. digits UNSPECIFIED means 6 (Google's default); an unknown value is a
 *   problem. type UNSPECIFIED or unknown is a problem: guessing TOTP for an HOTP account
 *   would give wrong codes silently. The payload has no period: 30 s. An HOTP counter beyond
 *   2^53 is a problem. The secret is raw bytes and goes through the OTP core's secret policy
 *   like every other secret (at least 80 bits, at most 640 bytes).
 * - Names: `name` carries the link's label. With an issuer, a leading "<issuer>:" is removed;
 *   without one, the name is split at its first colon into issuer and account, as the Key URI
 *   Format says.
 * - No account in any batch is 'no-entries'.
 */

const ALGORITHM = { UNSPECIFIED: 0, SHA1: 1, SHA256: 2, SHA512: 3, MD5: 4 } as const
const DIGIT_COUNT = { UNSPECIFIED: 0, SIX: 1, EIGHT: 2 } as const
const OTP_TYPE = { UNSPECIFIED: 0, HOTP: 1, TOTP: 2 } as const
/** The MigrationPayload version Google Authenticator writes. */
export const MIGRATION_PAYLOAD_VERSION = 1

/** google_auth.proto as a descriptor, so the library does the wire decoding. */
const migrationPayload: DescMessage = (() => {
  const enumOf = (name: string, values: Record<string, number>) => ({
    name,
    value: Object.entries(values).map(([key, number]) => ({ name: `${name}_${key}`, number })),
  })
  const field = (name: string, number: number, type: Type, extra: object = {}) => ({
    name,
    number,
    type,
    label: Label.OPTIONAL,
    ...extra,
  })
  const file = create(FileDescriptorProtoSchema, {
    name: 'google_auth.proto',
    syntax: 'proto3',
    messageType: [
      {
        name: 'MigrationPayload',
        field: [
          field('otp_parameters', 1, Type.MESSAGE, {
            label: Label.REPEATED,
            typeName: '.MigrationPayload.OtpParameters',
          }),
          field('version', 2, Type.INT32),
          field('batch_size', 3, Type.INT32),
          field('batch_index', 4, Type.INT32),
          field('batch_id', 5, Type.INT32),
        ],
        enumType: [
          enumOf('ALGORITHM', ALGORITHM),
          enumOf('DIGIT_COUNT', DIGIT_COUNT),
          enumOf('OTP_TYPE', OTP_TYPE),
        ],
        nestedType: [
          {
            name: 'OtpParameters',
            field: [
              field('secret', 1, Type.BYTES),
              field('name', 2, Type.STRING),
              field('issuer', 3, Type.STRING),
              field('algorithm', 4, Type.ENUM, { typeName: '.MigrationPayload.ALGORITHM' }),
              field('digits', 5, Type.ENUM, { typeName: '.MigrationPayload.DIGIT_COUNT' }),
              field('type', 6, Type.ENUM, { typeName: '.MigrationPayload.OTP_TYPE' }),
              field('counter', 7, Type.INT64),
            ],
          },
        ],
      },
    ],
  })
  const message = createFileRegistry(file, () => undefined).getMessage('MigrationPayload')
  if (!message) throw new Error('google_auth.proto descriptor has no MigrationPayload')
  return message
})()

/** What the library decodes, checked: the decoder's output is typed only as a Message. */
const payloadSchema = z.object({
  otpParameters: z.array(
    z.object({
      secret: z.instanceof(Uint8Array),
      name: z.string(),
      issuer: z.string(),
      // proto3 enums are open: an unknown number arrives as itself.
      algorithm: z.number().int(),
      digits: z.number().int(),
      type: z.number().int(),
      counter: z.bigint(),
    }),
  ),
  version: z.number().int(),
  batchSize: z.number().int(),
  batchIndex: z.number().int(),
  batchId: z.number().int(),
})
type Payload = z.infer<typeof payloadSchema>
type OtpParameters = Payload['otpParameters'][number]

/** An optional short tag (zbarimg's "QR-Code:"), then the link and nothing else. */
const LINE_PATTERN = /^(?:[A-Za-z][A-Za-z-]{0,19}:)?(otpauth-migration:\/\/\S*)$/i
const LINK_PATTERN = /^otpauth-migration:\/\/([^/?#]*)\/?\?([^#]*)(?:#.*)?$/i

export const googleAuthenticatorImporter: ImporterDefinition = {
  id: 'google-authenticator',
  name: 'Google Authenticator (otpauth-migration:// export links)',

  recognises(input: ImportInput): boolean {
    const first = firstTextLine(input.bytes)
    return first !== undefined && LINE_PATTERN.test(first)
  },

  async read(input: ImportInput): Promise<ReadOutcome> {
    const lines = readTextLines(input.bytes, 'This Google Authenticator export')
    if (lines.length === 0) {
      throw new ImportError('no-entries', 'This Google Authenticator export holds no link.')
    }
    const payloads = lines.map(readPayloadLine)
    const accounts = completeBatches(payloads).flatMap((payload) => payload.otpParameters)
    if (accounts.length === 0) {
      throw new ImportError('no-entries', 'This Google Authenticator export holds no accounts.')
    }
    const read = readAccounts(accounts, readAccount, (account) =>
      accountName(...splitName(account)),
    )
    return { kind: 'preview', preview: { format: 'google-authenticator', ...read } }
  },
}

function readPayloadLine(line: TextLine): Payload {
  const link = LINE_PATTERN.exec(line.text)?.[1]
  if (link === undefined) corrupt(line, 'it is not an otpauth-migration:// link')
  const parts = LINK_PATTERN.exec(link)
  if (!parts) corrupt(line, 'its link has no query (?data=...)')
  const [, host = '', query = ''] = parts
  if (host.toLowerCase() !== 'offline') {
    corrupt(line, 'its link is not otpauth-migration://offline, the only kind Google writes')
  }
  const data = query
    .split('&')
    .filter((pair) => pair.toLowerCase().startsWith('data='))
    .map((pair) => pair.slice('data='.length))
  if (data.length !== 1) corrupt(line, "its link must have exactly one 'data' parameter")

  let base64: string
  try {
    // Not URLSearchParams: it reads '+' as a space, and base64 '+' is often left unescaped.
    base64 = decodeURIComponent(data[0] ?? '')
  } catch {
    corrupt(line, "its link's data has broken percent-encoding")
  }
  const bytes = decodeBase64Text(base64)
  if (!bytes || bytes.length === 0) corrupt(line, "its link's data is not base64 (cut short?)")

  let decoded: unknown
  try {
    decoded = fromBinary(migrationPayload, bytes, { readUnknownFields: false })
  } catch {
    corrupt(line, "its link's data is not a Google Authenticator export (cut short?)")
  }
  const payload = payloadSchema.safeParse(decoded)
  if (!payload.success)
    corrupt(line, `its payload is malformed (${describeZodError(payload.error)})`)

  const { version, batchSize, batchIndex } = payload.data
  if (version > MIGRATION_PAYLOAD_VERSION) {
    throw new ImportError(
      'unsupported-version',
      `Line ${line.number} of this Google Authenticator export is version ${version}, newer than the app reads (${MIGRATION_PAYLOAD_VERSION}). Update the app.`,
    )
  }
  if (version < 1 || batchSize < 1) {
    corrupt(
      line,
      'its payload has no version or part count, so it was cut short or not written by Google Authenticator',
    )
  }
  if (batchIndex < 0 || batchIndex >= batchSize) {
    corrupt(line, `its part number ${batchIndex + 1} of ${batchSize} does not exist`)
  }
  return payload.data
}

/** The payloads in reading order, once each, after checking every batch is there. */
function completeBatches(payloads: Payload[]): Payload[] {
  const exports = new Map<number, { size: number; parts: Map<number, Payload> }>()
  const order: number[] = []
  for (const payload of payloads) {
    let found = exports.get(payload.batchId)
    if (!found) {
      found = { size: payload.batchSize, parts: new Map() }
      exports.set(payload.batchId, found)
      order.push(payload.batchId)
    }
    if (found.size !== payload.batchSize) {
      throw new ImportError(
        'corrupt-file',
        `This Google Authenticator export cannot be read: its QR codes disagree on how many there are (${found.size} and ${payload.batchSize}).`,
      )
    }
    const twin = found.parts.get(payload.batchIndex)
    if (twin && !samePayload(twin, payload)) {
      throw new ImportError(
        'corrupt-file',
        `This Google Authenticator export cannot be read: two different QR codes both say they are part ${payload.batchIndex + 1} of ${payload.batchSize}.`,
      )
    }
    found.parts.set(payload.batchIndex, payload)
  }

  for (const { size, parts } of exports.values()) {
    const missing: number[] = []
    for (let index = 0; index < size && missing.length <= 10; index++) {
      if (!parts.has(index)) missing.push(index + 1)
    }
    if (missing.length > 0) {
      const which =
        missing.length > 10 ? `${missing.slice(0, 10).join(', ')}, …` : missing.join(', ')
      throw new ImportError(
        'corrupt-file',
        `This Google Authenticator export came as ${size} QR codes, and ${missing.length === 1 ? `part ${which} is` : `parts ${which} are`} missing. Scan every QR code Google Authenticator shows for the export, then import them together; nothing was imported.`,
      )
    }
  }

  return order.flatMap((batchId) => {
    const parts = exports.get(batchId)?.parts
    return parts ? [...parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part) : []
  })
}

function samePayload(a: Payload, b: Payload): boolean {
  if (a.otpParameters.length !== b.otpParameters.length) return false
  return a.otpParameters.every((one, i) => {
    const other = b.otpParameters[i]
    return (
      other !== undefined &&
      Buffer.from(one.secret).equals(Buffer.from(other.secret)) &&
      one.name === other.name &&
      one.issuer === other.issuer &&
      one.algorithm === other.algorithm &&
      one.digits === other.digits &&
      one.type === other.type &&
      one.counter === other.counter
    )
  })
}

function readAccount(account: OtpParameters): ImportedEntry {
  const [issuer, name] = splitName(account)
  const type = otpType(account.type)
  if (type === 'hotp' && account.counter > BigInt(Number.MAX_SAFE_INTEGER)) {
    refuse(`Counter must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}`)
  }
  return toImportedEntry({
    type,
    issuer,
    name,
    // The same policy as every secret: raw bytes go through it as base32 text.
    secret: encodeBase32(account.secret),
    algorithm: algorithmName(account.algorithm),
    digits: digitCount(account.digits),
    period: 30,
    counter: type === 'hotp' ? Number(account.counter) : 0,
  })
}

function otpType(value: number): OtpType {
  switch (value) {
    case OTP_TYPE.TOTP:
      return 'totp'
    case OTP_TYPE.HOTP:
      return 'hotp'
    case OTP_TYPE.UNSPECIFIED:
      return refuse('The account does not say whether it is TOTP or HOTP')
    default:
      return refuse(`The account's OTP type (${value}) is not one the app knows`)
  }
}

function algorithmName(value: number): string {
  switch (value) {
    case ALGORITHM.UNSPECIFIED:
    case ALGORITHM.SHA1:
      return 'SHA1'
    case ALGORITHM.SHA256:
      return 'SHA256'
    case ALGORITHM.SHA512:
      return 'SHA512'
    case ALGORITHM.MD5:
      return refuse('The account uses MD5, which the app does not support (SHA1, SHA256, SHA512)')
    default:
      return refuse(`The account's algorithm (${value}) is not one the app knows`)
  }
}

function digitCount(value: number): number {
  switch (value) {
    case DIGIT_COUNT.UNSPECIFIED:
    case DIGIT_COUNT.SIX:
      return 6
    case DIGIT_COUNT.EIGHT:
      return 8
    default:
      return refuse(`The account's digit count (${value}) is not one the app knows`)
  }
}

/** [issuer, account name] from the issuer field and the name, which carries the link's label. */
function splitName({ issuer, name }: { issuer: string; name: string }): [string, string] {
  const wanted = issuer.trim()
  if (wanted !== '') {
    return [wanted, name.startsWith(`${wanted}:`) ? name.slice(wanted.length + 1) : name]
  }
  const colon = name.indexOf(':')
  return colon === -1 ? ['', name] : [name.slice(0, colon), name.slice(colon + 1)]
}

function corrupt(line: TextLine, why: string): never {
  throw new ImportError(
    'corrupt-file',
    `Line ${line.number} of this Google Authenticator export cannot be read: ${why}.`,
  )
}
