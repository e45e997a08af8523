import { formatIds } from '@mag/import'

/** The help text: `mag-auth --help` prints it; a usage error prints it after the reason. */
export const USAGE = `Usage: mag-auth <command> [options]

Commands:
  list [--json]                         Accounts in the vault: issuer, label, type (no secrets)
  code <query> [--copy] [--hotp]        The current code of the one account matching <query>
  add <otpauth-link | ->                Add the account an otpauth:// link describes
                                        ("-" reads the link from stdin, out of shell history)
  import <file> [--format F] [--password-stdin] [--dry-run] [--skip-unreadable]
                                        Preview another authenticator's export, then add
                                        all of it or nothing
  export <file> (--password-stdin | --plain) [--force]
                                        Encrypted backup (Aegis format), or with --plain an
                                        otpauth:// list with every secret in clear

Options for every command:
  --data-dir <dir>   The app's data folder (default: the app's own; or MAG_AUTH_DATA_DIR)
  -h, --help         This text

Formats for --format: ${formatIds.join(', ')}
Exit status: 0 done, 1 could not be done (the reason is on stderr), 2 wrong command line.
`
