export {
  decodeBase32,
  decodeBase32Secret,
  decodeSecretFrom,
  encodeBase32,
  normalizeBase32,
  Base32SecretError,
  MAX_SECRET_CHARS,
  MAX_SECRET_INPUT_CHARS,
  MIN_SECRET_BYTES,
} from './base32'
export { hotp, stepOf, totp, totpWindow } from './engine'
export { codesEqual, isCodeShape, matchStep, stepsAround } from './verify'
export type { HotpOptions, TotpOptions, TotpWindow } from './engine'
export { OTPAUTH_DEFAULTS, parseOtpauthUri, writeOtpauthUri } from './otpauth'
export type { OtpauthEntry, OtpauthField } from './otpauth'
export { OtpInputError, otpInputErrorCodes } from './errors'
export type { OtpInputErrorCode } from './errors'
export { algorithmSchema, otpTypeSchema } from './parameters'
export type { Algorithm, OtpType } from './parameters'
