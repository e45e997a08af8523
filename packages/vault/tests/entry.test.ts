import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeBase32, writeOtpauthUri, parseOtpauthUri } from '@mag/otp'
import { validEntry } from '../../otp/tests/arbitraries'
import { newEntryInputSchema } from '../src/entry'

describe('links and the manual-entry form agree', () => {
  it('gives back entries the manual-entry form accepts', () => {
    // The form's own schema is what "valid" means for issuer and label (trimmed, ≤ 200).
    fc.assert(
      fc.property(validEntry, (link) => {
        const entry = parseOtpauthUri(writeOtpauthUri(link))
        const form = newEntryInputSchema.parse({ ...entry, secret: encodeBase32(entry.secret) })
        expect(form.issuer).toBe(entry.issuer)
        expect(form.label).toBe(entry.label)
      }),
    )
  })
})
