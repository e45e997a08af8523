import { readFile } from 'node:fs/promises'
import { createKeytarKeychain } from '@mag/vault'
import { sampleAccounts } from './accounts'
import { startChildServices } from './child-services'
import { expect, seed, test } from './harness'
import { base32Decode, totp } from './rfc6238'
import { formatCode } from '../../src/renderer/src/lib/code-format'
import { isDefaultKeyringLocked, lockDefaultKeyring, unlockDefaultKeyring } from './test-keyring'

test.use({ viewport: { width: 880, height: 720 } })

test('no keychain: a full screen says what happened and how to fix it, and still lists the accounts', async ({
  app,
}) => {
  // Accounts stored while the keychain worked...
  await seed(app.services, sampleAccounts.slice(0, 4))
  // ...then the app starts where no Secret Service can be reached (the session bus is gone).
  const child = await startChildServices(app.dataPath, {
    ...process.env,
    DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/mag-e2e-bus',
  })
  try {
    app.bindTo(child.dispatch)
    await app.load()
    await expect(app.page.getByRole('heading', { level: 1 })).toHaveText('No keychain available')
    await expect(app.page.getByText(/No keyring service could be reached/)).toBeVisible()
    await expect(app.page.getByText(/Install and unlock a Secret Service keyring/)).toBeVisible()
    const accounts = app.page.getByRole('region', { name: /Your accounts/ }).getByRole('listitem')
    await expect(accounts).toHaveText([
      'GGitHub (alice@example.com)',
      'MMAG Portal (alice.smith)',
      'AAmazon Web Services (alice@prod-account)',
      'GGitLab (bob@example.org)',
    ])
    // No code is shown anywhere: without the key there is nothing to compute them from.
    await expect(app.page.locator('.code')).toHaveCount(0)
    await app.screenshot('keychain-error')

    const retry = app.page.getByRole('button', { name: 'Try again' })
    await expect(retry).toBeFocused()
    await retry.click()
    await expect(app.page.getByRole('alert')).toContainText('Still no access')
    await expect(app.page.getByRole('heading', { level: 1 })).toHaveText('No keychain available')
  } finally {
    child.stop()
  }
  // Nothing was lost or rewritten: the working keychain still opens all four.
  expect((await app.reopen()).vault.list()).toHaveLength(4)
})

test.describe('a locked keychain', () => {
  // Pinned early in a period, so the codes checked after the unlock are known exactly.
  const pinned = Math.floor(Date.UTC(2025, 5, 2, 9, 41, 0) / 30_000) * 30_000 + 9_000
  test.use({ pinnedNow: pinned })

  test('says it is locked and how to unlock it; after the user unlocks, Try again brings every code back', async ({
    app,
  }) => {
    const accounts = sampleAccounts.slice(0, 4)
    await seed(app.services, accounts)
    const stored = await readFile(app.dataPath)
    await lockDefaultKeyring()
    try {
      // The app starts while the keyring is locked: fresh services over the same file and key.
      app.bindTo((await app.reopen()).dispatch)
      await app.load()
      await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(
        'Your keychain is locked',
      )
      await expect(app.page.getByText(/Unlock your keyring/)).toBeVisible()
      await expect(
        app.page.getByRole('region', { name: /Your accounts \(4\)/ }).getByRole('listitem'),
      ).toHaveCount(4)
      await expect(app.page.locator('.code')).toHaveCount(0)
      await app.screenshot('keychain-locked')

      // Trying again before unlocking changes nothing and says so.
      const retry = app.page.getByRole('button', { name: 'Try again' })
      await retry.click()
      await expect(app.page.getByRole('alert')).toContainText('Still no access')
      await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(
        'Your keychain is locked',
      )

      // The user unlocks the keyring (the desktop's unlock dialog does this call), then retries.
      await unlockDefaultKeyring()
      await retry.click()
      await expect(app.page.getByRole('heading', { level: 1 })).toHaveText('Codes')
      const rows = app.page.getByRole('listitem')
      await expect(rows).toHaveCount(accounts.length)
      for (const account of accounts) {
        const expected = totp(base32Decode(account.secret), pinned, {
          digits: account.digits ?? 6,
          algorithm: (account.algorithm ?? 'SHA1').toLowerCase(),
        })
        await expect(rows.filter({ hasText: account.issuer }).locator('.code--current')).toHaveText(
          formatCode(expected),
        )
      }
    } finally {
      // Never leave the shared test keyring locked for the tests that follow.
      if (await isDefaultKeyringLocked()) await unlockDefaultKeyring()
    }
    // Nothing was lost or rewritten while the keychain was locked.
    expect(await readFile(app.dataPath)).toEqual(stored)
  })
})

test('vault key gone from the keychain (a reset keyring): the app says so, offers no new key, and leaves the data file alone', async ({
  app,
}) => {
  await seed(app.services, sampleAccounts.slice(0, 3))
  // The keyring was reset: the item holding the vault key no longer exists, for real.
  expect(await createKeytarKeychain().deletePassword(app.keychainService, 'vault-key')).toBe(true)
  const written = await readFile(app.dataPath)

  app.bindTo(app.restart().dispatch)
  await app.load()
  await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(
    'The key to your codes is missing',
  )
  await expect(app.page.getByText(/restore/i).first()).toBeVisible()
  const accounts = app.page.getByRole('region', { name: /Your accounts/ }).getByRole('listitem')
  await expect(accounts).toHaveCount(3)
  await expect(app.page.locator('.code')).toHaveCount(0)
  await app.screenshot('vault-key-missing')

  // Trying again must not mint a new key over data it cannot read.
  await app.page.getByRole('button', { name: 'Try again' }).click()
  await expect(app.page.getByRole('alert')).toBeVisible()
  expect(await createKeytarKeychain().getPassword(app.keychainService, 'vault-key')).toBeNull()
  expect(await readFile(app.dataPath)).toEqual(written)
})
