/** Maps a verification failure to the HTTP error a client sees (stable codes). */
import { ApiError } from '../http/errors'
import type { VerifyFailureReason } from './verify'

export function otpFailureError(reason: VerifyFailureReason): ApiError {
  switch (reason) {
    case 'invalid':
      return new ApiError(401, 'otp-invalid', 'The one-time code is not correct')
    case 'replayed':
      return new ApiError(
        401,
        'otp-replayed',
        'This one-time code was already used; wait for the next one',
      )
    case 'locked':
      return new ApiError(
        423,
        'credential-locked',
        'The credential is locked after too many wrong codes; resync it with two consecutive codes',
      )
    case 'rate-limited':
      return new ApiError(429, 'rate-limited', 'Too many attempts; wait a minute and try again')
    case 'expired':
      return new ApiError(
        403,
        'credential-expired',
        'The credential has expired and no longer counts for OTP; buy a new credential',
      )
    case 'inactive':
      return new ApiError(409, 'credential-inactive', 'The credential is not active')
  }
}
