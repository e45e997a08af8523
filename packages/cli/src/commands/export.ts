import { writeAegisEncryptedBackup, writeOtpauthList } from '@mag/import'
import { accountsWithSecrets } from '@mag/vault'
import { COMMON_OPTIONS, parseCommandArgs, requirePositionals } from '../args'
import { CliError, UsageError } from '../errors'
import type { CliIo } from '../io'
import { openVault, requireSecrets, vaultContext } from '../open-vault'
import { readStdinSecret } from '../stdin-secret'
import { writePrivateFile } from '../write-private-file'

/**
 * `mag-auth export <file> (--password-stdin | --plain) [--force]`
 *
 * The default is an encrypted backup in Aegis's vault format (restorable in Aegis and by
 * `mag-auth import`), its password piped in. --plain writes one otpauth:// link per line,
 * every secret in clear, after a warning on stderr. One of the two must be chosen: a
 * command that quietly picked the plain form for a missing flag would leak every secret.
 *
 * Either file is written 0600 and atomically, never over an existing file unless --force.
 * Every account goes out or the export fails: a backup missing an account (one whose
 * secret cannot be decrypted) would be discovered only when it is needed.
 */
export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    'password-stdin': { type: 'boolean' },
    plain: { type: 'boolean' },
    force: { type: 'boolean' },
  })
  const [file] = requirePositionals(positionals, ['file']) as [string]
  if (values.plain && values['password-stdin']) {
    throw new UsageError(
      '--plain and --password-stdin exclude each other: a plain list has no password.',
    )
  }
  if (!values.plain && !values['password-stdin']) {
    throw new UsageError(
      'Choose the backup: --password-stdin (encrypted, password piped in) or --plain (every secret in clear).',
    )
  }
  const password = values['password-stdin']
    ? await readStdinSecret(io, '--password-stdin')
    : undefined
  if (password === '') throw new CliError('The password is empty; an encrypted backup needs one.')

  const opened = await openVault(vaultContext(io, values['data-dir']), { create: false })
  if (!opened || opened.status.entryCount === 0) {
    throw new CliError('The vault has no accounts; there is nothing to export.')
  }
  requireSecrets(opened.status)
  const entries = accountsWithSecrets(opened.vault)

  let text: string
  if (password === undefined) {
    io.stderr(
      `mag-auth: WARNING: ${file} will hold every secret in clear: anyone who can read it can generate your codes. Keep it offline and delete it when done.\n`,
    )
    text = writeOtpauthList(entries)
  } else {
    text = await writeAegisEncryptedBackup({ entries, password })
  }
  await writePrivateFile(file, text, { overwrite: Boolean(values.force) })
  const kind = password === undefined ? 'plain otpauth list' : 'encrypted backup'
  io.stdout(
    `Exported ${entries.length} account${entries.length === 1 ? '' : 's'} to ${file} (${kind}).\n`,
  )
  return 0
}
