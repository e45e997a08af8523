import { ImportError } from '@mag/import'
import { OtpInputError } from '@mag/otp/errors'
import { VaultError } from '@mag/vault/errors'

/**
 * How every failure reaches the user: one line on stderr and an exit code, never a stack
 * trace. The packages' errors (VaultError, ImportError, OtpInputError) are written for
 * users and never quote a secret, so their messages are printed as they are.
 */

export const EXIT_OK = 0
/** The command was understood but could not be done: bad input, wrong password, no match. */
export const EXIT_USER = 1
/** The command line itself is wrong: unknown command or flag, missing argument. */
export const EXIT_USAGE = 2

/** A user error the CLI itself raises. */
export class CliError extends Error {
  override readonly name = 'CliError'
}

/** The command line is malformed; the usage text follows the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export type Failure = { exitCode: number; line: string }

export function describeFailure(err: unknown): Failure {
  if (err instanceof UsageError) return { exitCode: EXIT_USAGE, line: oneLine(err.message) }
  if (
    err instanceof CliError ||
    err instanceof VaultError ||
    err instanceof ImportError ||
    err instanceof OtpInputError
  ) {
    return { exitCode: EXIT_USER, line: oneLine(err.message) }
  }
  if (isSystemError(err)) return { exitCode: EXIT_USER, line: describeSystemError(err) }
  // Anything else is a bug; its first line says what, without a stack.
  const message = err instanceof Error ? err.message : String(err)
  return { exitCode: EXIT_USER, line: `Unexpected error: ${oneLine(message)}` }
}

type SystemError = Error & { code: string; path?: string; syscall?: string }

function isSystemError(err: unknown): err is SystemError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string'
}

const SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EEXIST: 'it already exists',
}

function describeSystemError(err: SystemError): string {
  const reason = SYSTEM_REASONS[err.code]
  if (reason && err.path) return `${err.path}: ${reason}.`
  return oneLine(err.message)
}

/** Messages are sentences; a newline would break the one-line promise. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
