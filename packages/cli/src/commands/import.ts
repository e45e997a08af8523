import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import {
  detectImporter,
  formatIds,
  importerFor,
  type EntryProblem,
  type FormatId,
  type ImportedEntry,
  type ImportPreview,
} from '@mag/import'
import {
  addEntries,
  existingAccounts,
  planImport,
  toNewVaultEntry,
  type ImportPlan,
} from '@mag/vault'
import { entryDisplayName } from '@mag/vault/entry'
import { COMMON_OPTIONS, parseCommandArgs, requirePositionals } from '../args'
import { CliError, UsageError } from '../errors'
import type { CliIo } from '../io'
import { openVault, requireSecrets, vaultContext } from '../open-vault'
import { readStdinSecret } from '../stdin-secret'

/**
 * `mag-auth import <file> [--format F] [--password-stdin] [--dry-run] [--skip-unreadable]`
 *
 * Reads the file (detecting its format unless --format names it), prints the preview (how
 * many, which, which are already present, which cannot be read and why), then adds the
 * new accounts all or nothing: one addEntries call, one lock, one write.
 *
 * Accounts the file holds but that cannot be read stop the import unless --skip-unreadable
 * is given. The app asks before adding; a command has no such moment, and moving between
 * authenticators is where people lose accounts, so leaving one behind must be asked for.
 */
export async function importCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    format: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'skip-unreadable': { type: 'boolean' },
  })
  const [file] = requirePositionals(positionals, ['file']) as [string]
  const format = values.format === undefined ? undefined : formatId(values.format)
  const password = values['password-stdin']
    ? await readStdinSecret(io, '--password-stdin')
    : undefined

  const input = { bytes: new Uint8Array(await readFile(file)), fileName: basename(file) }
  const importer = format ? importerFor(format) : detectImporter(input)
  const outcome = await importer.read(input, password)
  if (outcome.kind === 'needs-password') {
    throw new CliError('This file is encrypted; pass --password-stdin and pipe its password in.')
  }

  // On a first run there is no vault yet: it is created only once there is something to add,
  // so a preview, a refusal or a failed read leaves no key and no data file behind.
  const context = vaultContext(io, values['data-dir'])
  const opened = await openVault(context, { create: false })
  if (opened) requireSecrets(opened.status)
  const existing = opened ? existingAccounts(opened.vault) : []
  const plan = planImport(outcome.preview, existing)
  io.stdout(describePlan(importer.name, outcome.preview, plan))

  if (values['dry-run']) return 0
  if (plan.problems.length > 0 && !values['skip-unreadable']) {
    throw new CliError(
      `${count(plan.problems.length, 'account')} in the file cannot be read (listed above); nothing was added. Pass --skip-unreadable to add the other ${plan.toAdd.length}.`,
    )
  }
  if (plan.toAdd.length === 0) {
    io.stdout('Nothing to add.\n')
    return 0
  }
  const target = opened ?? (await openVault(context, { create: true }))
  if (!target) throw new CliError('The vault could not be created.')
  requireSecrets(target.status)
  await addEntries(target.vault, plan.toAdd.map(toNewVaultEntry))
  io.stdout(`Added ${count(plan.toAdd.length, 'account')}.\n`)
  return 0
}

function formatId(value: string): FormatId {
  const found = formatIds.find((id) => id === value)
  if (!found) {
    throw new UsageError(`Unknown format "${value}"; use one of: ${formatIds.join(', ')}.`)
  }
  return found
}

function describePlan(
  formatName: string,
  preview: ImportPreview,
  plan: ImportPlan<ImportedEntry, EntryProblem>,
): string {
  const total = preview.entries.length + preview.problems.length
  const renamed = new Set(plan.sameNameOtherSecret)
  const lines = [
    `${formatName}: ${count(total, 'account')} in the file.`,
    ...plan.toAdd.map(
      (entry) =>
        `  new        ${name(entry)}${renamed.has(entry) ? '  (an account of this name is in the vault with another secret)' : ''}`,
    ),
    ...plan.present.map((entry) => `  present    ${name(entry)}  (already in the vault; skipped)`),
    ...plan.problems.map(
      (problem) =>
        `  unreadable entry ${problem.index + 1}${problem.name ? ` ${problem.name}` : ''}: ${problem.reason}`,
    ),
    `${plan.toAdd.length} to add, ${plan.present.length} already present, ${plan.problems.length} cannot be read.`,
  ]
  return lines.join('\n') + '\n'
}

function name(entry: ImportedEntry): string {
  return `${entryDisplayName(entry)} [${entry.type.toUpperCase()}]`
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
