import fc from 'fast-check'
import { expect } from 'vitest'
import { ImportError, type ImporterDefinition, type ReadOutcome } from '../src'

/**
 * Fuzzing for every reader: whatever the bytes, recognising never throws and reading ends in
 * a preview, needs-password or an ImportError; any other exception, or a hang past the test's
 * timeout, fails. A preview's entries must be ones the vault accepts.
 */
export async function expectOnlyImportErrors(
  importer: ImporterDefinition,
  files: fc.Arbitrary<Uint8Array>,
  numRuns: number,
  password?: string,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(files, async (bytes) => {
      expect(typeof importer.recognises({ bytes })).toBe('boolean')
      let outcome: ReadOutcome
      try {
        outcome = await importer.read({ bytes }, password)
      } catch (error) {
        if (error instanceof ImportError) return
        throw error
      }
      if (outcome.kind === 'preview') expectVaultShaped(outcome)
    }),
    { numRuns },
  )
}

function expectVaultShaped(outcome: Extract<ReadOutcome, { kind: 'preview' }>): void {
  for (const entry of outcome.preview.entries) {
    expect(entry.label.trim()).not.toBe('')
    expect(entry.label.length).toBeLessThanOrEqual(200)
    expect(entry.issuer.length).toBeLessThanOrEqual(200)
    expect(entry.digits).toBeGreaterThanOrEqual(6)
    expect(entry.digits).toBeLessThanOrEqual(8)
    expect(entry.period).toBeGreaterThanOrEqual(1)
    expect(entry.period).toBeLessThanOrEqual(3600)
    expect(Number.isSafeInteger(entry.counter) && entry.counter >= 0).toBe(true)
    expect(entry.secret.length).toBeGreaterThanOrEqual(10)
  }
}

/** A valid file damaged the ways files get damaged: bytes flipped, cut, dropped or inserted. */
export function mutatedBytes(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const at = fc.nat({ max: Math.max(0, valid.length - 1) })
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at, value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('cut' as const), at }),
    fc.record({ kind: fc.constant('drop' as const), at, length: fc.integer({ min: 1, max: 16 }) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at,
      bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }),
    }),
  )
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((mutations) => {
    let bytes = Uint8Array.from(valid)
    for (const m of mutations) {
      const i = Math.min(m.at, bytes.length)
      switch (m.kind) {
        case 'flip':
          if (i < bytes.length) bytes[i] = m.value
          break
        case 'cut':
          bytes = bytes.slice(0, i)
          break
        case 'drop':
          bytes = Uint8Array.from([...bytes.slice(0, i), ...bytes.slice(i + m.length)])
          break
        case 'insert':
          bytes = Uint8Array.from([...bytes.slice(0, i), ...m.bytes, ...bytes.slice(i)])
          break
      }
    }
    return bytes
  })
}
