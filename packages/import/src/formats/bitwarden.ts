import { encodeBase32, OtpInputError, parseOtpauthUri } from '@mag/otp'
import { z } from 'zod'
import { accountName, readAccounts, refuse, toImportedEntry } from '../account-fields'
import {
  ImportError,
  type ImportedEntry,
  type ImporterDefinition,
  type ImportInput,
  type ReadOutcome,
} from '../importer'
import { describeZodError, firstJsonByte, parseJsonBytes } from '../json-text'

/**
 * Bitwarden's JSON export (Bitwarden help: "Export vault data", "Condition a Bitwarden .json"):
 *
 *   { "encrypted": false,
 *     "folders": [{ "id", "name" }],  "collections": [{ "id", "name" }]   (organisation)
 *     "items": [{ "type": 1, "name", "folderId", "collectionIds",
 *                 "login": { "username", "password", "uris", "totp" } }] }
 *
 * `login.totp` (the "Authenticator key") holds an otpauth:// link, a bare base32 secret, or
 * a steam:// secret.
 *
 * Decisions where the format leaves room:
 * - Only the authenticator keys are read: items without one (passwords, cards, notes) are
 *   neither entries nor problems. A problem's index is its place among the items that have
 *   one, so "entry 7" counts accounts, not passwords.
 * - An otpauth:// link is read by the OTP core's parser, its refusal becomes the problem's
 *   reason; without an issuer in the link, the item's name is the issuer.
 * - A bare secret is TOTP, SHA1, 6 digits, 30 s (what Bitwarden generates from it); the issuer
 *   is the item's name, the account is login.username, else the item's name.
 * - steam:// is a problem: Steam Guard codes are not standard TOTP. Any other scheme is a
 *   problem naming only the scheme, never the value.
 * - Encrypted exports (`"encrypted": true`, account-restricted or password-protected) are
 *   'unknown-format' with the remedy: Bitwarden's key derivation and cipher strings are its
 *   own, and export unencrypted is one step in Bitwarden. They are still recognised, so the
 *   user gets that message rather than "not a format the app reads".
 * - The group is the item's folder name, else its first named collection.
 * - The export has no version field, so there is no 'unsupported-version'. No item with an
 *   authenticator key is 'no-entries'.
 */

const MAX_FILE_BYTES = 64 * 1024 * 1024

const fileSchema = z.object({
  encrypted: z.boolean().nullish(),
  items: z.array(z.unknown()),
  folders: z.array(z.unknown()).nullish(),
  collections: z.array(z.unknown()).nullish(),
})
const namedSchema = z.object({ id: z.string(), name: z.string() })
const itemSchema = z.object({
  name: z.string().nullish(),
  folderId: z.string().nullish(),
  collectionIds: z.array(z.string()).nullish(),
  login: z.object({ username: z.string().nullish(), totp: z.string().nullish() }).nullish(),
})
type Item = z.infer<typeof itemSchema>

