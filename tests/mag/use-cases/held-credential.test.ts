import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { totp } from '@mag/otp'
import { HeldCredentials } from '../../../src/main/mag/held-credential'
import { openTestVault, type TestVault } from './test-vault'

/**
 * Which step the app proves a held MAG credential with. The vault is real (test keyring);
 * the clock is a fake that sleep() moves, so the waits are measured, not waited.
 */
const CREDENTIAL = 'a6f0c1de-0b4e-4a55-9d43-2f5b1c3e7a10'
const SECRET = new TextEncoder().encode('12345678901234567890')
const PERIOD_MS = 30_000
/** A step boundary well after 1970 (T = 59 s is RFC 6238's first test time). */
const STEP_START = 1_800_000_000 - (1_800_000_000 % 30) // seconds, a multiple of 30

let held: TestVault
let now: number
let waits: number[]
let skew: number | null

const codeAtStep = (step: number): string =>
  totp(SECRET, step * PERIOD_MS, { algorithm: 'SHA1', digits: 6, period: 30 })

function credentials(): HeldCredentials {
  return new HeldCredentials({
    vault: async () => held.vault,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms)
      now += ms
    },
    clockSkewMs: () => skew,
  })
}

beforeEach(async () => {
  held = await openTestVault()
  await held.vault.add({
    type: 'totp',
    issuer: 'MAG',
    label: 'someone@example.test',
    secret: SECRET,
    magCredentialId: CREDENTIAL,
  })
  waits = []
  skew = null
  now = STEP_START * 1000 + 10_000
})
afterEach(async () => {
  await held.remove()
})

describe('HeldCredentials', () => {
  const step = STEP_START / 30

  it('answers the current step, then the next one without waiting once safely inside the step', async () => {
    const otp = credentials()
    const first = await otp.nextCode(CREDENTIAL)
    expect(first).toMatchObject({ step, code: codeAtStep(step) })
    otp.recordUsed(CREDENTIAL, step)

    const second = await otp.nextCode(CREDENTIAL)
    expect(second).toMatchObject({ step: step + 1, code: codeAtStep(step + 1) })
    expect(waits).toEqual([])
  })

  it('never reuses a step: a third proof in one step waits for the step to turn', async () => {
    const otp = credentials()
    otp.recordUsed(CREDENTIAL, step)
    otp.recordUsed(CREDENTIAL, step + 1)
    const third = await otp.nextCode(CREDENTIAL)
    expect(third?.step).toBe(step + 2)
    // Until 3 s into the next step, where step + 2 is one ahead of the service's current.
    expect(waits).toEqual([PERIOD_MS - 10_000 + 3000])
  })

  it('does not take the following step in the first seconds of a step (a clock a little ahead would make it two ahead)', async () => {
    now = STEP_START * 1000 + 1000
    const otp = credentials()
    otp.recordUsed(CREDENTIAL, step)
    expect((await otp.nextCode(CREDENTIAL))?.step).toBe(step + 1)
    expect(waits).toEqual([2000])
  })

  it('widens that guard by how far this clock is ahead of the service', async () => {
    now = STEP_START * 1000 + 5000
    skew = -10_000
    const otp = credentials()
    otp.recordUsed(CREDENTIAL, step)
    expect((await otp.nextCode(CREDENTIAL))?.step).toBe(step + 1)
    expect(waits).toEqual([8000])
  })

  it('forgets steps recorded before this clock went back, instead of waiting for them', async () => {
    const otp = credentials()
    otp.recordUsed(CREDENTIAL, step)
    otp.recordUsed(CREDENTIAL, step + 1)
    now -= 3 * 60_000
    expect((await otp.nextCode(CREDENTIAL))?.step).toBe(step - 6)
    expect(waits).toEqual([])
  })

  it('waits for the steps a resync ran ahead of now', async () => {
    const otp = credentials()
    otp.recordUsed(CREDENTIAL, step)
    const resync = await otp.consecutiveCodes(CREDENTIAL)
    expect(resync?.lastStep).toBe(step + 2)
    otp.recordUsed(CREDENTIAL, step + 2)
    expect((await otp.nextCode(CREDENTIAL))?.step).toBe(step + 3)
    expect(waits).toEqual([2 * PERIOD_MS - 10_000 + 3000])
  })

  it('gives two consecutive codes after the last step used, without waiting (resync)', async () => {
    const otp = credentials()
    otp.recordUsed(CREDENTIAL, step + 1)
    expect(await otp.consecutiveCodes(CREDENTIAL)).toEqual({
      codes: [codeAtStep(step + 2), codeAtStep(step + 3)],
      lastStep: step + 3,
    })
    expect(waits).toEqual([])
  })

  it('answers undefined for a credential the vault does not hold, and forgets history on request', async () => {
    const otp = credentials()
    expect(await otp.nextCode('f0f0f0f0-0000-4000-8000-000000000000')).toBeUndefined()
    expect(await otp.consecutiveCodes('f0f0f0f0-0000-4000-8000-000000000000')).toBeUndefined()
    otp.recordUsed(CREDENTIAL, step + 1)
    otp.forget(CREDENTIAL)
    expect((await otp.nextCode(CREDENTIAL))?.step).toBe(step)
  })

  it('reads the seed from the vault: a removed entry is no longer held', async () => {
    const otp = credentials()
    const entry = await otp.entryFor(CREDENTIAL)
    expect(entry?.magCredentialId).toBe(CREDENTIAL)
    await held.vault.remove(entry?.id ?? '')
    expect(await otp.nextCode(CREDENTIAL)).toBeUndefined()
  })
})
