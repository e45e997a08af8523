export { credentialTypeSchema, credentialTypes } from './credential-type'
export type { CredentialType } from './credential-type'
export { describeFieldError, fieldErrorMap, fieldErrorsOf, firstFieldError } from './field-errors'
export type { FieldError } from './field-errors'
