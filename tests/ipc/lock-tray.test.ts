import { describe, expect, it } from 'vitest'
import { trayMenu } from '../../src/main/tray/tray-menu'
import { localeIn } from '../tray/locale'

describe('tray while the vault is locked', () => {
  it('names no account and offers only Unlock (which opens the window)', async () => {
    const menu = trayMenu({
      vault: { state: 'locked' },
      canLock: false,
      mag: null,
      now: 0,
      locale: await localeIn('en'),
    })
    const text = JSON.stringify(menu)
    expect(text).not.toContain('copy-code')
    expect(menu[0]).toMatchObject({ label: 'Codes: locked', enabled: false })
    expect(menu[1]).toMatchObject({ label: 'Unlock…', action: { kind: 'open-window' } })
  })
})
