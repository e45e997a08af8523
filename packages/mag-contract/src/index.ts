export { credentialTypeSchema, credentialTypes } from './credential-type'
export type { CredentialType } from './credential-type'
