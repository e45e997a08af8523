import type { ImportPreviewView } from '../../../shared/transfer'

/** The words import and export dialogs show, kept out of components so they are tested plainly. */

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

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

/** "12 accounts: 10 new, 1 already present, 1 cannot be read". */
export function previewSummary(preview: ImportPreviewView): string {
  const counts = previewCounts(preview)
  const parts = [`${counts.toAdd} new`]
  if (counts.present > 0) parts.push(`${counts.present} already present`)
  if (counts.unreadable > 0) parts.push(`${counts.unreadable} cannot be read`)
  return `${plural(counts.total, 'account')}: ${parts.join(', ')}`
}

export function addButtonText(preview: ImportPreviewView): string {
  const { toAdd } = previewCounts(preview)
  return toAdd === 0 ? 'Nothing to add' : `Add ${plural(toAdd, 'account')}`
}

export type BackupPasswordCheck =
  | { ok: true; hint: string | undefined }
  | { ok: false; field: 'password' | 'confirmation'; message: string }

export const MIN_BACKUP_PASSWORD = 8

/**
 * The backup password, typed twice. Only length is asked for: the backup opens with this
 * password alone, so it must not be short; anything past that is the user's to choose.
 */
export function checkBackupPassword(password: string, confirmation: string): BackupPasswordCheck {
  if (password === '') return { ok: false, field: 'password', message: 'Choose a password' }
  if (password.length < MIN_BACKUP_PASSWORD) {
    return {
      ok: false,
      field: 'password',
      message: `Use at least ${MIN_BACKUP_PASSWORD} characters`,
    }
  }
  if (confirmation !== password) {
    return { ok: false, field: 'confirmation', message: 'The passwords do not match' }
  }
  return { ok: true, hint: passwordHint(password) }
}

/** A nudge, never a rule: shown under the field while typing. */
export function passwordHint(password: string): string | undefined {
  if (password.length === 0) return undefined
  if (password.length < MIN_BACKUP_PASSWORD) return `At least ${MIN_BACKUP_PASSWORD} characters`
  if (password.length < 12) return 'A few more characters (or words) make it much harder to guess'
  return undefined
}
