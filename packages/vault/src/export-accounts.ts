import type { NewVaultEntry, VaultService } from './vault-service'

/** An account with its decrypted secret, as a backup writes it. */
export type AccountWithSecret = Required<
  Pick<NewVaultEntry, 'type' | 'issuer' | 'label' | 'algorithm' | 'digits' | 'period' | 'counter'>
> & { secret: Uint8Array; group?: string }

/**
 * Every account with its secret, for a backup (the app's export, `mag-auth export`). One
 * that cannot be decrypted fails the whole export: a backup missing an account would be
 * discovered only when it is needed.
 */
export function accountsWithSecrets(vault: VaultService): AccountWithSecret[] {
  return vault.list().map((summary) => ({
    type: summary.type,
    issuer: summary.issuer,
    label: summary.label,
    secret: vault.readSecret(summary.id),
    algorithm: summary.algorithm,
    digits: summary.digits,
    period: summary.period,
    counter: summary.counter ?? 0,
    ...(summary.group ? { group: summary.group } : {}),
  }))
}
