import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export { requireTestKeyring, uniqueKeychainService } from '../../vault/tests/helpers'

const here = dirname(fileURLToPath(import.meta.url))
const mainPath = join(here, '..', 'src', 'main.ts')

export type CliResult = { code: number | null; stdout: string; stderr: string }

export type CliRunner = {
  dataDir: string
  run(args: string[], options?: { stdin?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>
  /** Every stdout and stderr this runner saw, to check no secret ever reached them. */
  transcript(): string
  cleanup(): Promise<void>
}

/**
 * The real CLI as a child process (`node --import tsx packages/cli/src/main.ts`) with its
 * own data folder and its own keychain item, so tests running side by side never share a
 * vault.
 */
export async function cliRunner(
  keychainService: string,
  { bundle }: { bundle?: string } = {},
): Promise<CliRunner> {
  const root = await mkdtemp(join(tmpdir(), 'mag-cli-test-'))
  const entry = bundle ? [bundle] : ['--import', 'tsx', mainPath]
  const dataDir = join(root, 'data')
  const seen: string[] = []
  return {
    dataDir,
    async run(args, { stdin, env } = {}) {
      const result = await runNode([...entry, ...args], {
        stdin,
        env: {
          ...process.env,
          // tsx keeps its cache in the temporary directory: this runner's, removed with it.
          TMPDIR: root,
          MAG_AUTH_DATA_DIR: dataDir,
          MAG_AUTH_KEYCHAIN_SERVICE: keychainService,
          ...env,
        },
      })
      seen.push(result.stdout, result.stderr)
      return result
    },
    transcript: () => seen.join('\n'),
    cleanup: () => rm(root, { recursive: true, force: true }),
  }
}

/**
 * Builds the shipped bundle (scripts/build.mjs) for a test file: it is what users run, and
 * it starts in half the time of tsx on a loaded machine. It is written under
 * packages/cli/node_modules/.cache so its third-party imports resolve as from dist/.
 */
export async function buildCliBundle(): Promise<{ path: string; remove: () => Promise<void> }> {
  const cacheDir = join(here, '..', 'node_modules', '.cache')
  await mkdir(cacheDir, { recursive: true })
  const path = join(cacheDir, `mag-auth-test-${randomUUID()}.mjs`)
  const built = await runNode([join(here, '..', 'scripts', 'build.mjs'), '--outfile', path], {
    env: process.env,
  })
  if (built.code !== 0) throw new Error(`the CLI bundle did not build:\n${built.stderr}`)
  return { path, remove: () => rm(path, { force: true }) }
}

export function runNode(
  args: string[],
  { stdin, env }: { stdin?: string | undefined; env: NodeJS.ProcessEnv },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env,
      cwd: join(here, '..', '..', '..'),
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
    child.stdin.end(stdin ?? '')
  })
}

/** The error contract: exactly one line on stderr, prefixed, and no stack trace. */
export function oneErrorLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n')
  if (lines.length !== 1 || !lines[0]?.startsWith('mag-auth: ') || /\n\s+at /.test(stderr)) {
    throw new Error(`expected one "mag-auth: ..." line on stderr, got:\n${stderr}`)
  }
  return lines[0]
}
