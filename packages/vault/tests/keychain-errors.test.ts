import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { VaultStatus } from '../src/status'
import {
  fixturePath,
  lastJson,
  makeTempDir,
  requireTestKeyring,
  runChild,
  uniqueKeychainService,
} from './helpers'

// Each fault is produced for real, in child processes with their own D-Bus session and
// throwaway keyring, so nothing here can lock or break the keyring other tests share.

interface OpenReport {
  status: VaultStatus
  files: string[]
  labels: string[]
}

let dir: string
let cleanup: () => Promise<void>
let dataPath: string
const service = uniqueKeychainService()

beforeAll(() => requireTestKeyring())
beforeEach(async () => {
  ;({ dir, cleanup } = await makeTempDir())
  dataPath = join(dir, 'data', 'vault.json')
})
afterEach(() => cleanup())

/** An environment whose keyring files, if any, live in the temp dir. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'xdg-data'),
    XDG_CONFIG_HOME: join(dir, 'xdg-config'),
    XDG_CACHE_HOME: join(dir, 'xdg-cache'),
    XDG_RUNTIME_DIR: dir,
  }
  delete env.DBUS_SESSION_BUS_ADDRESS
  return env
}

async function busConfig(extra: string): Promise<string> {
  const path = join(dir, 'bus.conf')
  await writeFile(
    path,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:tmpdir=${dir}</listen>${extra}
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
${extra.includes('standard_session_servicedirs') ? '<deny send_destination="org.freedesktop.secrets" send_interface="org.freedesktop.Secret.Service"/>' : ''}
</policy></busconfig>`,
  )
  return path
}

const cli = (...args: string[]): string =>
  ['node', '--import', 'tsx', fixturePath('vault-cli.ts'), ...args].map(shellQuote).join(' ')
const shellQuote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`
const startKeyring =
  'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1'
const lockDefault =
  'gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets --method org.freedesktop.Secret.Service.Lock "[objectpath \'/org/freedesktop/secrets/aliases/default\']" >/dev/null'

async function inPrivateSession(script: string, config?: string): Promise<OpenReport> {
  const args = config ? ['--config-file', config] : []
  const result = await runChild(
    'dbus-run-session',
    [...args, '--', 'sh', '-ec', script],
    isolatedEnv(),
  )
  if (result.code !== 0)
    throw new Error(`child failed (${result.code}):\n${result.stdout}\n${result.stderr}`)
  return lastJson<OpenReport>(result.stdout)
}

describe('keychain faults, provoked for real', () => {
  it('no D-Bus at the address → keychain-unavailable, nothing written', async () => {
    const env = {
      ...isolatedEnv(),
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}`,
    }
    const result = await runChild(
      'node',
      ['--import', 'tsx', fixturePath('vault-cli.ts'), 'open', dataPath, service],
      env,
    )
    const report = lastJson<OpenReport>(result.stdout)
    expect(report.status).toMatchObject({
      state: 'unavailable',
      entryCount: 0,
      problem: {
        kind: 'keychain-unavailable',
        message: expect.stringMatching(/Could not connect/),
        remedy: expect.stringMatching(/Install and unlock a Secret Service keyring/),
      },
    })
    expect(report.files).toEqual([])
  })

  it('a session bus without a Secret Service → keychain-unavailable, nothing written', async () => {
    const report = await inPrivateSession(cli('open', dataPath, service), await busConfig(''))
    expect(report.status).toMatchObject({
      state: 'unavailable',
      problem: {
        kind: 'keychain-unavailable',
        message: expect.stringMatching(/not provided by any/),
      },
    })
    expect(report.files).toEqual([])
  })

  it('the bus refuses the Secret Service call → keychain-denied, nothing written', async () => {
    const config = await busConfig('<standard_session_servicedirs />')
    const report = await inPrivateSession(
      `${startKeyring}\n${cli('open', dataPath, service)}`,
      config,
    )
    expect(report.status).toMatchObject({
      state: 'unavailable',
      problem: { kind: 'keychain-denied', message: expect.stringMatching(/Rejected send message/) },
    })
    expect(report.files).toEqual([])
  })

  it('a locked keyring with data → keychain-locked (not "key missing"), data listable and unchanged', async () => {
    const snapshot = join(dir, 'snapshot.json')
    const report = await inPrivateSession(
      [
        startKeyring,
        `${cli('add', dataPath, service, '2', 'locked')} >/dev/null`,
        `cp ${shellQuote(dataPath)} ${shellQuote(snapshot)}`,
        lockDefault,
        cli('open', dataPath, service),
      ].join('\n'),
    )
    expect(report.status).toMatchObject({
      state: 'unavailable',
      entryCount: 2,
      problem: { kind: 'keychain-locked', remedy: expect.stringMatching(/Unlock your keyring/) },
    })
    expect(report.labels).toEqual(['locked-0', 'locked-1'])
    expect(await readFile(dataPath)).toEqual(await readFile(snapshot))
  })

  it('a locked keyring on first run → keychain-locked, no key elsewhere, nothing written', async () => {
    const report = await inPrivateSession(
      [startKeyring, lockDefault, cli('open', dataPath, service)].join('\n'),
    )
    expect(report.status).toMatchObject({
      state: 'unavailable',
      entryCount: 0,
      problem: { kind: 'keychain-locked', message: expect.stringMatching(/locked collection/) },
    })
    expect(report.files).toEqual([])
  })
})
