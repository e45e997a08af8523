import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { referenceBase32Decode, referenceHotp, referenceTotp } from '../../otp/tests/reference-otp'
import {
  buildCliBundle,
  cliRunner,
  oneErrorLine,
  requireTestKeyring,
  uniqueKeychainService,
  type CliRunner,
} from './helpers'

// The CLI as users run it: a child process over a real data folder and the real (throwaway)
// keyring. Run inside: node scripts/with-test-keyring.mjs npx vitest run packages/cli

const GITHUB_SECRET = 'JBSWY3DPEHPK3PXP'
const BANK_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const githubLink = `otpauth://totp/GitHub:alice?secret=${GITHUB_SECRET}&issuer=GitHub`
const bankLink = `otpauth://hotp/Bank:bob?secret=${BANK_SECRET}&issuer=Bank&counter=5`

let cli: CliRunner
let bundle: Awaited<ReturnType<typeof buildCliBundle>>
beforeAll(async () => {
  requireTestKeyring()
  bundle = await buildCliBundle()
}, 60_000)
afterAll(() => bundle.remove())
/** The built bundle by default; `fromSource` runs src/main.ts under tsx, as in a checkout. */
const start = async (fromSource = false): Promise<CliRunner> =>
  (cli = await cliRunner(uniqueKeychainService(), fromSource ? {} : { bundle: bundle.path }))
afterEach(async () => {
  // Whatever a test did, no secret reached the terminal.
  for (const secret of [GITHUB_SECRET, BANK_SECRET]) {
    expect(cli.transcript().toUpperCase()).not.toContain(secret)
  }
  await cli.cleanup()
})

