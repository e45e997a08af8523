import { homedir } from 'node:os'
import { join, posix, win32 } from 'node:path'

/**
 * Where the app keeps vault.json, so the command line opens the same file.
 *
 * The app stores it with electron-store in app.getPath('userData') = appData + app name.
 * Electron takes the app name from package.json's productName, else its name. The root
 * package.json has name "mag-authenticator" and no productName. electron.builder.yml's
 * productName ("MAG Authenticator") names the artifacts, the macOS bundle and the Windows
 * executable's metadata, but electron-builder copies it into the packaged package.json
 * only through extraMetadata, which this project does not set. So the folder is
 * "mag-authenticator" both under `npm run dev` and in a packaged install:
 *
 *   Linux    $XDG_CONFIG_HOME/mag-authenticator, else ~/.config/mag-authenticator
 *   macOS    ~/Library/Application Support/mag-authenticator
 *   Windows  %APPDATA%\mag-authenticator
 *
 * If the app ever gains a productName (or calls app.setName / setPath('userData')), this
 * module must change with it, or the CLI and the app open different vaults.
 *
 * Overrides, most specific first: --data-dir, then MAG_AUTH_DATA_DIR.
 */

export const APP_FOLDER_NAME = 'mag-authenticator'
export const DATA_FILE_NAME = 'vault.json'

export type DataDirInput = {
  flag?: string | undefined
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home?: string
}

export function resolveDataDir({ flag, env, platform, home = homedir() }: DataDirInput): string {
  if (flag !== undefined && flag !== '') return flag
  const fromEnv = env.MAG_AUTH_DATA_DIR
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const path = platform === 'win32' ? win32 : posix
  return path.join(appDataDir({ env, platform, home }), APP_FOLDER_NAME)
}

/** Electron's app.getPath('appData') for the platform. */
function appDataDir({
  env,
  platform,
  home,
}: {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
  home: string
}): string {
  if (platform === 'win32') {
    return env.APPDATA && env.APPDATA !== '' ? env.APPDATA : win32.join(home, 'AppData', 'Roaming')
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support')
  // Chromium's GetXDGDirectory: the variable when set and non-empty, else ~/.config.
  const xdg = env.XDG_CONFIG_HOME
  return xdg !== undefined && xdg !== '' ? xdg : posix.join(home, '.config')
}

export function dataFilePath(dataDir: string): string {
  return join(dataDir, DATA_FILE_NAME)
}
