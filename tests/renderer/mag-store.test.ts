import { describe, expect, it } from 'vitest'
import type { MagAuthApi } from '../../src/shared/channels'
import { AppError } from '../../src/shared/errors'
import { MagStore } from '../../src/renderer/src/mag/mag-store'
import type { MagState } from '../../src/shared/mag-channels'
import { magState } from './mag-fixtures'

/** A main process whose MAG answers the test sets. */
function fakeMain(first: MagState | Error) {
  let answer: MagState | Error = first
  let reads = 0
  const api = {
    magGetState: async () => {
      reads++
      if (answer instanceof Error) throw answer
      return answer
    },
    magRefresh: async () => {
      if (answer instanceof Error) throw answer
      return answer
    },
  } as unknown as MagAuthApi
  return { api, set: (next: MagState | Error) => (answer = next), reads: () => reads }
}

describe('MagStore', () => {
  it('keeps the newest revision: a late answer never replaces a newer state', async () => {
    const main = fakeMain(magState({ revision: 5 }))
    const store = new MagStore(main.api)
    await store.load()
    store.accept(magState({ revision: 4, session: 'signed-out' }))
    expect(store.getSnapshot().state?.session).toBe('active')
    store.accept(magState({ revision: 6, session: 'expired' }))
    expect(store.getSnapshot().state?.session).toBe('expired')
  })

  it('says why when there is no state at all, and keeps the last state otherwise', async () => {
    const main = fakeMain(new AppError('mag-not-configured', 'No MAG service is configured.'))
    const store = new MagStore(main.api)
    await store.load()
    expect(store.getSnapshot().loadError).toEqual({
      code: 'mag-not-configured',
      message: 'No MAG service is configured.',
    })
    main.set(magState())
    await store.load()
    expect(store.getSnapshot().loadError).toBeUndefined()
    main.set(new AppError('mag-offline', 'The MAG service cannot be reached.'))
    await store.refresh()
    expect(store.getSnapshot().state?.revision).toBe(3)
    expect(store.getSnapshot().loadError).toBeUndefined()
  })

  it('shares one read between concurrent loads', async () => {
    const main = fakeMain(magState())
    const store = new MagStore(main.api)
    await Promise.all([store.load(), store.load(), store.load()])
    expect(main.reads()).toBe(1)
  })

  it('re-reads the state after an error that ended the session', async () => {
    const main = fakeMain(magState())
    const store = new MagStore(main.api)
    await store.load()
    main.set(magState({ revision: 4, session: 'expired' }))
    store.noteError(new AppError('otp-invalid', 'Wrong code.'))
    expect(main.reads()).toBe(1)
    store.noteError(new AppError('mag-session-expired', 'Your MAG session has ended.'))
    await store.load()
    expect(store.getSnapshot().state?.session).toBe('expired')
  })

  it('opens a requested screen once, and keeps each section where it was', () => {
    const store = new MagStore(fakeMain(magState()).api)
    store.setRoute('mag', { screen: 'get-2fa', flow: { step: 'checkout' } })
    expect(store.applyRequest({ screen: 'manage-otp' }, 1)).toBe('account')
    // The same request seen again (a remount) changes nothing.
    store.setRoute('account', { screen: 'manage-otp', tab: 'orders' })
    expect(store.applyRequest({ screen: 'manage-otp' }, 1)).toBeUndefined()
    expect(store.getSnapshot().routes).toEqual({
      mag: { screen: 'get-2fa', flow: { step: 'checkout' } },
      account: { screen: 'manage-otp', tab: 'orders' },
      settings: { screen: 'settings' },
    })
  })
})
