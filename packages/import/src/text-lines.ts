import { ImportError } from './importer'

/**
 * Bytes → the non-blank lines of a text file, for the line-based formats (otpauth link lists,
 * Google Authenticator export links). Lines keep their 1-based number in the file, blank ones
 * included, so a message points where an editor does.
 *
 * Decisions: the text must be UTF-8 (a byte-order mark is allowed, as Windows editors write
 * one); LF, CRLF and lone CR all end a line; each line is trimmed.
 */
export type TextLine = { number: number; text: string }

export function readTextLines(bytes: Uint8Array, what: string): TextLine[] {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportError('corrupt-file', `${what} is not UTF-8 text: the file is damaged.`)
  }
  return splitLines(text)
}

/**
 * The first non-blank line, decoded leniently: recognising a format must be cheap and never
 * throw, and a file that is not UTF-8 is refused later by readTextLines.
 */
export function firstTextLine(bytes: Uint8Array): string | undefined {
  // A format's first line is short; decoding only the head keeps recognition cheap on big files.
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64 * 1024))
  return splitLines(head)[0]?.text
}

function splitLines(text: string): TextLine[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line, index) => ({ number: index + 1, text: line.trim() }))
    .filter((line) => line.text !== '')
}
