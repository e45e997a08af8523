import { describe, expect, it } from 'vitest'
import { detectImporter, formatIds, ImportError, importerFor, importers } from '../src'

describe('the importer registry', () => {
  it('holds exactly one importer per format id', () => {
    expect(importers.map((importer) => importer.id).sort()).toEqual([...formatIds].sort())
    for (const id of formatIds) expect(importerFor(id).id).toBe(id)
  })

  it('names every format it reads when a file is recognised by none', () => {
    const input = { bytes: new TextEncoder().encode('just some notes\n') }
    let caught: unknown
    try {
      detectImporter(input)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(ImportError)
    expect((caught as ImportError).code).toBe('unknown-format')
    for (const importer of importers)
      expect((caught as ImportError).message).toContain(importer.name)
  })

  it('finds the one importer for a file in a known format', () => {
    const list = 'otpauth://totp/Example:alice?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Example\n'
    expect(detectImporter({ bytes: new TextEncoder().encode(list) }).id).toBe('otpauth-list')
  })
})