describe('mag-auth add, list, code', { timeout: 120_000 }, () => {
  it('adds from a link, lists without secrets, prints the current TOTP code', async () => {
    await start()
    const added = await cli.run(['add', githubLink])
    expect(added).toMatchObject({ code: 0, stdout: 'Added GitHub (alice).\n', stderr: '' })

    const list = await cli.run(['list'])
    expect(list.code).toBe(0)
    expect(list.stdout).toMatch(/^ISSUER\s+LABEL\s+TYPE\nGitHub\s+alice\s+totp\n$/)
    const json = await cli.run(['list', '--json'])
    expect(JSON.parse(json.stdout)).toEqual([{ issuer: 'GitHub', label: 'alice', type: 'totp' }])

    const before = Date.now()
    const code = await cli.run(['code', 'github'])
    const after = Date.now()
    expect(code.code).toBe(0)
    const secret = referenceBase32Decode(GITHUB_SECRET)
    // The run may straddle a 30 s boundary: the code is the one of either end.
    expect([referenceTotp(secret, before), referenceTotp(secret, after)]).toContain(
      code.stdout.trim(),
    )
    expect(code.stdout).toMatch(/^\d{6}\n$/)
    expect(code.stderr).toBe('')
  })

  it('refuses to print or copy the code of an account changed outside the app', async () => {
    await start()
    await cli.run(['add', githubLink])
    await cli.run(['add', bankLink])
    // Someone with write access to the data file gives the GitHub row the bank's issuer.
    const path = join(cli.dataDir, 'vault.json')
    const file = JSON.parse(await readFile(path, 'utf8')) as { entries: Array<{ issuer: string }> }
    file.entries[0]!.issuer = 'Bank2'
    await writeFile(path, JSON.stringify(file))
    for (const args of [
      ['code', 'bank2'],
      ['code', 'bank2', '--copy'],
    ]) {
      const result = await cli.run(args)
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(oneErrorLine(result.stderr)).toMatch(
        /^mag-auth: Bank2 \(alice\) was changed outside the app/,
      )
    }
  })

  it('refuses a bad link with one line, exit 1, and stores nothing', async () => {
    await start()
    const result = await cli.run(['add', 'otpauth://totp/Bad?secret=not-base32!'])
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toMatch(/secret/i)
    expect(result.stdout).toBe('')
    await expect(stat(join(cli.dataDir, 'vault.json'))).rejects.toThrow()

    await cli.run(['add', githubLink])
    const before = await readFile(join(cli.dataDir, 'vault.json'), 'utf8')
    const again = await cli.run(['add', 'otpauth://totp/GitHub:x?issuer=GitHub'])
    expect(again.code).toBe(1)
    oneErrorLine(again.stderr)
    expect(await readFile(join(cli.dataDir, 'vault.json'), 'utf8')).toBe(before)
  })

  it('reads the link from stdin with "-", out of argv and shell history', async () => {
    await start()
    const result = await cli.run(['add', '-'], { stdin: `${githubLink}\n` })
    expect(result).toMatchObject({ code: 0, stdout: 'Added GitHub (alice).\n' })
  })

  it('names every account a query matches when it matches several', async () => {
    await start()
    await cli.run(['add', githubLink])
    await cli.run(['add', githubLink.replace('alice', 'bob')])
    const result = await cli.run(['code', 'git'])
    expect(result.code).toBe(1)
    expect(oneErrorLine(result.stderr)).toBe(
      'mag-auth: "git" matches 2 accounts: GitHub (alice), GitHub (bob). Give more of the name.',
    )
    expect(result.stdout).toBe('')
    expect((await cli.run(['code', 'bob'])).code).toBe(0)
  })

  it('uses an HOTP counter only with --hotp, stored before the code is printed', async () => {
    await start()
    await cli.run(['add', bankLink])
    const refused = await cli.run(['code', 'bank'])
    expect(refused.code).toBe(1)
    expect(oneErrorLine(refused.stderr)).toContain('Pass --hotp')

    const secret = referenceBase32Decode(BANK_SECRET)
    const first = await cli.run(['code', 'bank', '--hotp'])
    const second = await cli.run(['code', 'bank', '--hotp'])
    expect(first.stdout).toBe(`${referenceHotp(secret, 5)}\n`)
    expect(second.stdout).toBe(`${referenceHotp(secret, 6)}\n`)
    const stored = JSON.parse(await readFile(join(cli.dataDir, 'vault.json'), 'utf8')) as {
      entries: Array<{ counter?: number }>
    }
    expect(stored.entries[0]?.counter).toBe(7)
  })

  it('copies with --copy through the clipboard tool and never prints the code', async () => {
    await start()
    await cli.run(['add', githubLink])
    const bin = join(cli.dataDir, '..', 'bin')
    const clip = join(cli.dataDir, '..', 'clipboard.txt')
    await mkdir(bin)
    await writeFile(join(bin, 'xclip'), `#!/bin/sh\ncat > '${clip}'\n`)
    await chmod(join(bin, 'xclip'), 0o755)

    const before = Date.now()
    const copied = await cli.run(['code', 'github', '--copy'], {
      env: { PATH: `${bin}:/usr/bin:/bin`, DISPLAY: ':0', WAYLAND_DISPLAY: '' },
    })
    const after = Date.now()
    expect(copied.code).toBe(0)
    expect(copied.stdout).toBe('')
    expect(copied.stderr).toBe('Copied the code of GitHub (alice) to the clipboard.\n')
    const code = await readFile(clip, 'utf8')
    const secret = referenceBase32Decode(GITHUB_SECRET)
    expect([referenceTotp(secret, before), referenceTotp(secret, after)]).toContain(code)
    expect(copied.stderr).not.toContain(code)

    const none = await cli.run(['code', 'github', '--copy'], {
      env: { PATH: join(cli.dataDir, '..', 'empty'), DISPLAY: ':0', WAYLAND_DISPLAY: '' },
    })
    expect(none.code).toBe(1)
    expect(oneErrorLine(none.stderr)).toBe(
      'mag-auth: No clipboard tool found: install xclip or xsel, or run mag-auth code without --copy.',
    )
    expect(none.stdout).toBe('')
  })

  it('says what is wrong with the keychain and how to fix it, exit 1', async () => {
    await start()
    await cli.run(['add', githubLink])
    const noBus = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' }
    const code = await cli.run(['code', 'github'], { env: noBus })
    expect(code.code).toBe(1)
    expect(oneErrorLine(code.stderr)).toMatch(/keyring|keychain|Secret Service/i)
    expect(code.stderr).toContain('run the command again')
    expect(code.stdout).toBe('')
    // Names are not secret: list still answers, with the problem on stderr.
    const list = await cli.run(['list'], { env: noBus })
    expect(list.code).toBe(0)
    expect(list.stdout).toContain('GitHub')
    oneErrorLine(list.stderr)
  })
})

describe('mag-auth usage', { timeout: 120_000 }, () => {
  it('exits 2 with the reason and the usage on an unknown command or flag', async () => {
    await start(true)
    const unknown = await cli.run(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.split('\n')[0]).toBe('mag-auth: Unknown command "frobnicate".')
    expect(unknown.stderr).toContain('Usage: mag-auth <command>')

    const flag = await cli.run(['list', '--secret-please'])
    expect(flag.code).toBe(2)
    expect(flag.stderr.split('\n')[0]).toMatch(/^mag-auth: Unknown option '--secret-please'/)

    const missing = await cli.run(['code'])
    expect(missing.code).toBe(2)
    expect(missing.stderr.split('\n')[0]).toBe('mag-auth: Missing <query>.')
  })

  it('prints the usage for --help, exit 0', async () => {
    await start()
    const help = await cli.run(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('mag-auth <command>')
  })
})
