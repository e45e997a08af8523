/**
 * Recording the quick-search shortcut: one key press (a KeyboardEvent's fields) becomes an
 * Electron accelerator string ("CommandOrControl+Alt+O"), or says why it cannot be one.
 * Pure, so every rule is unit-tested without a DOM (tests/renderer/accelerator-recording.test.ts).
 */

/** The parts of a KeyboardEvent a recording reads. */
export type KeyPress = {
  /** What the key typed in the current layout ("o", "ø", "!", "F5", "Control"). */
  key: string
  /** The physical key ("KeyO", "Digit1", "F5", "ControlLeft"). */
  code: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/** macOS's Command is the Control of other desktops: both become CommandOrControl there. */
export type KeyboardPlatform = 'mac' | 'other'

export type Recording =
  /** Only modifiers held so far: keep listening for the key. */
  | { kind: 'pending' }
  /** Escape: stop, change nothing. */
  | { kind: 'cancel' }
  | { kind: 'accelerator'; accelerator: string }
  /** A printable or navigation key without Ctrl, Alt or Cmd: it would swallow that key. */
  | { kind: 'needs-modifier'; key: string }
  /** A key Electron has no accelerator name for (dead keys, media keys, Caps Lock…). */
  | { kind: 'unsupported'; key: string }

const modifierKeys = new Set([
  'Control',
  'Meta',
  'Alt',
  'AltGraph',
  'Shift',
  'OS',
  'Super',
  'Hyper',
])

/** Named keys Electron knows (its accelerator docs' "Available key codes"), by event.code. */
const namedCodes: Readonly<Record<string, string>> = {
  Space: 'Space',
  Enter: 'Return',
  NumpadEnter: 'Return',
  Tab: 'Tab',
  Backspace: 'Backspace',
  Delete: 'Delete',
  Insert: 'Insert',
  Home: 'Home',
  End: 'End',
  PageUp: 'PageUp',
  PageDown: 'PageDown',
  ArrowUp: 'Up',
  ArrowDown: 'Down',
  ArrowLeft: 'Left',
  ArrowRight: 'Right',
  PrintScreen: 'PrintScreen',
  NumpadAdd: 'numadd',
  NumpadSubtract: 'numsub',
  NumpadMultiply: 'nummult',
  NumpadDivide: 'numdiv',
  NumpadDecimal: 'numdec',
}

/** Punctuation keys by physical position (US layout), for when the typed character is shifted. */
const punctuationCodes: Readonly<Record<string, string>> = {
  Minus: '-',
  Equal: '=',
  BracketLeft: '[',
  BracketRight: ']',
  Backslash: '\\',
  Semicolon: ';',
  Quote: "'",
  Comma: ',',
  Period: '.',
  Slash: '/',
  Backquote: '`',
}

/** Unshifted punctuation Electron accepts as a key as typed ("Control+`"). */
const typedPunctuation = new Set([...Object.values(punctuationCodes)])

/**
 * The accelerator's key for a press, or undefined when Electron has no name for it.
 *
 * Letters and digits come from what the key types when that is a plain letter or digit, so
 * the shortcut names the key the user sees on the cap (an AZERTY "A" is "A", not the US "Q"
 * at that position). When a modifier changed the character (Shift+1 types "!", macOS Alt+O
 * types "ø"), the physical key decides instead, so the shortcut is still "Shift+1"/"Alt+O".
 */
function keyName(press: KeyPress): string | undefined {
  const { key, code } = press
  if (/^[a-z]$/i.test(key)) return key.toUpperCase()
  if (/^[0-9]$/.test(key)) return key
  const fKey = /^F([1-9]|1[0-9]|2[0-4])$/.exec(code)
  if (fKey) return code
  if (/^Key[A-Z]$/.test(code)) return code.slice(3)
  if (/^Digit[0-9]$/.test(code)) return code.slice(5)
  if (/^Numpad[0-9]$/.test(code)) return `num${code.slice(6)}`
  const named = namedCodes[code]
  if (named) return named
  if (!press.shiftKey && typedPunctuation.has(key)) return key
  return punctuationCodes[code]
}

function isFunctionKey(name: string): boolean {
  return /^F([1-9]|1[0-9]|2[0-4])$/.test(name)
}

/**
 * One key press while recording. A shortcut needs Ctrl, Alt or Cmd/Super (Shift alone is not
 * enough: Shift+A is how a capital A is typed) unless its key is a function key, because a
 * global shortcut takes its keys away from every other program.
 */
export function recordKeyPress(press: KeyPress, platform: KeyboardPlatform): Recording {
  if (press.key === 'Escape') return { kind: 'cancel' }
  if (modifierKeys.has(press.key)) return { kind: 'pending' }
  const name = keyName(press)
  const shown = name ?? (press.key.length === 1 ? press.key.toUpperCase() : press.key)
  if (name === undefined) return { kind: 'unsupported', key: shown }

  const modifiers: string[] = []
  const commandKey = platform === 'mac' ? press.metaKey : press.ctrlKey
  if (commandKey) modifiers.push('CommandOrControl')
  if (platform === 'mac' && press.ctrlKey) modifiers.push('Control')
  if (platform === 'other' && press.metaKey) modifiers.push('Super')
  if (press.altKey) modifiers.push('Alt')
  const hasRealModifier = modifiers.length > 0
  if (press.shiftKey) modifiers.push('Shift')

  if (!hasRealModifier && !isFunctionKey(name)) return { kind: 'needs-modifier', key: name }
  return { kind: 'accelerator', accelerator: [...modifiers, name].join('+') }
}

/** Which modifier layout this desktop has, from the browser's own report. */
export function keyboardPlatform(platform: string): KeyboardPlatform {
  return /^Mac/i.test(platform) ? 'mac' : 'other'
}
