import { timingSafeEqual } from 'node:crypto'
import type { EntryProblem, ImportedEntry, ImportPreview } from '@mag/import'
import type { NewVaultEntry } from '@mag/vault'
import type { EntrySummary } from '@mag/vault/entry'

/**
 * What an import would do to the vault, decided before anything is written.
 *
 * "Already present" means the vault holds an account with the same type, issuer, label AND
 * secret. The CLI has the vault key anyway (it needs it to add), so it compares the
 * decrypted secrets rather than guessing from names: the same name with another secret is
 * a re-issued key, which must be added, not skipped; the same secret under the same name
 * is the same account, and adding it twice would only double the list (importing a
 * backup again after a partial restore must be harmless). Those are skipped.
 *
 * (The app's import dialog needs this same rule; it belongs in a shared package once the
 * app has one.)
 */

export type ImportPlan = {
  toAdd: ImportedEntry[]
  /** Same type, issuer, label and secret as an account in the vault: skipped. */
  present: ImportedEntry[]
  /** Of toAdd: same type, issuer and label as an account in the vault, another secret. */
  sameNameOtherSecret: ImportedEntry[]
  problems: EntryProblem[]
}

export type ExistingAccount = { summary: EntrySummary; secret: () => Uint8Array }

export function planImport(
  preview: Pick<ImportPreview, 'entries' | 'problems'>,
  existing: readonly ExistingAccount[],
): ImportPlan {
  const plan: ImportPlan = { toAdd: [], present: [], sameNameOtherSecret: [], problems: [] }
  plan.problems = [...preview.problems]
  for (const entry of preview.entries) {
    const sameName = existing.filter((account) => sameIdentity(account.summary, entry))
    if (sameName.length === 0) {
      plan.toAdd.push(entry)
    } else if (sameName.some((account) => sameBytes(account.secret(), entry.secret))) {
      plan.present.push(entry)
    } else {
      plan.toAdd.push(entry)
      plan.sameNameOtherSecret.push(entry)
    }
  }
  return plan
}

function sameIdentity(summary: EntrySummary, entry: ImportedEntry): boolean {
  return (
    summary.type === entry.type &&
    summary.issuer.trim() === entry.issuer.trim() &&
    summary.label.trim() === entry.label.trim()
  )
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** An imported account as the vault's add-many takes it. */
export function toNewVaultEntry(entry: ImportedEntry): NewVaultEntry {
  return {
    type: entry.type,
    issuer: entry.issuer,
    label: entry.label,
    secret: entry.secret,
    algorithm: entry.algorithm,
    digits: entry.digits,
    period: entry.period,
    counter: entry.counter,
    ...(entry.group ? { group: entry.group } : {}),
  }
}
