// The entry model is the vault's (packages/vault); the IPC map and the renderer use it as is.
export * from '@mag/vault/entry'
