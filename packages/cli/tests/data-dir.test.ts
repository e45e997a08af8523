import { describe, expect, it } from 'vitest'
import { resolveDataDir } from '../src/data-dir'

describe('the data folder the CLI opens', () => {
  it('is the app userData folder: appData + "mag-authenticator" on each platform', () => {
    expect(resolveDataDir({ env: {}, platform: 'linux', home: '/home/ann' })).toBe(
      '/home/ann/.config/mag-authenticator',
    )
    expect(
      resolveDataDir({ env: { XDG_CONFIG_HOME: '/x/conf' }, platform: 'linux', home: '/home/ann' }),
    ).toBe('/x/conf/mag-authenticator')
    expect(resolveDataDir({ env: {}, platform: 'darwin', home: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/mag-authenticator',
    )
    expect(
      resolveDataDir({
        env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\ann',
      }),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\mag-authenticator')
  })

  it('follows --data-dir over MAG_AUTH_DATA_DIR over the default', () => {
    const env = { MAG_AUTH_DATA_DIR: '/from/env' }
    expect(resolveDataDir({ flag: '/from/flag', env, platform: 'linux', home: '/h' })).toBe(
      '/from/flag',
    )
    expect(resolveDataDir({ env, platform: 'linux', home: '/h' })).toBe('/from/env')
    expect(resolveDataDir({ env: { XDG_CONFIG_HOME: '' }, platform: 'linux', home: '/h' })).toBe(
      '/h/.config/mag-authenticator',
    )
  })

  it('names the folder as Electron names the app: package.json productName, else name', async () => {
    const { readFile } = await import('node:fs/promises')
    const manifest = JSON.parse(await readFile('package.json', 'utf8')) as {
      name: string
      productName?: string
    }
    // If the app gains a productName, its userData moves and data-dir.ts must follow.
    expect(manifest.productName ?? manifest.name).toBe('mag-authenticator')
  })
})
