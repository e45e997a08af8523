import { describe, expect, it } from 'vitest'
import { acceleratorSchema } from '../../src/shared/desktop-settings'
import {
  keyboardPlatform,
  recordKeyPress,
  type KeyPress,
} from '../../src/renderer/src/settings/lib/accelerator-recording'

/** A key press as Chromium reports it; modifiers off unless given. */
function press(key: string, code: string, modifiers: Partial<KeyPress> = {}): KeyPress {
  return { key, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...modifiers }
}

const accelerator = (result: ReturnType<typeof recordKeyPress>) =>
  result.kind === 'accelerator' ? result.accelerator : `(${result.kind})`

describe('recording the quick-search shortcut', () => {
  it('turns Ctrl on Linux/Windows and Cmd on macOS into CommandOrControl', () => {
    expect(
      accelerator(recordKeyPress(press('o', 'KeyO', { ctrlKey: true, altKey: true }), 'other')),
    ).toBe('CommandOrControl+Alt+O')
    // macOS: Alt+O types "ø"; the physical key still names it.
    expect(
      accelerator(recordKeyPress(press('ø', 'KeyO', { metaKey: true, altKey: true }), 'mac')),
    ).toBe('CommandOrControl+Alt+O')
    // macOS's own Control key is Control; the Windows/Super key elsewhere is Super.
    expect(accelerator(recordKeyPress(press('k', 'KeyK', { ctrlKey: true }), 'mac'))).toBe(
      'Control+K',
    )
    expect(accelerator(recordKeyPress(press('k', 'KeyK', { metaKey: true }), 'other'))).toBe(
      'Super+K',
    )
  })

  it('names letters by the cap the user sees, digits by their key even when shifted', () => {
    // AZERTY: the key at the US "Q" position types "a".
    expect(accelerator(recordKeyPress(press('a', 'KeyQ', { altKey: true }), 'other'))).toBe('Alt+A')
    expect(
      accelerator(recordKeyPress(press('K', 'KeyK', { altKey: true, shiftKey: true }), 'other')),
    ).toBe('Alt+Shift+K')
    expect(accelerator(recordKeyPress(press('7', 'Digit7', { ctrlKey: true }), 'other'))).toBe(
      'CommandOrControl+7',
    )
    expect(
      accelerator(recordKeyPress(press('!', 'Digit1', { ctrlKey: true, shiftKey: true }), 'other')),
    ).toBe('CommandOrControl+Shift+1')
  })

  it('takes function keys alone or with modifiers', () => {
    expect(accelerator(recordKeyPress(press('F5', 'F5'), 'other'))).toBe('F5')
    expect(accelerator(recordKeyPress(press('F12', 'F12', { shiftKey: true }), 'other'))).toBe(
      'Shift+F12',
    )
    expect(accelerator(recordKeyPress(press('F24', 'F24', { altKey: true }), 'mac'))).toBe(
      'Alt+F24',
    )
  })

  it('takes punctuation as typed, or by its position when Shift changed it', () => {
    expect(accelerator(recordKeyPress(press('`', 'Backquote', { ctrlKey: true }), 'other'))).toBe(
      'CommandOrControl+`',
    )
    expect(accelerator(recordKeyPress(press('/', 'Slash', { altKey: true }), 'other'))).toBe(
      'Alt+/',
    )
    expect(
      accelerator(recordKeyPress(press('?', 'Slash', { altKey: true, shiftKey: true }), 'other')),
    ).toBe('Alt+Shift+/')
    expect(accelerator(recordKeyPress(press(' ', 'Space', { ctrlKey: true }), 'other'))).toBe(
      'CommandOrControl+Space',
    )
    expect(
      accelerator(recordKeyPress(press('ArrowUp', 'ArrowUp', { altKey: true }), 'other')),
    ).toBe('Alt+Up')
    expect(accelerator(recordKeyPress(press('1', 'Numpad1', { altKey: true }), 'other'))).toBe(
      'Alt+1',
    )
  })

  it('keeps listening while only modifiers are down; Escape cancels', () => {
    expect(recordKeyPress(press('Control', 'ControlLeft', { ctrlKey: true }), 'other')).toEqual({
      kind: 'pending',
    })
    expect(recordKeyPress(press('Shift', 'ShiftLeft', { shiftKey: true }), 'mac').kind).toBe(
      'pending',
    )
    expect(recordKeyPress(press('Escape', 'Escape'), 'other')).toEqual({ kind: 'cancel' })
    expect(recordKeyPress(press('Escape', 'Escape', { ctrlKey: true }), 'other')).toEqual({
      kind: 'cancel',
    })
  })

  it('refuses a key without Ctrl, Alt or Cmd (Shift alone is typing), except a function key', () => {
    expect(recordKeyPress(press('o', 'KeyO'), 'other')).toEqual({
      kind: 'needs-modifier',
      key: 'O',
    })
    expect(recordKeyPress(press('O', 'KeyO', { shiftKey: true }), 'other')).toEqual({
      kind: 'needs-modifier',
      key: 'O',
    })
    expect(recordKeyPress(press(' ', 'Space'), 'mac')).toEqual({
      kind: 'needs-modifier',
      key: 'Space',
    })
  })

  it('refuses keys Electron cannot name', () => {
    expect(
      recordKeyPress(press('Dead', 'BracketLeft', { altKey: true, shiftKey: true }), 'other').kind,
    ).toBe('accelerator')
    expect(recordKeyPress(press('CapsLock', 'CapsLock', { ctrlKey: true }), 'other')).toEqual({
      kind: 'unsupported',
      key: 'CapsLock',
    })
    expect(recordKeyPress(press('ü', 'IntlBackslash', { ctrlKey: true }), 'other')).toEqual({
      kind: 'unsupported',
      key: 'Ü',
    })
  })

  it('only ever produces what Settings accepts as a typed shortcut', () => {
    const presses: KeyPress[] = [
      press('o', 'KeyO', { ctrlKey: true, altKey: true, shiftKey: true, metaKey: true }),
      press('F1', 'F1'),
      press('\\', 'Backslash', { ctrlKey: true }),
      press("'", 'Quote', { altKey: true }),
      press('Enter', 'Enter', { ctrlKey: true }),
      press('*', 'NumpadMultiply', { altKey: true }),
    ]
    for (const platform of ['mac', 'other'] as const) {
      for (const one of presses) {
        const result = recordKeyPress(one, platform)
        expect(result.kind, one.code).toBe('accelerator')
        if (result.kind === 'accelerator') {
          expect(acceleratorSchema.safeParse(result.accelerator).success, result.accelerator).toBe(
            true,
          )
        }
      }
    }
  })

  it('tells macOS from other desktops by the platform the browser reports', () => {
    expect(keyboardPlatform('MacIntel')).toBe('mac')
    expect(keyboardPlatform('Linux x86_64')).toBe('other')
    expect(keyboardPlatform('Win32')).toBe('other')
  })
})
