import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import {
  createKeytarKeychain,
  createNodeDataFile,
  VaultService,
  type VaultStatus,
} from '@mag/vault'
import { dataFilePath, resolveDataDir } from './data-dir'
import { CliError } from './errors'
import type { CliIo } from './io'

/**
 * Opens the app's vault from the command line: the same data file (vault.json in the data
 * folder, through the same cross-process lock) and the same keychain item as the app, so
 * both can run at once.
 *
 * MAG_AUTH_KEYCHAIN_SERVICE and MAG_AUTH_KEYCHAIN_ACCOUNT name another keychain item. They
 * exist for tests, which give every test its own item inside the throwaway test keyring;
 * users have no reason to set them.
 */

export type VaultContext = { io: CliIo; dataDir: string }

/** The vault context of a command, from its parsed --data-dir. */
export function vaultContext(io: CliIo, dataDirFlag: string | undefined): VaultContext {
  return { io, dataDir: resolveDataDir({ flag: dataDirFlag, env: io.env, platform: io.platform }) }
}

export type OpenedVault = { vault: VaultService; status: VaultStatus }

export type OpenMode = {
  /**
   * Commands that only read (list, code, export) must not create a vault (a keychain item
   * and a data file) on a machine where the app never ran: they answer "no accounts".
   */
  create: boolean
}

/** Answers null when there is no data file and `create` is false. */
export async function openVault(
  { io, dataDir }: VaultContext,
  { create }: OpenMode,
): Promise<OpenedVault | null> {
  const path = dataFilePath(dataDir)
  if (!existsSync(path)) {
    if (!create) return null
    // The app's userData is private to the user; so is a folder we create in its place.
    await mkdir(dataDir, { recursive: true, mode: 0o700 })
  }
  const vault = new VaultService({
    keychain: createKeytarKeychain(),
    dataFile: createNodeDataFile(path),
    ...keychainOverride(io.env),
  })
  const status = await vault.open()
  for (const notice of status.notices) io.stderr(`mag-auth: ${oneLine(notice.message)}\n`)
  return { vault, status }
}

/** Throws the vault's own explanation when secrets cannot be read (keychain missing, locked…). */
export function requireSecrets(status: VaultStatus): void {
  if (status.state === 'ready') return
  const { message, remedy } = status.problem
  throw new CliError(`${message} ${forTheCommandLine(remedy)}`)
}

/** The problem as one sentence pair, for commands that go on without secrets (list). */
export function describeProblem(status: VaultStatus): string | null {
  if (status.state === 'ready') return null
  return `${status.problem.message} ${forTheCommandLine(status.problem.remedy)}`
}

/**
 * The vault's remedies are written for the app's screen ("click Try again"); here the
 * equivalent is running the command again.
 */
function forTheCommandLine(remedy: string): string {
  return remedy.replace(/click Try again/g, 'run the command again')
}

function keychainOverride(env: NodeJS.ProcessEnv): {
  keychainService?: string
  keychainAccount?: string
} {
  const service = env.MAG_AUTH_KEYCHAIN_SERVICE
  const account = env.MAG_AUTH_KEYCHAIN_ACCOUNT
  return {
    ...(service ? { keychainService: service } : {}),
    ...(account ? { keychainAccount: account } : {}),
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}
