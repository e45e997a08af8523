/** Maps a verification failure to the domain error a client sees (stable contract codes). */
import { MagDomainError } from '../errors'
import type { VerifyFailureReason } from './verify'

export function otpFailureError(reason: VerifyFailureReason): MagDomainError {
  switch (reason) {
    case 'invalid':
      return new MagDomainError('otp-invalid', 'The one-time code is not correct')
    case 'replayed':
      return new MagDomainError(
        'otp-replayed',
        'This one-time code was already used; wait for the next one',
      )
    case 'locked':
      return new MagDomainError(
        'credential-locked',
        'The credential is locked after too many wrong codes; resync it with two consecutive codes',
      )
    case 'rate-limited':
      return new MagDomainError('rate-limited', 'Too many attempts; wait a minute and try again')
    case 'expired':
      return new MagDomainError(
        'credential-expired',
        'The credential has expired and no longer counts for OTP; buy a new credential',
      )
    case 'inactive':
      return new MagDomainError('credential-inactive', 'The credential is not active')
  }
}
