export { credentialTypeSchema, credentialTypes } from './credential-type'
export type { CredentialType } from './credential-type'
export { describeFieldError, fieldErrorMap, fieldErrorsOf, firstFieldError } from './field-errors'
export type { FieldError } from './field-errors'
export {
  errorBodySchema,
  httpStatusOf,
  isMagErrorCode,
  magErrorCodeSchema,
  magErrorCodes,
  magErrors,
} from './error-codes'
export type { ErrorBody, MagErrorCode } from './error-codes'
export {
  isAllowedPartnerUrlScheme,
  isLoopbackHostname,
  isPartnerOrigin,
  partnerOriginSchema,
} from './partner-origin'
export { otpCodeSchema } from './otp-code'
export type { OtpCode } from './otp-code'
export { requiredStrengthSchema, strengthSchema } from './strength'
export type { RequiredStrength, Strength } from './strength'
export { endpointNames, errorCodesOf, magApi, successStatusOf } from './api'
export type {
  EndpointAuth,
  EndpointBody,
  EndpointBodyInput,
  EndpointDefinition,
  EndpointHeaders,
  EndpointName,
  EndpointParams,
  EndpointQuery,
  EndpointResult,
  EndpointResultInput,
  HttpMethod,
  MagApi,
} from './api'
export * from './schemas/common'
export * from './schemas/service'
export * from './schemas/auth'
export * from './schemas/apps'
export * from './schemas/commerce'
export { errorCodesTable } from './error-codes-doc'
