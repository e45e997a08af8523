export {
  decodeBase32,
  decodeBase32Secret,
  encodeBase32,
  normalizeBase32,
  Base32SecretError,
  MAX_SECRET_CHARS,
  MIN_SECRET_BYTES,
} from './base32'
export { hotp, totp, totpWindow } from './engine'
export type { HotpOptions, TotpOptions, TotpWindow } from './engine'
export { OTPAUTH_DEFAULTS, parseOtpauthUri, writeOtpauthUri } from './otpauth'
export type { OtpauthEntry, OtpauthField } from './otpauth'
export { CodeService } from './code-service'
export type { CodeServiceDeps, CodeVault, CodesSnapshot } from './code-service'