export const bitwardenImporter: ImporterDefinition = {
  id: 'bitwarden',
  name: 'Bitwarden (JSON export, authenticator keys)',

  recognises(input: ImportInput): boolean {
    if (input.bytes.length > MAX_FILE_BYTES || firstJsonByte(input.bytes) !== 0x7b) return false
    let value: unknown
    try {
      value = JSON.parse(new TextDecoder().decode(input.bytes))
    } catch {
      return false
    }
    if (typeof value !== 'object' || value === null) return false
    const file = value as Record<string, unknown>
    if (file['encrypted'] === true) {
      return 'encKeyValidation_DO_NOT_EDIT' in file || file['passwordProtected'] === true
    }
    return (
      Array.isArray(file['items']) &&
      (typeof file['encrypted'] === 'boolean' ||
        Array.isArray(file['folders']) ||
        Array.isArray(file['collections']))
    )
  },

  async read(input: ImportInput): Promise<ReadOutcome> {
    if (input.bytes.length > MAX_FILE_BYTES) corrupt('it is far larger than any Bitwarden export')
    const value = parseJsonBytes(input.bytes, 'This Bitwarden export')
    if (typeof value === 'object' && value !== null && 'encrypted' in value) {
      if (value.encrypted === true) {
        throw new ImportError(
          'unknown-format',
          'This is an encrypted Bitwarden export, which the app cannot read. In Bitwarden, export the vault again with the file format ".json" (not ".json (Encrypted)"), import that file here, then delete it.',
        )
      }
    }
    const file = fileSchema.safeParse(value)
    if (!file.success) corrupt(`it is not a vault export (${describeZodError(file.error)})`)

    const groupNames = new Map<string, string>()
    for (const named of [...(file.data.folders ?? []), ...(file.data.collections ?? [])]) {
      const parsed = namedSchema.safeParse(named)
      if (parsed.success && !groupNames.has(parsed.data.id)) {
        groupNames.set(parsed.data.id, parsed.data.name)
      }
    }

    const accounts = file.data.items.filter(hasAuthenticatorKey)
    if (accounts.length === 0) {
      throw new ImportError(
        'no-entries',
        'This Bitwarden export holds no item with an authenticator key (TOTP).',
      )
    }
    const read = readAccounts(accounts, (item) => readItem(item, groupNames), nameOf)
    return { kind: 'preview', preview: { format: 'bitwarden', ...read } }
  },
}

/** An item that has a non-blank login.totp, or that is too malformed to tell. */
function hasAuthenticatorKey(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return true
  const login = (raw as Record<string, unknown>)['login']
  if (login === undefined || login === null) return false
  if (typeof login !== 'object') return true
  const totp = (login as Record<string, unknown>)['totp']
  if (totp === undefined || totp === null) return false
  return typeof totp !== 'string' || totp.trim() !== ''
}

function readItem(raw: unknown, groupNames: Map<string, string>): ImportedEntry {
  const parsed = itemSchema.safeParse(raw)
  if (!parsed.success) refuse(`The item is malformed (${describeZodError(parsed.error)})`)
  const item = parsed.data
  const totp = item.login?.totp?.trim() ?? ''
  const itemName = item.name?.trim() ?? ''
  const group = groupOf(item, groupNames)

  const scheme = /^([a-z][a-z0-9+.-]{0,30}):/i.exec(totp)?.[1]?.toLowerCase()
  if (scheme === 'otpauth') {
    const link = parseLink(totp)
    return toImportedEntry({
      ...link,
      issuer: link.issuer !== '' ? link.issuer : itemName,
      name: link.label,
      secret: encodeBase32(link.secret),
      group,
    })
  }
  if (scheme === 'steam') {
    refuse('Steam Guard codes are not supported: this app makes TOTP and HOTP codes only')
  }
  if (scheme !== undefined && totp.slice(scheme.length + 1).startsWith('//')) {
    refuse(`The authenticator key is a ${scheme}:// link, which the app does not know`)
  }
  return toImportedEntry({
    type: 'totp',
    issuer: itemName,
    name: item.login?.username?.trim() || itemName,
    secret: totp,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
    group,
  })
}

function parseLink(link: string): ReturnType<typeof parseOtpauthUri> {
  try {
    return parseOtpauthUri(link)
  } catch (error) {
    if (error instanceof OtpInputError) refuse(error.message)
    throw error
  }
}

function groupOf(item: Item, groupNames: Map<string, string>): string | undefined {
  if (item.folderId) {
    const folder = groupNames.get(item.folderId)
    if (folder !== undefined) return folder
  }
  return item.collectionIds?.map((id) => groupNames.get(id)).find((name) => name !== undefined)
}

function nameOf(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return ''
  const item = raw as Record<string, unknown>
  const login = item['login']
  const username =
    typeof login === 'object' && login !== null
      ? (login as Record<string, unknown>)['username']
      : undefined
  return accountName(item['name'], username)
}

function corrupt(why: string): never {
  throw new ImportError('corrupt-file', `This Bitwarden export cannot be read: ${why}.`)
}
