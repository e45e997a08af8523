/**
 * Debian's Chromium, as every browser test and benchmark here starts it. Root needs
 * --no-sandbox; the machine's network is closed, so background fetches, component updates
 * and sync are switched off rather than left to fail (and slow every start).
 */
export const chromiumExecutablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const chromiumArgs: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
]
