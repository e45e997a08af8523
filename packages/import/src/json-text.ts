import { z } from 'zod'
import { ImportError } from './importer'

/**
 * Bytes → JSON value for the JSON-based formats. A file that is not UTF-8 or not JSON (most
 * often one cut short by a copy) is a corrupt file; a byte-order mark is allowed, as editors on
 * Windows write one.
 */
export function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new ImportError('corrupt-file', `${what} is not UTF-8 text: the file is damaged.`)
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw new ImportError(
      'corrupt-file',
      `${what} is not valid JSON: the file is damaged or cut short.`,
    )
  }
}

/** The first byte that is not JSON whitespace, to tell JSON text from binary cheaply. */
export function firstJsonByte(bytes: Uint8Array): number | undefined {
  let i = 0
  // Skip a UTF-8 byte-order mark.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3
  for (; i < bytes.length; i++) {
    const byte = bytes[i]
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte
  }
  return undefined
}

/**
 * One line naming what is wrong with a value zod refused: its path and zod's message. Zod's
 * messages name the expected type or options, never the value, so no secret is echoed.
 */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'it is malformed'
  const path = issue.path.map(String).join('.')
  return path === '' ? issue.message : `${path}: ${issue.message}`
}
