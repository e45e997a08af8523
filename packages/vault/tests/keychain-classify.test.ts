import { describe, expect, it } from 'vitest'
import { classifyKeychainError, createKeytarKeychain, KeychainLoadError } from '../src'
import { parseSearchItemsLocked } from '../src/keychain'

// Texts captured from keytar 7.9 / libsecret on Debian 12 by provoking each fault
// (keychain-errors.test.ts provokes them again for real, end to end).
describe('classifyKeychainError', () => {
  it.each([
    ['Could not connect: No such file or directory', 'keychain-unavailable'],
    ['Cannot autolaunch D-Bus without X11 $DISPLAY', 'keychain-unavailable'],
    [
      'The name org.freedesktop.secrets was not provided by any .service files',
      'keychain-unavailable',
    ],
    ['Cannot create an item in a locked collection', 'keychain-locked'],
    [
      'Rejected send message, 2 matched rules; type="method_call", sender=":1.1" interface="org.freedesktop.Secret.Service" member="OpenSession"',
      'keychain-denied',
    ],
    ['something nobody has seen before', 'keychain-unavailable'],
  ])('%s → %s', (message, kind) => {
    const problem = classifyKeychainError(new Error(message))
    expect(problem.kind).toBe(kind)
    expect(problem.message.length).toBeGreaterThan(10)
    expect(problem.remedy).toMatch(/Try again/)
  })

  it('names the remedy for a missing Secret Service', () => {
    expect(classifyKeychainError(new Error('Could not connect: x')).remedy).toBe(
      'Install and unlock a Secret Service keyring such as GNOME Keyring or KWallet, then click Try again.',
    )
  })

  it('a keytar that cannot be loaded is keychain-unavailable, not a crash at import', async () => {
    const keychain = createKeytarKeychain({
      load: () => {
        throw new Error("Cannot find module 'keytar'")
      },
    })
    const err = await keychain.getPassword('s', 'a').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(KeychainLoadError)
    expect(classifyKeychainError(err)).toMatchObject({
      kind: 'keychain-unavailable',
      message: expect.stringMatching(/Cannot find module 'keytar'/),
    })
  })
})

describe('parseSearchItemsLocked (gdbus SearchItems output)', () => {
  it.each([
    ["([objectpath '/org/freedesktop/secrets/collection/login/1'], @ao [])\n", false],
    ["(@ao [], [objectpath '/org/freedesktop/secrets/collection/login/1'])\n", true],
    ['(@ao [], @ao [])\n', false],
    ['garbage', null],
  ] as const)('%s → %s', (out, expected) => {
    expect(parseSearchItemsLocked(out)).toBe(expected)
  })
})
