import type { OtpauthEntry } from '@mag/otp/parameters'

/**
 * What every importer reads a file into, and the one interface each format implements, in
 * the spirit of Aegis's DatabaseImporter: a definition per format (one file each, listed once
 * in registry.ts), which says whether it recognises a file and reads it into accounts.
 *
 * Decisions shared by every format:
 * - Reading never touches the vault: it yields a preview (entries, and per-entry problems
 *   for the ones it cannot read, with why). Adding is a separate, all-or-nothing step.
 * - A file-level fault (wrong password, truncated or corrupt file, a version of the format
 *   newer than we know) is an ImportError with a specific code and message; nothing is
 *   returned. An entry-level fault (one account with a bad secret, an unsupported type such
 *   as Steam or Yandex) is an EntryProblem; the other entries are still read.
 * - No message, problem or error ever contains a secret or a password.
 */

/**
 * An account as read from a file, ready for the vault's add-many use case: what an otpauth
 * link holds (one definition, @mag/otp's), plus the group some formats carry.
 */
export type ImportedEntry = OtpauthEntry & { group?: string }

/** One account the file holds but that cannot be imported, and why (never its secret). */
export type EntryProblem = {
  /** 0-based position in the file, so the preview can say "entry 7". */
  index: number
  /** Issuer and account name as far as the file gives them, for the preview. */
  name: string
  reason: string
}

export type ImportPreview = {
  format: FormatId
  entries: ImportedEntry[]
  problems: EntryProblem[]
}

/** A file as the importer receives it: its bytes, and its name when there is one. */
export type ImportInput = {
  bytes: Uint8Array
  fileName?: string
}

export type ReadOutcome = { kind: 'needs-password' } | { kind: 'preview'; preview: ImportPreview }

export const formatIds = [
  'google-authenticator',
  'aegis',
  '2fas',
  'andotp',
  'bitwarden',
  'otpauth-list',
] as const
export type FormatId = (typeof formatIds)[number]

export interface ImporterDefinition {
  id: FormatId
  /** For people: "Aegis (plain or encrypted vault JSON)". */
  name: string
  /**
   * Cheap and certain: true only when the bytes are this format (its magic fields or
   * prefix), so detection never guesses between two formats.
   */
  recognises(input: ImportInput): boolean
  /**
   * Reads the file. Returns needs-password when the file is encrypted and no password was
   * given; throws ImportError on a file-level fault.
   */
  read(input: ImportInput, password?: string): Promise<ReadOutcome>
}

export const importErrorCodes = [
  'unknown-format',
  'wrong-password',
  'corrupt-file',
  'unsupported-version',
  'no-entries',
] as const
export type ImportErrorCode = (typeof importErrorCodes)[number]

export class ImportError extends Error {
  readonly code: ImportErrorCode
  constructor(code: ImportErrorCode, message: string) {
    super(message)
    this.name = 'ImportError'
    this.code = code
  }
}
