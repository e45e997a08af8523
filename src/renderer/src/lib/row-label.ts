import type { Translate } from '../i18n/useT'
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
  /** Shown instead of a code (unreadable or tampered entry), in the UI language. */
  problem?: string | undefined
  /** The entry is counter-based and shows no code yet. */
  hotpWithoutCode?: boolean
}

/**
 * The row's names as it shows them: issuer (or label), the MAG credential mark, the label.
 * Joined by spaces in the order they are laid out on screen (not a sentence), so the same in
 * every language; only the mark's words are translated.
 */
export function rowNameWords(
  input: Pick<RowLabelInput, 'issuer' | 'label' | 'magCredential'>,
  t: Translate,
) {
  const first = input.issuer || input.label
  const mark = input.magCredential ? t('codes.row.magCredential') : ''
  return [first, mark, input.issuer ? input.label : ''].filter(Boolean).join(' ')
}

export function spokenCode(code: string): string {
  return groupCode(code).join(' ')
}

/** `t`: the UI's messages (useT); the words of the row and of its action in that language. */
export function copyButtonLabel(input: RowLabelInput, t: Translate): string {
  const name = rowNameWords(input, t)
  if (input.code) {
    const code = spokenCode(input.code)
    // A row shows a counter (HOTP) or the next code (TOTP near its period's end), never both.
    if (input.counter !== undefined) {
      return t('codes.row.copyLabelWithCounter', { name, code, counter: String(input.counter) })
    }
    if (input.nextCode) {
      return t('codes.row.copyLabelWithNext', { name, code, next: spokenCode(input.nextCode) })
    }
    return t('codes.row.copyLabel', { name, code })
  }
  if (input.problem) return t('codes.row.copyLabelProblem', { name, problem: input.problem })
  if (input.hotpWithoutCode) return t('codes.row.copyLabelHotp', { name })
  return t('codes.row.copyLabelLoading', { name })
}
