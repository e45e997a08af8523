import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './errors'

/** Accepted by every command, before or after the command name. */
export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

/**
 * node:util parseArgs, strict, with its TypeErrors (unknown option, missing value) turned
 * into UsageErrors, whose text is parseArgs' own.
 */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  args: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>
> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true })
  } catch (err) {
    if (err instanceof TypeError) throw new UsageError(err.message)
    throw err
  }
}

/** Exactly `count` positionals, named in the message when one is missing or extra. */
export function requirePositionals(positionals: string[], names: readonly string[]): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(
      `Missing ${names
        .slice(positionals.length)
        .map((n) => `<${n}>`)
        .join(' ')}.`,
    )
  }
  if (positionals.length > names.length) {
    throw new UsageError(`Unexpected argument "${positionals[names.length]}".`)
  }
  return positionals
}
