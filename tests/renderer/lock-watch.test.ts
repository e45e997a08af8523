import { describe, expect, it } from 'vitest'
import { createApiClient } from '../../src/shared/api-client'
import type { MagAuthBridge } from '../../src/shared/channels'
import { channelNames } from '../../src/shared/channel-names'
import type { LockState } from '../../src/shared/lock-channels'
import { newPasswordSchema } from '@mag/vault'
import { watchLock } from '../../src/renderer/src/lock/lock-watch'
import {
  MIN_VAULT_PASSWORD_LENGTH,
  newPasswordProblems,
} from '../../src/renderer/src/lock/password-form'

/** A bridge whose every channel answers what `answer` says, as main's envelopes. */
function bridge(
  answer: (channel: string) => { ok: true; value: unknown } | { ok: false; error: unknown },
) {
  const calls: Record<string, () => Promise<unknown>> = {}
  for (const name of channelNames) calls[name] = async () => answer(name)
  return calls as unknown as MagAuthBridge
}

function watched(answer: Parameters<typeof bridge>[0]) {
  const seen = { locked: 0, states: [] as LockState[] }
  const api = watchLock(createApiClient(bridge(answer)), {
    locked: () => void seen.locked++,
    state: (state) => void seen.states.push(state),
  })
  return { api, seen }
}

const lockedError = {
  ok: false as const,
  error: { code: 'locked', message: 'The vault is locked.' },
}

describe('watchLock: the window learns of the lock from whichever call meets it', () => {
  it("reports 'locked' from any channel, and the caller still gets its error", async () => {
    const { api, seen } = watched(() => lockedError)
    await expect(api.getCodes({ ids: [] })).rejects.toMatchObject({ code: 'locked' })
    await expect(api.takePendingLinks()).rejects.toMatchObject({ code: 'locked' })
    await expect(api.magGetState()).rejects.toMatchObject({ code: 'locked' })
    expect(seen.locked).toBe(3)
  })

  it('reports a vault status that says locked, and every lock channel’s new state', async () => {
    const state = { locked: false, hasPassword: true }
    const { api, seen } = watched((channel) =>
      channel === 'getVaultStatus'
        ? { ok: true, value: { state: 'locked', entryCount: 2, notices: [] } }
        : { ok: true, value: state },
    )
    await api.getVaultStatus()
    expect(seen.locked).toBe(1)
    await api.getLockState()
    await api.unlock({ password: 'x' })
    await api.setVaultPassword({ newPassword: 'y'.repeat(8) })
    await api.removeVaultPassword({ currentPassword: 'y' })
    await api.lock()
    expect(seen.states).toHaveLength(5)
  })

  it('passes other answers and errors through without reporting anything', async () => {
    const { api, seen } = watched((channel) =>
      channel === 'deleteEntry'
        ? { ok: false, error: { code: 'not-found', message: 'No such account.' } }
        : { ok: true, value: [] },
    )
    await expect(api.listEntries()).resolves.toEqual([])
    await expect(api.deleteEntry({ id: 'a' })).rejects.toMatchObject({ code: 'not-found' })
    expect(seen).toEqual({ locked: 0, states: [] })
  })
})

describe('newPasswordProblems: what the form says before asking main', () => {
  it("holds a new password to the vault's own minimum", () => {
    const short = 'x'.repeat(MIN_VAULT_PASSWORD_LENGTH - 1)
    expect(newPasswordProblems({ newPassword: short, repeat: short })).toEqual({
      newPassword: { id: 'lock.password.tooShort', values: { min: MIN_VAULT_PASSWORD_LENGTH } },
    })
    const enough = 'x'.repeat(MIN_VAULT_PASSWORD_LENGTH)
    expect(newPasswordProblems({ newPassword: enough, repeat: enough })).toEqual({})
    // The very rule the vault enforces, not a copy of it.
    expect(newPasswordSchema.safeParse(short).success).toBe(false)
    expect(newPasswordSchema.safeParse(enough).success).toBe(true)
  })

  it('asks for the same password twice, and for the current one when changing', () => {
    expect(
      newPasswordProblems({
        newPassword: 'long enough',
        repeat: 'long enougH',
        currentPassword: '',
      }),
    ).toEqual({
      currentPassword: { id: 'lock.password.currentMissing' },
      repeat: { id: 'lock.password.repeatDifferent' },
    })
  })
})
