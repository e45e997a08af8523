import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startApp, type ElectronParts } from '../../src/main/electron/start-app'
import { appSettingsFileName } from '../../src/main/settings/app-settings-store'
import { createKeytarKeychain, createNodeDataFile } from '@mag/vault'
import { createFakeElectron, removeFakeElectronDirs } from '../shell/fake-electron'

/**
 * Main in the UI language, as startApp wires it against the recording Electron fake: the
 * tray starts in the saved language (or the OS's, with 'system'), rebuilds in a new one as
 * soon as Settings saves it, and the quick-search shortcut problem the window shows is said
 * in it. No test here opens the vault, so no keychain is touched.
 */

afterEach(removeFakeElectronDirs)

type Fake = ReturnType<typeof createFakeElectron>

async function start(
  options: { settings?: Record<string, unknown>; prepare?: (electron: Fake) => void } = {},
) {
  const electron = createFakeElectron()
  options.prepare?.(electron)
  if (options.settings) {
    await writeFile(
      join(electron.app.getPath('userData'), appSettingsFileName),
      JSON.stringify({ version: 1, ...options.settings }),
    )
  }
  const running = await startApp(electron as unknown as ElectronParts, {
    keychain: createKeytarKeychain(),
    createDataFile: (userData) => createNodeDataFile(join(userData, 'vault.json')),
    preloadPath: '/app/out/preload/index.cjs',
    rendererDir: '/app/out/renderer',
    platform: 'linux',
    trayIconPath: '/app/resources/tray/icon.png',
    log: () => undefined,
  })
  if (!running) throw new Error('the app did not start')
  const outline = () => electron.trays[0]?.menu?.outline()
  return { electron, running, outline }
}

const english = [
  '[Codes: opening the vault…]',
  '---',
  'Open MAG Authenticator',
  'Quit MAG Authenticator',
]
const german = [
  '[Codes: Tresor wird geöffnet…]',
  '---',
  'MAG Authenticator öffnen',
  'MAG Authenticator beenden',
]

describe('main in the UI language', () => {
  it("'system' follows the OS's preferred languages: German on a de-AT desktop, English on fr-FR", async () => {
    const austrian = await start({
      prepare: (fake) => (fake.app.preferredSystemLanguages = ['de-AT', 'en-US']),
    })
    expect(austrian.outline()).toEqual(german)
    const french = await start({
      prepare: (fake) => (fake.app.preferredSystemLanguages = ['fr-FR']),
    })
    expect(french.outline()).toEqual(english)
  })

  it('a saved choice wins over the OS', async () => {
    const { outline } = await start({
      settings: { language: 'de' },
      prepare: (fake) => (fake.app.preferredSystemLanguages = ['en-GB']),
    })
    expect(outline()).toEqual(german)
  })

  it('a language saved in Settings rebuilds the tray in it, and back', async () => {
    const { electron, running, outline } = await start()
    expect(outline()).toEqual(english)
    const built = electron.trays[0]?.menus.length ?? 0
    const answer = await running.services.dispatch('setDesktopSettings', { language: 'de' })
    expect(answer).toMatchObject({ ok: true, value: { language: 'de', uiLanguage: 'de' } })
    await expect.poll(outline).toEqual(german)
    expect(electron.trays[0]?.menus.length).toBe(built + 1)

    // Another setting saved changes nothing shown: no rebuild.
    await running.services.dispatch('setDesktopSettings', { startHidden: true })
    expect(electron.trays[0]?.menus.length).toBe(built + 1)

    await running.services.dispatch('setDesktopSettings', { language: 'system' })
    await expect.poll(outline).toEqual(english)
  })

  it('the shortcut problem is said in the UI language, and again in a new one', async () => {
    const { running } = await start({
      settings: { language: 'de', quickSearchShortcut: 'Alt+Shift+K' },
      prepare: (fake) => fake.globalShortcut.heldElsewhere.add('Alt+Shift+K'),
    })
    expect(running.services.desktop.quickSearchProblem()).toBe(
      'Alt+Shift+K ist von einem anderen Programm belegt und kann die Schnellsuche daher nicht öffnen. Wählen Sie in den Einstellungen ein anderes Tastenkürzel.',
    )
    await running.services.dispatch('setDesktopSettings', { language: 'en' })
    await expect
      .poll(() => running.services.desktop.quickSearchProblem())
      .toBe(
        'Alt+Shift+K is taken by another program, so it cannot open quick search. Choose another shortcut in Settings.',
      )
    const answer = await running.services.dispatch('getDesktopSettings', undefined)
    expect(answer).toMatchObject({
      ok: true,
      value: { quickSearchProblem: expect.stringMatching(/^Alt\+Shift\+K is taken/) },
    })
  })
})
