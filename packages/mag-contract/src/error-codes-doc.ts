import { magErrorCodes, magErrors } from './error-codes'

/**
 * The error-code table of the service's API.md, written from the enum so the documentation
 * cannot list a code the service does not answer, or miss one (a test compares them).
 */
export function errorCodesTable(): string {
  const rows = magErrorCodes.map(
    (code) => `| \`${code}\` | ${magErrors[code].status} | ${magErrors[code].meaning} |`,
  )
  return ['| code | status | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n'
}
