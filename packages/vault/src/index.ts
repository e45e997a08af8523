export { VaultService, newVaultEntrySchema } from './vault-service'
export type { NewVaultEntry, VaultServiceOptions } from './vault-service'
export { addEntries, addEntryFromForm, addEntryFromLink } from './add-entry'
export type { EntryToAdd } from './add-entry'
export { accountsWithSecrets } from './export-accounts'
export type { AccountWithSecret } from './export-accounts'
export { existingAccounts, planImport, toNewVaultEntry } from './import-plan'
export type { ExistingAccount, ImportPlan, ImportStatus, PlannedEntry } from './import-plan'
export { CodeService } from './code-service'
export type { CodeServiceDeps, CodeVault, CodesSnapshot } from './code-service'
export {
  classifyKeychainError,
  createKeytarKeychain,
  isSecretServiceItemLocked,
  KeychainLoadError,
  VAULT_KEY_ACCOUNT,
  VAULT_KEY_SERVICE,
} from './keychain'
export type { KeychainAdapter, KeychainProblem, KeychainProblemKind } from './keychain'
export { createNodeDataFile, DataFileChangedError, moveFileAside } from './data-file'
export type { DataFile, NodeDataFileOptions } from './data-file'
export type { FileLockOptions, LockOwner } from './file-lock'
export { createElectronStoreDataFile } from './electron-store-data-file'
export type {
  ElectronStoreDataFileOptions,
  KeyValueStore,
  KeyValueStoreClass,
} from './electron-store-data-file'
export { CURRENT_VAULT_VERSION } from './schema'
export { VaultFileCorruptError, VaultFileTooNewError } from './migrations'
export { VaultError, vaultErrorCodes } from './errors'
export { DEFAULT_SCRYPT_PARAMS, newPasswordSchema } from './password-slot'
export type { PasswordSlot, ScryptParams } from './password-slot'
export type { VaultErrorCode } from './errors'
export * from './entry'
export * from './status'
