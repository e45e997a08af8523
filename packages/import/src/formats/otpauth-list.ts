import { OtpInputError, parseOtpauthUri } from '@mag/otp'
import { accountName, readAccounts, refuse } from '../account-fields'
import {
  ImportError,
  type ImportedEntry,
  type ImporterDefinition,
  type ImportInput,
  type ReadOutcome,
} from '../importer'
import { firstTextLine, readTextLines, type TextLine } from '../text-lines'

/**
 * A plain text list of otpauth:// links, one per line: what Ente Auth exports (and Aegis,
 * 2FAS and others offer as a "plain text" export), or what a user collects by hand.
 *
 * Decisions where the format leaves room:
 * - Blank lines and the whitespace around a link are ignored; any line ending is a line end.
 * - Each link is read by the OTP core's parser (packages/otp otpauth.ts), so a link means the
 *   same here as pasted or clicked. Parameters it does not know, such as Ente's
 *   `codeDisplay`, are ignored.
 * - A line that is not a readable link is a problem, not a file fault; its reason starts with
 *   "Line N:", N counted as an editor does (blank lines included), and is the parser's
 *   message, which never repeats the secret. A line that is not a link at all is named by its
 *   scheme only: it may be a pasted bare secret.
 * - A problem's name is the link's label as far as it can be read, else empty.
 * - otpauth://steam links (Ente writes them for Steam accounts) are a problem: Steam Guard
 *   codes are not standard TOTP.
 * - The file is recognised by its first non-blank line starting with otpauth://; a file with
 *   no non-blank line is 'no-entries'.
 * - The format has no count or checksum: a file cut inside its last link is a problem only
 *   when what is left does not parse (a secret of impossible length, an empty parameter). A cut
 *   that leaves a shorter valid secret, or drops trailing parameters that then take their
 *   defaults, cannot be told from a whole file; the preview lists every account read.
 */

export const otpauthListImporter: ImporterDefinition = {
  id: 'otpauth-list',
  name: 'List of otpauth:// links (one per line, as Ente Auth exports)',

  recognises(input: ImportInput): boolean {
    return /^otpauth:\/\//i.test(firstTextLine(input.bytes) ?? '')
  },

  async read(input: ImportInput): Promise<ReadOutcome> {
    const lines = readTextLines(input.bytes, 'This list of otpauth links')
    if (lines.length === 0) {
      throw new ImportError('no-entries', 'This list of otpauth links holds no link.')
    }
    const read = readAccounts(lines, readLine, nameOf)
    return { kind: 'preview', preview: { format: 'otpauth-list', ...read } }
  },
}

function readLine(line: TextLine): ImportedEntry {
  if (/^otpauth:\/\/steam\//i.test(line.text)) {
    refuse(
      `Line ${line.number}: Steam Guard codes are not supported: this app makes TOTP and HOTP codes only`,
    )
  }
  try {
    const { type, issuer, label, secret, algorithm, digits, period, counter } = parseOtpauthUri(
      line.text,
    )
    return { type, issuer, label, secret, algorithm, digits, period, counter }
  } catch (error) {
    if (error instanceof OtpInputError) refuse(`Line ${line.number}: ${error.message}`)
    throw error
  }
}

/** The label of what looks like a link, split as the Key URI Format does; never the query. */
function nameOf(line: TextLine): string {
  const rawLabel = /^otpauth:\/\/[^/?#]*\/([^?#]*)/i.exec(line.text)?.[1]
  if (rawLabel === undefined) return ''
  let label: string
  try {
    label = decodeURIComponent(rawLabel)
  } catch {
    label = rawLabel
  }
  const colon = label.indexOf(':')
  return colon === -1
    ? accountName('', label)
    : accountName(label.slice(0, colon), label.slice(colon + 1))
}
