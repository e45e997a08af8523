import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { CodeService, type CodeVault } from '../src'
import { hotpCodeSchema, totpCodeSchema, type Algorithm, type EntrySummary } from '../src/entry'
import { VaultError } from '../src/errors'
import {
  RFC4226_CODES,
  RFC4226_SECRET,
  RFC6238_SEEDS,
  RFC6238_VECTORS,
} from '../../otp/tests/rfc-vectors'

/**
 * An in-memory vault with VaultService's shape. The vault is tested on its own; here it
 * only has to hold secrets and counters, and record the order of calls.
 */
class MemoryVault implements CodeVault {
  readonly entries: EntrySummary[] = []
  readonly secrets = new Map<string, Uint8Array>()
  readonly calls: string[] = []
  lockedKeychain = false
  readonly damaged = new Set<string>()
  failNextReservation = false

  add(entry: Omit<EntrySummary, 'id'>, secret: Uint8Array): string {
    const id = randomUUID()
    this.entries.push({ id, ...entry })
    this.secrets.set(id, secret)
    return id
  }

  list(): EntrySummary[] {
    return this.entries.map((entry) => ({ ...entry }))
  }

  readSecret(id: string): Uint8Array {
    this.calls.push(`readSecret:${id}`)
    if (this.lockedKeychain) throw new VaultError('keychain-locked', 'The keyring is locked.')
    if (this.damaged.has(id)) {
      throw new VaultError('data-file-corrupt', 'This secret cannot be decrypted.', 'id')
    }
    const secret = this.secrets.get(id)
    if (!secret) throw new VaultError('not-found', 'No such entry.')
    return secret
  }

  async reserveHotpCounter(id: string): Promise<number> {
    this.calls.push(`reserve:${id}`)
    await Promise.resolve()
    if (this.failNextReservation) {
      this.failNextReservation = false
      throw new Error('disk full')
    }
    const entry = this.entries.find((candidate) => candidate.id === id)
    if (!entry || entry.counter === undefined) throw new Error('not an hotp entry')
    const reserved = entry.counter
    entry.counter = reserved + 1
    return reserved
  }
}

function totpEntry(algorithm: Algorithm, issuer: string = algorithm) {
  return { type: 'totp' as const, issuer, label: 'rfc6238', algorithm, digits: 8, period: 30 }
}

function hotpEntry(counter = 0) {
  const entry = {
    type: 'hotp' as const,
    issuer: 'RFC',
    label: 'rfc4226',
    algorithm: 'SHA1' as const,
  }
  return { ...entry, digits: 6, period: 30, counter }
}

describe('CodeService.codes', () => {
  it.each(RFC6238_VECTORS)(
    'gives the RFC 6238 codes of every TOTP entry at $seconds s',
    (vector) => {
      const vault = new MemoryVault()
      const ids = (['SHA1', 'SHA256', 'SHA512'] as const).map((algorithm) =>
        vault.add(totpEntry(algorithm), RFC6238_SEEDS[algorithm]),
      )
      const nowMs = vector.seconds * 1000
      const service = new CodeService({ vault, now: () => nowMs })

      const snapshot = service.codes()

      expect(snapshot.now).toBe(nowMs)
      expect(snapshot.codes.map((code) => code.id)).toEqual(ids)
      expect(snapshot.codes.map((code) => code.code)).toEqual([
        vector.codes.SHA1,
        vector.codes.SHA256,
        vector.codes.SHA512,
      ])
      const periodEnd = (Math.floor(vector.seconds / 30) + 1) * 30_000
      for (const code of snapshot.codes) {
        expect(totpCodeSchema.parse(code)).toEqual(code)
        expect(code.validUntil).toBe(periodEnd)
        expect(code.period).toBe(30)
      }
    },
  )

  it('gives the next code of the following step', () => {
    const vault = new MemoryVault()
    vault.add(totpEntry('SHA1'), RFC6238_SEEDS.SHA1)
    // 1111111109 s is the last second before the step of 1111111111 s.
    const service = new CodeService({ vault, now: () => 1111111109_500 })
    expect(service.codes().codes[0]).toMatchObject({
      code: '07081804',
      nextCode: '14050471',
      validUntil: 1111111110_000,
    })
  })

  it('follows the clock it was given on every call', () => {
    const vault = new MemoryVault()
    vault.add(totpEntry('SHA1'), RFC6238_SEEDS.SHA1)
    let now = 59_000
    const service = new CodeService({ vault, now: () => now })
    expect(service.codes().codes[0]?.code).toBe('94287082')
    now = 2000000000_000
    expect(service.codes().codes[0]?.code).toBe('69279037')
  })

  it('leaves out HOTP entries, keeps only asked ids, and skips ids that are gone', () => {
    const vault = new MemoryVault()
    const sha1 = vault.add(totpEntry('SHA1'), RFC6238_SEEDS.SHA1)
    const hotp = vault.add(hotpEntry(), RFC4226_SECRET)
    const sha512 = vault.add(totpEntry('SHA512'), RFC6238_SEEDS.SHA512)
    const service = new CodeService({ vault, now: () => 59_000 })

    expect(service.codes().codes.map((code) => code.id)).toEqual([sha1, sha512])
    expect(service.codes([sha512, hotp, randomUUID()]).codes).toEqual([
      {
        id: sha512,
        code: '90693936',
        nextCode: expect.any(String),
        validUntil: 60_000,
        period: 30,
      },
    ])
    expect(service.codes([]).codes).toEqual([])
    // HOTP secrets are not even read for the codes screen.
    expect(vault.calls).not.toContain(`readSecret:${hotp}`)
  })

  it('uses each entry’s own digits and period', () => {
    const vault = new MemoryVault()
    vault.add({ ...totpEntry('SHA1'), digits: 6, period: 60 }, RFC6238_SEEDS.SHA1)
    const service = new CodeService({ vault, now: () => 90_000 })
    // Step 1 of a 60 s period is counter 1: RFC 4226's second code.
    expect(service.codes().codes[0]).toMatchObject({
      code: RFC4226_CODES[1],
      nextCode: RFC4226_CODES[2],
      validUntil: 120_000,
      period: 60,
    })
  })

  it('still gives every other code when one entry cannot be decrypted', () => {
    const vault = new MemoryVault()
    const sha1 = vault.add(totpEntry('SHA1'), RFC6238_SEEDS.SHA1)
    const damaged = vault.add(totpEntry('SHA256'), RFC6238_SEEDS.SHA256)
    const sha512 = vault.add(totpEntry('SHA512'), RFC6238_SEEDS.SHA512)
    vault.damaged.add(damaged)
    const service = new CodeService({ vault, now: () => 59_000 })
    const snapshot = service.codes()
    expect(snapshot.codes.map(({ id, code }) => [id, code])).toEqual([
      [sha1, '94287082'],
      [sha512, '90693936'],
    ])
    // Named, so its row can say why it has no code.
    expect(snapshot.unreadable).toEqual([damaged])
    expect(service.codes([sha1]).unreadable).toEqual([])
  })

  it('reports a keychain failure instead of returning partial codes', () => {
    const vault = new MemoryVault()
    vault.add(totpEntry('SHA1'), RFC6238_SEEDS.SHA1)
    vault.lockedKeychain = true
    const service = new CodeService({ vault, now: () => 59_000 })
    expect(() => service.codes()).toThrow(expect.objectContaining({ code: 'keychain-locked' }))
  })
})

