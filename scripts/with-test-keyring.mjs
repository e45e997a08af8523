#!/usr/bin/env node
// Runs a command inside a private D-Bus session with a throwaway, unlocked gnome-keyring,
// so tests and benchmarks never touch the developer's own keychain or app data.
// Usage: node scripts/with-test-keyring.mjs <command> [args...]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const command = process.argv.slice(2)
if (command.length === 0) {
  console.error('usage: with-test-keyring <command> [args...]')
  process.exit(2)
}

for (const tool of ['dbus-run-session', 'gnome-keyring-daemon']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(
      `with-test-keyring: ${tool} is not installed. Install the packages dbus and gnome-keyring ` +
        '(Debian/Ubuntu: sudo apt-get install dbus gnome-keyring libsecret-1-dev).',
    )
    process.exit(2)
  }
}

const home = mkdtempSync(join(tmpdir(), 'mag-test-keyring-'))
const env = {
  ...process.env,
  // The keyring files and every XDG path live in the throwaway home.
  HOME: home,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CONFIG_HOME: join(home, 'config'),
  XDG_CACHE_HOME: join(home, 'cache'),
  XDG_RUNTIME_DIR: home,
  MAG_TEST_KEYRING: '1',
  // npm and Playwright keep using the real caches.
  npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? home, '.npm'),
}
delete env.DBUS_SESSION_BUS_ADDRESS

// The daemon prints its environment; we only need it running and unlocked in this bus.
const inner =
  'echo -n mag-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"'
const result = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner, 'sh', ...command], {
  env,
  stdio: 'inherit',
})
rmSync(home, { recursive: true, force: true })
if (result.error) {
  console.error(`with-test-keyring: ${result.error.message}`)
  process.exit(2)
}
process.exit(result.status ?? 1)
