import type { ImportPreviewView } from '../../../shared/transfer'
import { message, type Message } from './message'

/**
 * What the import and export dialogs say, kept out of components so it is tested plainly:
 * messages (catalogue id + arguments) the dialogs translate.
 */

export type PreviewCounts = {
  total: number
  /** Added on confirm: new accounts and same-name accounts with another secret. */
  toAdd: number
  conflict: number
  present: number
  unreadable: number
}

export function previewCounts(preview: ImportPreviewView): PreviewCounts {
  const count = (status: string) => preview.entries.filter((e) => e.status === status).length
  return {
    total: preview.entries.length + preview.problems.length,
    toAdd: count('new') + count('conflict'),
    conflict: count('conflict'),
    present: count('present'),
    unreadable: preview.problems.length,
  }
}

/** "12 accounts: 10 new, 1 already present, 1 cannot be read" (a part at 0 is left out). */
export function previewSummary(preview: ImportPreviewView): Message {
  const { total, toAdd, present, unreadable } = previewCounts(preview)
  return message('codes.import.summary', { total, toAdd, present, unreadable })
}

export function addButtonText(preview: ImportPreviewView): Message {
  const { toAdd } = previewCounts(preview)
  return toAdd === 0
    ? message('codes.import.nothingToAdd')
    : message('codes.import.addAccounts', { count: toAdd })
}

export type BackupPasswordCheck =
  | { ok: true; hint: Message | undefined }
  | { ok: false; field: 'password' | 'confirmation'; message: Message }

export const MIN_BACKUP_PASSWORD = 8

/**
 * The backup password, typed twice. Only length is asked for: the backup opens with this
 * password alone, so it must not be short; anything past that is the user's to choose.
 */
export function checkBackupPassword(password: string, confirmation: string): BackupPasswordCheck {
  if (password === '') {
    return { ok: false, field: 'password', message: message('codes.export.choosePassword') }
  }
  if (password.length < MIN_BACKUP_PASSWORD) {
    return {
      ok: false,
      field: 'password',
      message: message('codes.export.passwordTooShort', { min: MIN_BACKUP_PASSWORD }),
    }
  }
  if (confirmation !== password) {
    return { ok: false, field: 'confirmation', message: message('codes.export.passwordsDiffer') }
  }
  return { ok: true, hint: passwordHint(password) }
}

/** A nudge, never a rule: shown under the field while typing. */
export function passwordHint(password: string): Message | undefined {
  if (password.length === 0) return undefined
  if (password.length < MIN_BACKUP_PASSWORD) {
    return message('codes.export.passwordHintMinimum', { min: MIN_BACKUP_PASSWORD })
  }
  if (password.length < 12) return message('codes.export.passwordHintLonger')
  return undefined
}
