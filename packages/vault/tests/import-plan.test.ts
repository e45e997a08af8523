import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { EntrySummary } from '../src/entry'
import { planImport, toNewVaultEntry, type PlannedEntry } from '../src/import-plan'

type ImportedEntry = PlannedEntry & {
  algorithm: 'SHA1'
  digits: number
  period: number
  counter: number
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text)

const imported = (label: string, secret: string): ImportedEntry => ({
  type: 'totp',
  issuer: 'GitHub',
  label,
  secret: bytes(secret),
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
  counter: 0,
})

const inVault = (label: string, secret: string) => {
  const summary: EntrySummary = {
    id: randomUUID(),
    type: 'totp',
    issuer: 'GitHub',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  }
  return { summary, secret: () => bytes(secret) }
}

describe('what an import would add', () => {
  it('skips an account with the same name and secret, adds one whose secret changed', () => {
    const same = imported('alice', 'secret-a-0123456')
    const rekeyed = imported('bob', 'secret-b-new-456')
    const fresh = imported('carol', 'secret-c-0123456')
    const plan = planImport({ entries: [same, rekeyed, fresh], problems: [] }, [
      inVault('alice', 'secret-a-0123456'),
      inVault('bob', 'secret-b-old-456'),
    ])
    expect(plan.present).toEqual([same])
    expect(plan.toAdd).toEqual([rekeyed, fresh])
    expect(plan.sameNameOtherSecret).toEqual([rekeyed])
    expect(plan.statuses).toEqual(['present', 'conflict', 'new'])
  })

  it('decrypts each same-name secret once, however many entries share the name', () => {
    let reads = 0
    const alice = inVault('alice', 'secret-a-0123456')
    const counted = { ...alice, secret: () => (reads++, alice.secret()) }
    const plan = planImport(
      {
        entries: [imported('alice', 'other-secret-001'), imported('alice', 'secret-a-0123456')],
        problems: [],
      },
      [counted],
    )
    expect(plan.statuses).toEqual(['conflict', 'present'])
    expect(reads).toBe(1)
  })

  it('hands the vault every field that shapes a code, and the group only when there is one', () => {
    const entry = { ...imported('alice', 'secret-a-0123456'), group: 'Work' }
    expect(toNewVaultEntry(entry)).toEqual(entry)
    expect(toNewVaultEntry({ ...entry, group: '' })).not.toHaveProperty('group')
  })

  it('decrypts only the secrets of accounts with the same name', () => {
    let reads = 0
    const other = inVault('zed', 'whatever-secret-1')
    const counted = { ...other, secret: () => (reads++, other.secret()) }
    planImport({ entries: [imported('alice', 'x-secret-000000')], problems: [] }, [counted])
    expect(reads).toBe(0)
  })

  it('passes the file problems through unchanged', () => {
    const problems = [{ index: 6, name: 'Steam', reason: 'Steam codes are not TOTP' }]
    expect(planImport({ entries: [], problems }, []).problems).toEqual(problems)
  })
})
