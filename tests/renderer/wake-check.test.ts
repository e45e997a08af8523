import { describe, expect, it } from 'vitest'
import type { PendingLink } from '../../src/shared/pending-link'
import { createWakeCheck } from '../../src/renderer/src/lib/wake-check'

const link = (id: string): PendingLink => ({ id, issuer: 'GitHub', label: id, type: 'totp' })

/** A main process whose links and revision the test sets. */
function fakeMain() {
  const state = { links: [] as PendingLink[], revision: 'r1' as string | null, failRevision: false }
  let revisionCalls = 0
  const api = {
    takePendingLinks: async () => state.links.splice(0),
    getVaultRevision: async () => {
      revisionCalls++
      if (state.failRevision) throw new Error('vault unavailable')
      return { revision: state.revision }
    },
  }
  return { state, api, revisionCalls: () => revisionCalls }
}

function watch(main: ReturnType<typeof fakeMain>) {
  const shown: string[] = []
  let changes = 0
  const errors: unknown[] = []
  const wake = createWakeCheck({
    api: main.api,
    onLinks: (links) => shown.push(...links.map((l) => l.id)),
    onVaultChanged: () => {
      changes++
    },
    onError: (error) => errors.push(error),
  })
  return { wake, shown, changes: () => changes, errors }
}

describe('createWakeCheck', () => {
  it('hands over the links clicked since the last check, each once', async () => {
    const main = fakeMain()
    const { wake, shown } = watch(main)
    main.state.links.push(link('a'), link('b'))
    await wake.check()
    await wake.check()
    main.state.links.push(link('c'))
    await wake.check()
    expect(shown).toEqual(['a', 'b', 'c'])
  })

  it('lists again only when the revision moved since the last check (not on the first)', async () => {
    const main = fakeMain()
    const { wake, changes } = watch(main)
    await wake.check()
    expect(changes()).toBe(0)
    await wake.check()
    expect(changes()).toBe(0)
    main.state.revision = 'r2'
    await wake.check()
    expect(changes()).toBe(1)
    await wake.check()
    expect(changes()).toBe(1)
    // The file went away (moved aside): that is a change too.
    main.state.revision = null
    await wake.check()
    expect(changes()).toBe(2)
  })

  it('never runs two checks at once; a wake during one runs one more after it', async () => {
    const main = fakeMain()
    const { wake } = watch(main)
    const first = wake.check()
    const second = wake.check()
    const third = wake.check()
    await Promise.all([first, second, third])
    expect(main.revisionCalls()).toBe(2)
  })

  it('still shows links when the revision cannot be read', async () => {
    const main = fakeMain()
    const { wake, shown, errors } = watch(main)
    main.state.failRevision = true
    main.state.links.push(link('a'))
    await wake.check()
    expect(shown).toEqual(['a'])
    expect(errors).toHaveLength(1)
  })
})
