import { groupCode } from './code-format'

/**
 * The accessible name of a code row's copy button.
 *
 * WCAG 2.5.3 (Label in Name): a control's name must contain the words it shows, in the
 * order it shows them, so someone using speech input can say what they see ("click GitHub
 * alice") and a screen reader says what is on screen. So the name is the row's visible text,
 * in order — issuer, the MAG credential mark, account, the code in its reading groups, the
 * counter or next code, or the sentence shown instead of a code — then what Enter does.
 * The badge's letter is drawn by CSS (not text), so it is not part of the visible text.
 */
export type RowLabelInput = {
  issuer: string
  label: string
  magCredential: boolean
  /** The code on screen, if any. */
  code?: string | undefined
  /** HOTP: the counter shown under the code. */
  counter?: number | undefined
  /** TOTP near the period's end: the next code shown under the current one. */
  nextCode?: string | undefined
  /** Shown instead of a code (unreadable or tampered entry). */
  problem?: string | undefined
  /** The entry is counter-based and shows no code yet. */
  hotpWithoutCode?: boolean
}

export function rowNameWords(input: Pick<RowLabelInput, 'issuer' | 'label' | 'magCredential'>) {
  const first = input.issuer || input.label
  return [first, input.magCredential ? 'MAG credential' : '', input.issuer ? input.label : '']
    .filter(Boolean)
    .join(' ')
}

export function spokenCode(code: string): string {
  return groupCode(code).join(' ')
}

export function copyButtonLabel(input: RowLabelInput): string {
  const name = rowNameWords(input)
  if (input.code) {
    const counter = input.counter === undefined ? '' : `, Counter ${input.counter}`
    const next = input.nextCode ? `, Next ${spokenCode(input.nextCode)}` : ''
    return `${name} ${spokenCode(input.code)}${counter}${next}. Press Enter to copy.`
  }
  if (input.problem) return `${name}. ${input.problem}.`
  if (input.hotpWithoutCode) return `${name}, counter-based. Use Generate for a code.`
  return `${name}, loading code.`
}
