// The vault's status is defined by the vault (packages/vault); the IPC map carries it as is.
export * from '@mag/vault/status'
