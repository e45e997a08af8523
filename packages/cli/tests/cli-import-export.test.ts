import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { encodeBase32 } from '@mag/otp'
import { writeAegisEncryptedBackup, type ImportedEntry } from '@mag/import'
import { createNodeDataFile } from '@mag/vault'
import { FAST_SCRYPT, sampleEntries } from '../../import/tests/backup-fixtures'
import {
  buildCliBundle,
  cliRunner,
  oneErrorLine,
  requireTestKeyring,
  uniqueKeychainService,
  type CliRunner,
} from './helpers'

// Imports and exports through the real CLI, keyring and files.
// Run inside: node scripts/with-test-keyring.mjs npx vitest run packages/cli

const PASSWORD = 'correct horse battery staple'
const entries = sampleEntries()
const secrets = entries.map((entry) => encodeBase32(entry.secret))

let bundle: Awaited<ReturnType<typeof buildCliBundle>>
const runners: CliRunner[] = []
beforeAll(async () => {
  requireTestKeyring()
  bundle = await buildCliBundle()
}, 60_000)
afterAll(() => bundle.remove())
afterEach(async () => {
  for (const cli of runners.splice(0)) {
    // No secret and no password ever reached stdout or stderr.
    const said = cli.transcript()
    for (const secret of secrets) expect(said.toUpperCase()).not.toContain(secret)
    expect(said).not.toContain(PASSWORD)
    await cli.cleanup()
  }
})
const vault = async (): Promise<CliRunner> => {
  const cli = await cliRunner(uniqueKeychainService(), { bundle: bundle.path })
  runners.push(cli)
  return cli
}
const dataFileOf = (cli: CliRunner): string => join(cli.dataDir, 'vault.json')
const fileNear = (cli: CliRunner, name: string): string => join(cli.dataDir, '..', name)

async function aegisBackup(cli: CliRunner, list: readonly ImportedEntry[]): Promise<string> {
  const path = fileNear(cli, 'aegis-backup.json')
  const text = await writeAegisEncryptedBackup({
    entries: list,
    password: PASSWORD,
    scryptParams: FAST_SCRYPT,
  })
  await writeFile(path, text)
  return path
}

/** An otpauth list of 12 links whose 7th cannot be read. */
async function twelveWithOneBad(cli: CliRunner): Promise<string> {
  const lines = Array.from({ length: 12 }, (_, i) =>
    i === 6
      ? 'otpauth://totp/Broken:seven?secret=00000000'
      : `otpauth://totp/Service${i}:user${i}?secret=${secrets[1]}&issuer=Service${i}`,
  )
  const path = fileNear(cli, 'links.txt')
  await writeFile(path, lines.join('\n') + '\n')
  return path
}

describe('mag-auth import', { timeout: 120_000 }, () => {
  it('imports an Aegis encrypted backup with the password from stdin, after a preview', async () => {
    const cli = await vault()
    const file = await aegisBackup(cli, entries)

    const locked = await cli.run(['import', file])
    expect(locked.code).toBe(1)
    expect(oneErrorLine(locked.stderr)).toBe(
      'mag-auth: This file is encrypted; pass --password-stdin and pipe its password in.',
    )

    const imported = await cli.run(['import', file, '--password-stdin'], { stdin: `${PASSWORD}\n` })
    expect(imported.code).toBe(0)
    expect(imported.stderr).toBe('')
    expect(imported.stdout).toContain(
      'Aegis (plain or encrypted vault JSON): 4 accounts in the file.',
    )
    expect(imported.stdout).toContain('  new        GitHub (alice@example.com) [TOTP]')
    expect(imported.stdout).toContain('  new        bank: savings [HOTP]')
    expect(imported.stdout).toContain('4 to add, 0 already present, 0 cannot be read.')
    expect(imported.stdout).toContain('Added 4 accounts.')
    const list = JSON.parse((await cli.run(['list', '--json'])).stdout) as unknown[]
    expect(list).toHaveLength(4)

    // The same file again: every account is already there (same name and secret).
    const again = await cli.run(['import', file, '--password-stdin'], { stdin: PASSWORD })
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('0 to add, 4 already present, 0 cannot be read.')
    expect(again.stdout).toContain('Nothing to add.')
  })

  it('refuses a wrong password with one line and leaves the vault as it was', async () => {
    const cli = await vault()
    await cli.run(['add', `otpauth://totp/Keep:me?secret=${secrets[0]}&issuer=Keep`])
    const before = await readFile(dataFileOf(cli), 'utf8')
    const file = await aegisBackup(cli, entries)
    const result = await cli.run(['import', file, '--password-stdin'], { stdin: 'wrong\n' })
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toMatch(/password is wrong/i)
    expect(result.stdout).toBe('')
    expect(await readFile(dataFileOf(cli), 'utf8')).toBe(before)
  })

  it('lists the account it cannot read, and adds none of the 12 unless told to skip it', async () => {
    const cli = await vault()
    const file = await twelveWithOneBad(cli)

    const dry = await cli.run(['import', file, '--dry-run'])
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain('12 accounts in the file.')
    expect(dry.stdout).toMatch(/ {2}unreadable entry 7 .*Line 7/)
    expect(dry.stdout).toContain('11 to add, 0 already present, 1 cannot be read.')
    await expect(stat(dataFileOf(cli))).rejects.toThrow()

    const refused = await cli.run(['import', file])
    expect(refused.code).toBe(1)
    expect(oneErrorLine(refused.stderr)).toBe(
      'mag-auth: 1 account in the file cannot be read (listed above); nothing was added. Pass --skip-unreadable to add the other 11.',
    )
    // Not even the vault itself was created on this first run.
    await expect(stat(dataFileOf(cli))).rejects.toThrow()

    const skipped = await cli.run(['import', file, '--skip-unreadable'])
    expect(skipped.code).toBe(0)
    expect(skipped.stdout).toContain('Added 11 accounts.')
    expect(JSON.parse((await cli.run(['list', '--json'])).stdout)).toHaveLength(11)
  })

  it('adds nothing at all when the vault refuses the write (its lock is held)', async () => {
    const cli = await vault()
    await cli.run(['add', `otpauth://totp/Keep:me?secret=${secrets[0]}&issuer=Keep`])
    const before = await readFile(dataFileOf(cli), 'utf8')
    const file = await twelveWithOneBad(cli)

    let release = (): void => undefined
    const released = new Promise<void>((resolve) => (release = resolve))
    let taken = (): void => undefined
    const holding = new Promise<void>((resolve) => (taken = resolve))
    // This test process holds the lock, as a running app in the middle of a write would.
    const held = createNodeDataFile(dataFileOf(cli)).withLock(async () => {
      taken()
      await released
    })
    await holding
    try {
      const result = await cli.run(['import', file, '--skip-unreadable'])
      expect(result.code).toBe(1)
      expect(oneErrorLine(result.stderr)).toMatch(/lock|in use|another/i)
      expect(await readFile(dataFileOf(cli), 'utf8')).toBe(before)
    } finally {
      release()
      await held
    }
  }, 90_000)
})

