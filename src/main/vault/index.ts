export { VaultService, newVaultEntrySchema } from './vault-service'
export type { NewVaultEntry, VaultServiceOptions } from './vault-service'
export {
  classifyKeychainError,
  createKeytarKeychain,
  isSecretServiceItemLocked,
  KeychainLoadError,
  VAULT_KEY_ACCOUNT,
  VAULT_KEY_SERVICE,
} from './keychain'
export type { KeychainAdapter, KeychainProblem, KeychainProblemKind } from './keychain'
export { createNodeDataFile } from './data-file'
export type { DataFile } from './data-file'
export { createElectronStoreDataFile } from './electron-store-data-file'
export type {
  ElectronStoreDataFileOptions,
  KeyValueStore,
  KeyValueStoreClass,
} from './electron-store-data-file'
export { CURRENT_VAULT_VERSION } from './schema'
export { VaultFileCorruptError, VaultFileTooNewError } from './migrations'
