import { describe, expect, it } from 'vitest'
import { mainWindowOptions } from '../../src/main/shell/window-options'

describe('mainWindowOptions', () => {
  it('follows the Electron security checklist', () => {
    const options = mainWindowOptions({
      preloadPath: '/app/out/preload/index.cjs',
      isPackaged: true,
    })
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      backgroundThrottling: true,
    })
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures')
    expect(options.webPreferences).not.toHaveProperty('additionalArguments')
  })

  it('turns devtools off only when packaged', () => {
    expect(mainWindowOptions({ preloadPath: 'p', isPackaged: true }).webPreferences.devTools).toBe(
      false,
    )
    expect(mainWindowOptions({ preloadPath: 'p', isPackaged: false }).webPreferences.devTools).toBe(
      true,
    )
  })

  it('stays hidden until ready-to-show and has a usable size and a title', () => {
    const options = mainWindowOptions({ preloadPath: 'p', isPackaged: true, iconPath: '/i.png' })
    expect(options.show).toBe(false)
    expect(options.title).toBe('MAG Authenticator')
    expect(options.icon).toBe('/i.png')
    expect(options.minWidth).toBeGreaterThanOrEqual(320)
    expect(options.minHeight).toBeGreaterThanOrEqual(400)
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth)
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight)
  })
})
