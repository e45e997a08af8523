/**
 * What the OTP core refuses, named by the input field at fault so a form can point at it.
 * The app turns these into its IPC error shape; the command line prints the message.
 */
export const otpInputErrorCodes = ['invalid-otpauth', 'invalid-secret'] as const
export type OtpInputErrorCode = (typeof otpInputErrorCodes)[number]

export class OtpInputError extends Error {
  readonly code: OtpInputErrorCode
  readonly field: string
  constructor(code: OtpInputErrorCode, message: string, field: string) {
    super(message)
    this.name = 'OtpInputError'
    this.code = code
    this.field = field
  }
}
