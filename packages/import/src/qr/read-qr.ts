import { OtpInputError, parseOtpauthUri } from '@mag/otp'
import { accountName } from '../account-fields'
import { googleAuthenticatorImporter } from '../formats/google-authenticator'
import {
  ImportError,
  type EntryProblem,
  type FormatId,
  type ImportedEntry,
  type ImportPreview,
} from '../importer'
import { decodeQrFromImageFile, decodeQrFromPixels } from './decoder'
import type { PixelImage } from './pixels'

/**
 * QR codes to an import preview, through the readers every other way in uses: an
 * otpauth:// code goes through the OTP core's parser (as a pasted or clicked link), an
 * otpauth-migration:// code through the Google Authenticator importer.
 *
 * Decisions:
 * - All the codes of one call are one input: Google Authenticator shows a large export as
 *   several QR codes, and the user may capture them in one screenshot or in several images.
 *   The migration links are joined, one per line, into one export for its importer, which
 *   checks that every part is there and reads a part captured twice once.
 * - A problem's index is the account's position in the preview's order: the codes in
 *   reading order, with the whole Google Authenticator export's accounts in place of its
 *   first code. Its name is the account's name when the code gives one, else "QR code N"
 *   (N counted over all the codes of the call, from 1), so the user can find it.
 * - A code that is neither kind (a web link, a Wi-Fi code, a bare secret) is a problem,
 *   never quoted: it may be a secret in another form.
 * - The Google importer's messages speak of lines, as for a pasted file; here they name
 *   the QR code instead.
 * - No code at all is 'no-entries'. Codes found but no account read is a preview with
 *   problems only, so the user sees why each code was refused.
 * - The preview may mix formats; `formats` lists those present (otpauth-list for
 *   otpauth:// codes).
 */

export type QrImportPreview = Omit<ImportPreview, 'format'> & {
  formats: FormatId[]
  /** How many different QR codes were found. */
  codeCount: number
}

const NOT_AN_AUTHENTICATOR_CODE = 'This QR code is not an authenticator code.'
const OTPAUTH = /^otpauth:\/\//i
const MIGRATION = /^otpauth-migration:/i

/** Reads a PNG or JPEG image's QR codes into a preview. */
export async function readQrImage(bytes: Uint8Array): Promise<QrImportPreview> {
  return readQrTexts(await decodeQrFromImageFile(bytes))
}

/** Several images' codes as one input, e.g. one screenshot per part of an export. */
export async function readQrImages(images: readonly Uint8Array[]): Promise<QrImportPreview> {
  const texts: string[] = []
  for (const [i, bytes] of images.entries()) {
    try {
      texts.push(...(await decodeQrFromImageFile(bytes)))
    } catch (error) {
      if (!(error instanceof ImportError) || images.length === 1) throw error
      throw new ImportError(error.code, `Image ${i + 1} of ${images.length}: ${error.message}`)
    }
  }
  if (texts.length === 0 && images.length > 1) {
    throw new ImportError('no-entries', 'No QR code was found in these images.')
  }
  return readQrTexts([...new Set(texts)])
}

/** Reads pixels (a clipboard image, a screen capture) into a preview. */
export async function readQrPixels(image: PixelImage): Promise<QrImportPreview> {
  return readQrTexts(await decodeQrFromPixels(image))
}

/** The texts of QR codes, in reading order, into a preview. */
export async function readQrTexts(texts: readonly string[]): Promise<QrImportPreview> {
  if (texts.length === 0) {
    throw new ImportError('no-entries', 'No QR code was found in this image.')
  }
  const codes = texts.map((text) => text.trim())
  const migrationCodes = codes.flatMap((text, i) => (MIGRATION.test(text) ? [i] : []))
  const migration = migrationCodes.length > 0 ? await readMigration(codes, migrationCodes) : null

  const entries: ImportedEntry[] = []
  const problems: EntryProblem[] = []
  const formats = new Set<FormatId>()
  const add = (one: Account) => {
    const index = entries.length + problems.length
    if ('entry' in one) entries.push(one.entry)
    else problems.push({ index, ...one.problem })
  }

  codes.forEach((text, i) => {
    const code = `QR code ${i + 1}`
    if (MIGRATION.test(text)) {
      if (i !== migrationCodes[0] || !migration) return
      formats.add('google-authenticator')
      for (const one of migration) add(one)
      return
    }
    if (!OTPAUTH.test(text)) {
      add({ problem: { name: code, reason: NOT_AN_AUTHENTICATOR_CODE } })
      return
    }
    formats.add('otpauth-list')
    try {
      const { type, issuer, label, secret, algorithm, digits, period, counter } =
        parseOtpauthUri(text)
      add({ entry: { type, issuer, label, secret, algorithm, digits, period, counter } })
    } catch (error) {
      if (!(error instanceof OtpInputError)) throw error
      add({ problem: { name: labelOf(text) || code, reason: error.message } })
    }
  })

  return { formats: [...formats], entries, problems, codeCount: codes.length }
}

type Account = { entry: ImportedEntry } | { problem: Omit<EntryProblem, 'index'> }

/** The migration codes as one export: its accounts in the export's order. */
async function readMigration(
  codes: readonly string[],
  migrationCodes: readonly number[],
): Promise<Account[]> {
  // A line break inside a code would shift the importer's line numbers off the codes; as a
  // space it stays on its line, which then fails as the broken link it is.
  const lines = migrationCodes.map((i) => (codes[i] ?? '').replace(/[\r\n]+/g, ' '))
  const bytes = new TextEncoder().encode(lines.join('\n'))
  try {
    const outcome = await googleAuthenticatorImporter.read({ bytes })
    if (outcome.kind !== 'preview') {
      throw new ImportError('corrupt-file', 'This Google Authenticator export cannot be read.')
    }
    return accountsInOrder(outcome.preview)
  } catch (error) {
    if (!(error instanceof ImportError)) throw error
    const message = error.message.replace(
      /^Line (\d+) of this Google Authenticator export/,
      (_, line: string) => {
        const code = migrationCodes[Number(line) - 1]
        return code === undefined
          ? 'A QR code of this Google Authenticator export'
          : `QR code ${code + 1} (part of a Google Authenticator export)`
      },
    )
    throw new ImportError(error.code, message)
  }
}

/**
 * The importer's entries carry no position; a problem's index is its account's position
 * among all the export's accounts, so the entries fill, in order, the positions the
 * problems leave.
 */
function accountsInOrder({ entries, problems }: ImportPreview): Account[] {
  const problemAt = new Map(problems.map((problem) => [problem.index, problem]))
  const accounts: Account[] = []
  let next = 0
  for (let at = 0; at < entries.length + problems.length; at++) {
    const problem = problemAt.get(at)
    const entry = problem ? undefined : entries[next++]
    if (problem) accounts.push({ problem: { name: problem.name, reason: problem.reason } })
    else if (entry) accounts.push({ entry })
  }
  return accounts
}

/** The link's label as its account name, as far as it can be read; never the query. */
function labelOf(link: string): string {
  const raw = /^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(link)?.[1]
  if (raw === undefined) return ''
  let label: string
  try {
    label = decodeURIComponent(raw)
  } catch {
    label = raw
  }
  const colon = label.indexOf(':')
  return colon === -1
    ? accountName('', label)
    : accountName(label.slice(0, colon), label.slice(colon + 1))
}
