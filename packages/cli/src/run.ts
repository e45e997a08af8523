import { addCommand } from './commands/add'
import { codeCommand } from './commands/code'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { listCommand } from './commands/list'
import { describeFailure, EXIT_OK, EXIT_USAGE, UsageError } from './errors'
import type { CliIo } from './io'
import { USAGE } from './usage'

type Command = (args: string[], io: CliIo) => Promise<number>

const COMMANDS: Record<string, Command> = {
  list: listCommand,
  code: codeCommand,
  add: addCommand,
  import: importCommand,
  export: exportCommand,
}

/**
 * Runs one command line and answers the exit status. Every failure becomes one line on
 * stderr ("mag-auth: <reason>"); a usage error adds the usage text after it. Nothing is
 * thrown out of here, so no stack trace reaches the terminal.
 */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { name, rest } = splitCommand(argv)
    if (name === undefined) {
      if (rest.includes('--help') || rest.includes('-h')) {
        io.stdout(USAGE)
        return EXIT_OK
      }
      throw new UsageError('Missing command.')
    }
    const command = COMMANDS[name]
    if (!command) throw new UsageError(`Unknown command "${name}".`)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(USAGE)
      return EXIT_OK
    }
    return await command(rest, io)
  } catch (err) {
    const failure = describeFailure(err)
    io.stderr(`mag-auth: ${failure.line}\n`)
    if (failure.exitCode === EXIT_USAGE) io.stderr(`\n${USAGE}`)
    return failure.exitCode
  }
}

/**
 * The command is the first argument that is not an option, so `mag-auth --data-dir D list`
 * works as well as `mag-auth list --data-dir D`. The options around it go to the command.
 */
function splitCommand(argv: readonly string[]): { name: string | undefined; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    if (arg === '--data-dir') {
      i++
      continue
    }
    if (arg.startsWith('-')) continue
    return { name: arg, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] }
  }
  return { name: undefined, rest: [...argv] }
}
