import { decodeBase32Secret } from '@mag/otp'
import { writeAegisEncryptedBackup, type ImportedEntry } from '@mag/import'

/** Accounts as other apps export them, for import tests (the secrets are made up). */
export type TestAccount = { issuer: string; label: string; secret: string }

export const importAccounts: readonly TestAccount[] = [
  { issuer: 'GitHub', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' },
  {
    issuer: 'Fastmail',
    label: 'alice@fastmail.example',
    secret: 'KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF',
  },
  { issuer: 'AWS', label: 'root@acme.example', secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' },
]

export function importedEntry(account: TestAccount): ImportedEntry {
  return {
    type: 'totp',
    issuer: account.issuer,
    label: account.label,
    secret: new Uint8Array(decodeBase32Secret(account.secret)),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    counter: 0,
  }
}

/** An Aegis encrypted vault file's text (what Aegis on a phone exports). */
export function aegisEncryptedFile(
  accounts: readonly TestAccount[],
  password: string,
): Promise<string> {
  // Cheaper scrypt than Aegis's own: the format is the same, the tests just run faster.
  return writeAegisEncryptedBackup({
    entries: accounts.map(importedEntry),
    password,
    scryptParams: { N: 2 ** 12, r: 8, p: 1 },
  })
}

export function otpauthLink(account: TestAccount): string {
  return `otpauth://totp/${encodeURIComponent(account.issuer)}:${encodeURIComponent(account.label)}?secret=${account.secret}&issuer=${encodeURIComponent(account.issuer)}`
}
