import type { StoredEntry } from './schema'

/**
 * What a secret's ciphertext is bound to (AES-GCM associated data), so that an edited data
 * file is detected instead of showing one account's code under another's name.
 *
 * Bound: every detail that shapes a code or names it — id, type, issuer, label, algorithm,
 * digits, period, counter (HOTP), and the MAG credential mark (which decides whose codes
 * the app sends to the MAG service). Swapping two rows' issuers, changing digits or a
 * counter, or moving the MAG mark to another entry makes that entry's check fail.
 *
 * Not bound, on purpose:
 * - `order`: a row's place says nothing about which code belongs to which name (each row
 *   carries its own name and code); binding it would re-seal every entry on each drag and
 *   make reordering need the vault key. A reordered file shows the same pairs in another order.
 * - `group`, `createdAt`, `updatedAt`: they neither shape nor name a code.
 *
 * Encoding: a JSON array with a fixed position for each detail, preceded by a label naming
 * the scheme. JSON.stringify escapes every quote, backslash and control character inside a
 * string, so no value can end early and spill into the next position: two different tuples
 * never encode to the same bytes. Numbers are validated integers, whose text is canonical;
 * an absent counter or mark is `null`, which no string or number encodes to. The label keeps
 * this scheme apart from the version-1 associated data (the bare entry id, which never
 * starts with `[`) and from any later scheme.
 */
export type BoundDetails = Pick<
  StoredEntry,
  | 'id'
  | 'type'
  | 'issuer'
  | 'label'
  | 'algorithm'
  | 'digits'
  | 'period'
  | 'counter'
  | 'magCredentialId'
>

const SCHEME = 'MAG Authenticator entry details v2'

export function detailsAssociatedData(entry: BoundDetails): Buffer {
  const tuple = [
    SCHEME,
    entry.id,
    entry.type,
    entry.issuer,
    entry.label,
    entry.algorithm,
    entry.digits,
    entry.period,
    entry.counter ?? null,
    entry.magCredentialId ?? null,
  ]
  return Buffer.from(JSON.stringify(tuple), 'utf8')
}

/** Version-1 files (and older) bound a secret to its entry id alone. Read for migration only. */
export function idOnlyAssociatedData(id: string): Buffer {
  return Buffer.from(id, 'utf8')
}