describe('CodeService.nextHotp', () => {
  it('walks RFC 4226 Appendix D, storing counter + 1 each time', async () => {
    const vault = new MemoryVault()
    const id = vault.add(hotpEntry(), RFC4226_SECRET)
    const service = new CodeService({ vault, now: () => 0 })

    for (const [counter, code] of RFC4226_CODES.entries()) {
      const result = await service.nextHotp(id)
      expect(hotpCodeSchema.parse(result)).toEqual({ id, code, counter })
      expect(vault.list()[0]?.counter).toBe(counter + 1)
    }
  })

  it('starts from the stored counter', async () => {
    const vault = new MemoryVault()
    const id = vault.add(hotpEntry(7), RFC4226_SECRET)
    const service = new CodeService({ vault, now: () => 0 })
    expect(await service.nextHotp(id)).toEqual({ id, code: RFC4226_CODES[7], counter: 7 })
  })

  it('never shows a code whose counter was not stored', async () => {
    const vault = new MemoryVault()
    const id = vault.add(hotpEntry(3), RFC4226_SECRET)
    const service = new CodeService({ vault, now: () => 0 })
    vault.failNextReservation = true

    await expect(service.nextHotp(id)).rejects.toThrow('disk full')
    expect(vault.list()[0]?.counter).toBe(3)
    // The next attempt uses the counter that was never shown.
    expect(await service.nextHotp(id)).toMatchObject({ code: RFC4226_CODES[3], counter: 3 })
  })

  it('reads the secret before reserving, so a locked keychain uses up no counter', async () => {
    const vault = new MemoryVault()
    const id = vault.add(hotpEntry(2), RFC4226_SECRET)
    const service = new CodeService({ vault, now: () => 0 })
    vault.lockedKeychain = true

    await expect(service.nextHotp(id)).rejects.toMatchObject({ code: 'keychain-locked' })
    expect(vault.list()[0]?.counter).toBe(2)
    expect(vault.calls).toEqual([`readSecret:${id}`])
  })

  it('refuses an unknown id and a TOTP entry by name', async () => {
    const vault = new MemoryVault()
    const totpId = vault.add(totpEntry('SHA1', 'GitHub'), RFC6238_SEEDS.SHA1)
    const service = new CodeService({ vault, now: () => 0 })

    await expect(service.nextHotp(randomUUID())).rejects.toMatchObject({
      code: 'not-found',
      field: 'id',
    })
    await expect(service.nextHotp(totpId)).rejects.toMatchObject({
      code: 'invalid-argument',
      message:
        'GitHub (rfc6238) is a time-based (TOTP) account; it has no next code to advance to.',
    })
    expect(vault.calls).toEqual([])
  })
})
