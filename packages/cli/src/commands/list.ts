import { COMMON_OPTIONS, parseCommandArgs, requirePositionals } from '../args'
import type { CliIo } from '../io'
import { describeProblem, openVault, vaultContext } from '../open-vault'

/**
 * `mag-auth list [--json]`: issuer, label and type of every account, in the app's order.
 * Metadata is not secret and needs no keychain, so a missing or locked keychain still lists
 * (as the app still shows its list), with the problem on stderr.
 */
export async function listCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    json: { type: 'boolean' },
  })
  requirePositionals(positionals, [])
  const opened = await openVault(vaultContext(io, values['data-dir']), { create: false })
  const entries = opened ? opened.vault.list() : []
  const problem = opened ? describeProblem(opened.status) : null
  if (problem) io.stderr(`mag-auth: codes are unavailable: ${problem}\n`)

  const rows = entries.map((entry) => ({
    issuer: entry.issuer,
    label: entry.label,
    type: entry.type,
    ...(entry.group ? { group: entry.group } : {}),
  }))
  if (values.json) {
    io.stdout(`${JSON.stringify(rows, null, 2)}\n`)
  } else if (rows.length === 0) {
    io.stdout('No accounts.\n')
  } else {
    io.stdout(table([['ISSUER', 'LABEL', 'TYPE'], ...rows.map((r) => [r.issuer, r.label, r.type])]))
  }
  return 0
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? []
  return rows
    .map(
      (row) =>
        row
          .map((cell, column) => cell.padEnd(widths[column] ?? 0))
          .join('  ')
          .trimEnd() + '\n',
    )
    .join('')
}
