import { sampleAccounts } from './accounts'
import { startChildServices } from './child-services'
import { expect, seed, test } from './harness'

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