describe('mag-auth export', { timeout: 120_000 }, () => {
  it('round-trips through an encrypted backup: the imported accounts give the same codes', async () => {
    const from = await vault()
    await from.run(['add', `otpauth://totp/GitHub:alice?secret=${secrets[0]}&issuer=GitHub`])
    await from.run([
      'add',
      `otpauth://totp/ACME:john?secret=${secrets[1]}&issuer=ACME&algorithm=SHA256&digits=8&period=60`,
    ])
    await from.run([
      'add',
      `otpauth://hotp/Bank:savings?secret=${secrets[2]}&issuer=Bank&counter=41`,
    ])
    const backup = fileNear(from, 'backup.json')

    const empty = await from.run(['export', backup, '--password-stdin'], { stdin: '\n' })
    expect(empty.code).toBe(1)
    expect(oneErrorLine(empty.stderr)).toBe(
      'mag-auth: The password is empty; an encrypted backup needs one.',
    )

    const exported = await from.run(['export', backup, '--password-stdin'], { stdin: PASSWORD })
    expect(exported).toMatchObject({ code: 0, stderr: '' })
    expect(exported.stdout).toBe(`Exported 3 accounts to ${backup} (encrypted backup).\n`)
    expect((await stat(backup)).mode & 0o777).toBe(0o600)
    const text = await readFile(backup, 'utf8')
    for (const secret of secrets) expect(text.toUpperCase()).not.toContain(secret)

    const overwrite = await from.run(['export', backup, '--password-stdin'], { stdin: PASSWORD })
    expect(overwrite.code).toBe(1)
    expect(oneErrorLine(overwrite.stderr)).toBe(
      `mag-auth: ${backup} already exists; pass --force to replace it.`,
    )
    expect(await readFile(backup, 'utf8')).toBe(text)

    const to = await vault()
    const imported = await to.run(['import', backup, '--password-stdin'], { stdin: PASSWORD })
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('Added 3 accounts.')

    for (const query of ['github', 'acme']) {
      // Asked twice around the other, so a 30 s boundary in between cannot fail the test.
      const first = (await from.run(['code', query])).stdout
      const theirs = (await to.run(['code', query])).stdout
      const last = (await from.run(['code', query])).stdout
      expect([first, last]).toContain(theirs)
      expect(theirs).toMatch(query === 'acme' ? /^\d{8}\n$/ : /^\d{6}\n$/)
    }
    const hotpFrom = await from.run(['code', 'bank', '--hotp'])
    const hotpTo = await to.run(['code', 'bank', '--hotp'])
    expect(hotpTo.stdout).toBe(hotpFrom.stdout)
  })

  it('writes the plain list only when asked, with a warning, 0600, --force to replace', async () => {
    const cli = await vault()
    await cli.run(['add', `otpauth://totp/GitHub:alice?secret=${secrets[0]}&issuer=GitHub`])
    const file = fileNear(cli, 'plain.txt')

    const neither = await cli.run(['export', file])
    expect(neither.code).toBe(2)
    expect(neither.stderr.split('\n')[0]).toMatch(/^mag-auth: Choose the backup: --password-stdin/)

    await writeFile(file, 'something precious\n')
    const refused = await cli.run(['export', file, '--plain'])
    expect(refused.code).toBe(1)
    expect(await readFile(file, 'utf8')).toBe('something precious\n')

    const plain = await cli.run(['export', file, '--plain', '--force'])
    expect(plain.code).toBe(0)
    expect(plain.stderr).toMatch(/^mag-auth: WARNING: .* will hold every secret in clear/)
    expect(plain.stdout).toBe(`Exported 1 account to ${file} (plain otpauth list).\n`)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await readFile(file, 'utf8')).toBe(
      `otpauth://totp/GitHub:alice?secret=${secrets[0]}&issuer=GitHub&algorithm=SHA1&digits=6&period=30\n`,
    )
  })
})
