import { timingSafeEqual } from 'node:crypto'
import type { EntrySummary, OtpType } from './entry'
import type { NewVaultEntry, VaultService } from './vault-service'

/**
 * What an import would do to the vault, decided before anything is written. One rule for
 * every way accounts come in as a batch: the app's import dialog (files, QR codes) and
 * `mag-auth import`.
 *
 * "Already present" means the vault holds an account with the same type, issuer, label AND
 * secret. Both callers hold the vault key anyway (they need it to add), so the decrypted
 * secrets are compared rather than guessing from names: the same name with another secret
 * is a re-issued key, which must be added, not skipped; the same secret under the same name
 * is the same account, and adding it twice would only double the list (importing a backup
 * again after a partial restore must be harmless). Those are skipped.
 *
 * Only the secrets of accounts with the same name are decrypted, each at most once per plan.
 * Names are compared after trimming, as the vault stores them.
 */

/** What the rule needs of an imported account; @mag/import's ImportedEntry is one. */
export type PlannedEntry = {
  type: OtpType
  issuer: string
  label: string
  secret: Uint8Array
}

export type ImportStatus = 'new' | 'present' | 'conflict'

export type ImportPlan<E extends PlannedEntry, P = never> = {
  toAdd: E[]
  /** Same type, issuer, label and secret as an account in the vault: skipped. */
  present: E[]
  /** Of toAdd: same type, issuer and label as an account in the vault, another secret. */
  sameNameOtherSecret: E[]
  /** Each entry of the input, in order, with what the import does with it. */
  statuses: ImportStatus[]
  problems: P[]
}

export type ExistingAccount = { summary: EntrySummary; secret: () => Uint8Array }

export function planImport<E extends PlannedEntry, P = never>(
  preview: { entries: readonly E[]; problems: readonly P[] },
  existing: readonly ExistingAccount[],
): ImportPlan<E, P> {
  const plan: ImportPlan<E, P> = {
    toAdd: [],
    present: [],
    sameNameOtherSecret: [],
    statuses: [],
    problems: [...preview.problems],
  }
  const secrets = new Map<ExistingAccount, Uint8Array>()
  const secretOf = (account: ExistingAccount): Uint8Array => {
    let secret = secrets.get(account)
    if (!secret) {
      secret = account.secret()
      secrets.set(account, secret)
    }
    return secret
  }
  for (const entry of preview.entries) {
    const sameName = existing.filter((account) => sameIdentity(account.summary, entry))
    if (sameName.length === 0) {
      plan.toAdd.push(entry)
      plan.statuses.push('new')
    } else if (sameName.some((account) => sameBytes(secretOf(account), entry.secret))) {
      plan.present.push(entry)
      plan.statuses.push('present')
    } else {
      plan.toAdd.push(entry)
      plan.sameNameOtherSecret.push(entry)
      plan.statuses.push('conflict')
    }
  }
  return plan
}

/** The vault's accounts as planImport compares them: secrets decrypted only when asked. */
export function existingAccounts(vault: VaultService): ExistingAccount[] {
  return vault.list().map((summary) => ({ summary, secret: () => vault.readSecret(summary.id) }))
}

function sameIdentity(summary: EntrySummary, entry: PlannedEntry): boolean {
  return (
    summary.type === entry.type &&
    summary.issuer.trim() === entry.issuer.trim() &&
    summary.label.trim() === entry.label.trim()
  )
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b)
}

/** An imported account (its fields as @mag/import reads them) as the vault's add-many takes it. */
export function toNewVaultEntry(
  entry: PlannedEntry &
    Pick<NewVaultEntry, 'algorithm' | 'digits' | 'period' | 'counter'> & { group?: string },
): NewVaultEntry {
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
