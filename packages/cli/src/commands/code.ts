import { CodeService } from '@mag/vault'
import { entryDisplayName } from '@mag/vault/entry'
import { COMMON_OPTIONS, parseCommandArgs, requirePositionals } from '../args'
import { copyToClipboard } from '../clipboard'
import { CliError } from '../errors'
import type { CliIo } from '../io'
import { findOneEntry } from '../match'
import { openVault, requireSecrets, vaultContext } from '../open-vault'

/**
 * `mag-auth code <query> [--copy] [--hotp]`: the current code of the one matching account,
 * on stdout alone (so `$(mag-auth code github)` works), or with --copy on the clipboard
 * and never printed.
 *
 * HOTP accounts need --hotp. Each HOTP code uses up a counter, and a server accepts only a
 * few counters ahead of the last one it saw: a habit that is harmless for TOTP, such as
 * `watch mag-auth code bank` or a shell prompt that shows a code, would silently push the
 * counter out of the server's window and lock the user out. With --hotp the counter is
 * stored as used (through the vault, under its lock) before the code is printed, so a crash
 * can never hand out the same code twice.
 */
export async function codeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    ...COMMON_OPTIONS,
    copy: { type: 'boolean' },
    hotp: { type: 'boolean' },
  })
  const [query] = requirePositionals(positionals, ['query']) as [string]
  const opened = await openVault(vaultContext(io, values['data-dir']), { create: false })
  if (!opened) throw new CliError('The vault has no accounts.')
  const { vault, status } = opened
  const entry = findOneEntry(vault.list(), query)
  requireSecrets(status)

  const codes = new CodeService({ vault, now: io.now })
  let code: string
  if (entry.type === 'hotp') {
    if (!values.hotp) {
      throw new CliError(
        `${entryDisplayName(entry)} is a counter-based (HOTP) account: each code uses up a counter. Pass --hotp to use the next one.`,
      )
    }
    code = (await codes.nextHotp(entry.id)).code
  } else {
    // The vault's own check: an entry changed outside the app is refused, naming it.
    code = codes.codeToCopy(entry.id)
  }

  if (values.copy) {
    await copyToClipboard(code, io)
    io.stderr(`Copied the code of ${entryDisplayName(entry)} to the clipboard.\n`)
  } else {
    io.stdout(`${code}\n`)
  }
  return 0
}
