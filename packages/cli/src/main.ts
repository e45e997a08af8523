// mag-auth: the command line over the MAG Authenticator vault. See usage.ts, and
// packages/cli/README.md for how it is installed.
import { processIo } from './io'
import { run } from './run'

process.exitCode = await run(process.argv.slice(2), processIo())
