import { parseOtpauthUri } from '@mag/otp'
import { addEntryFromLink } from '@mag/vault'
import { entryDisplayName } from '@mag/vault/entry'
import { COMMON_OPTIONS, parseCommandArgs, requirePositionals } from '../args'
import { CliError } from '../errors'
import type { CliIo } from '../io'
import { openVault, requireSecrets, vaultContext } from '../open-vault'
import { readStdinSecret } from '../stdin-secret'

/**
 * `mag-auth add <otpauth-link | ->`: adds the account the link describes, through the same
 * use case as the app's Add dialog (parse, then store; a bad link stores nothing).
 *
 * "-" reads the link from stdin: a link holds the secret, and as an argument it stays in
 * the shell's history and is visible in `ps` while the command runs.
 */
export async function addCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, COMMON_OPTIONS)
  const [given] = requirePositionals(positionals, ['otpauth-link']) as [string]
  const link = given === '-' ? (await readStdinSecret(io, 'add -')).trim() : given
  if (link === '') throw new CliError('The link is empty.')
  // Read before the vault is opened: on a first run, opening creates the vault key and the
  // data file, and a bad link must leave nothing behind.
  parseOtpauthUri(link)

  const opened = await openVault(vaultContext(io, values['data-dir']), { create: true })
  if (!opened) throw new CliError('The vault could not be created.')
  requireSecrets(opened.status)
  const added = await addEntryFromLink(opened.vault, link)
  io.stdout(`Added ${entryDisplayName(added)}.\n`)
  return 0
}
