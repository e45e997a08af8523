import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { KeychainAdapter } from '../src'

export const fixturePath = (name: string): string =>
  join(dirname(fileURLToPath(import.meta.url)), 'fixtures', name)

/**
 * Keychain tests write real keyring items. They must only ever run inside
 * scripts/with-test-keyring.mjs, never against a developer's own keyring.
 */
export function requireTestKeyring(): void {
  if (process.env.MAG_TEST_KEYRING !== '1') {
    throw new Error(
      'Refusing to touch a keychain outside the throwaway test keyring. Run: ' +
        'node scripts/with-test-keyring.mjs npx vitest run packages/vault',
    )
  }
}

/** Every test uses its own keychain item, so files running in parallel never collide. */
export const uniqueKeychainService = (): string => `MAG Authenticator test ${randomUUID()}`

export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mag-vault-test-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

export interface KeychainCalls {
  getPassword: number
  setPassword: number
  deletePassword: number
  isItemLocked: number
}

/** Passes every call to the real adapter and counts it. */
export function countingKeychain(inner: KeychainAdapter): {
  keychain: KeychainAdapter
  calls: KeychainCalls
} {
  const calls: KeychainCalls = {
    getPassword: 0,
    setPassword: 0,
    deletePassword: 0,
    isItemLocked: 0,
  }
  const keychain: KeychainAdapter = {
    getPassword: (service, account) => {
      calls.getPassword++
      return inner.getPassword(service, account)
    },
    setPassword: (service, account, password) => {
      calls.setPassword++
      return inner.setPassword(service, account, password)
    },
    deletePassword: (service, account) => {
      calls.deletePassword++
      return inner.deletePassword(service, account)
    },
    isItemLocked: async (service, account) => {
      calls.isItemLocked++
      return inner.isItemLocked ? inner.isItemLocked(service, account) : null
    },
  }
  return { keychain, calls }
}

export interface ChildResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/**
 * The environment for a child started with tsx: its transform cache kept in memory, since
 * tsx would otherwise leave a tsx-<uid> folder in the run's TMPDIR (which the suite forbids).
 */
export const childEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({
  ...env,
  TSX_DISABLE_CACHE: '1',
})

/** Runs a command to completion, collecting its output. */
export function runChild(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

/** `node --import tsx packages/vault/tests/fixtures/vault-cli.ts ...args` */
export function vaultCliArgs(...args: string[]): string[] {
  return ['--import', 'tsx', fixturePath('vault-cli.ts'), ...args]
}

/** The last JSON line a fixture printed. */
export function lastJson<T>(stdout: string): T {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
  const last = lines[lines.length - 1]
  if (!last) throw new Error(`The child printed no JSON. Output:\n${stdout}`)
  return JSON.parse(last) as T
}

/**
 * Damages one entry's ciphertext in the data file on disk, keeping it well-formed base64 of
 * the same length, so the file still parses and only that secret fails its GCM check.
 */
export async function corruptStoredSecret(dataPath: string, id: string): Promise<void> {
  const file = JSON.parse(await readFile(dataPath, 'utf8')) as {
    entries: Array<{ id: string; secret: { data: string } }>
  }
  const entry = file.entries.find((candidate) => candidate.id === id)
  if (!entry) throw new Error(`no entry ${id} in ${dataPath}`)
  const data = entry.secret.data
  entry.secret.data = (data.startsWith('A') ? 'B' : 'A') + data.slice(1)
  await writeFile(dataPath, JSON.stringify(file))
}
