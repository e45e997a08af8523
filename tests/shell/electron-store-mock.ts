import Conf from 'conf'
import { fakeElectron } from './fake-electron'

/**
 * electron-store for tests that replace `electron` with the recording fake.
 *
 * electron-store lives in node_modules, so Vitest loads it natively and its own
 * `import electron from 'electron'` never sees vi.mock: it reaches the npm package, which
 * throws without the binary. (Adding `server: { deps: { inline: ['electron-store'] } }` to
 * vitest.config.ts would let the real module run against the fake.) Until then this is
 * electron-store 11's main-process behaviour as written there: Conf, with the file name
 * from `name`, and cwd and version taken from `app`. Files are real, in the fake userData.
 */
export class ElectronStoreOverConf extends Conf {
  constructor(options: Record<string, unknown> = {}) {
    const { name = 'config', cwd, ...rest } = options
    super({
      ...rest,
      configName: name as string,
      projectVersion: fakeElectron.app.getVersion(),
      cwd: (cwd as string | undefined) ?? fakeElectron.app.getPath('userData'),
    })
    constructed.push({ options, path: this.path })
  }
}

/** What the app asked electron-store for, so a test can check where the vault lives. */
export const constructed: Array<{ options: Record<string, unknown>; path: string }> = []
