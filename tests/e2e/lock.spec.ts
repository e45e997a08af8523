import type { Page } from '@playwright/test'
import { expect, seed, test } from './harness'

/**
 * The vault password and lock as a user meets them, in Chromium with the built renderer bound
 * to the real main-process services (real keychain item, real scrypt): set a password in
 * Settings after the warning, Lock now, the lock screen with nothing of the vault in the
 * page, a wrong then the right password, a lock caused in main (idle, screen lock, the
 * tray) met by the window's next call, change and remove.
 */

const accounts = [
  { issuer: 'GitHub', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' },
  { issuer: 'AWS', label: 'ops-admin', secret: 'GEZDGNBVGY3TQOJQ' },
]
const password = 'correct horse battery'
const newPassword = 'staple battery horse'
/** Each password check is a full scrypt run (or two), seconds on a loaded 2-core machine. */
const kdf = { timeout: 60_000 }
// Several scrypt runs per test, each seconds long on a loaded CI machine, plus axe.
test.describe.configure({ timeout: 240_000 })

/** Nothing of the vault anywhere in the page: no issuer, no label, no code. */
async function expectNothingOfTheVault(page: Page, codes: readonly string[]) {
  const html = await page.content()
  for (const account of accounts) {
    expect(html).not.toContain(account.issuer)
    expect(html).not.toContain(account.label)
  }
  const text = (await page.locator('body').innerText()).replace(/\s/g, '')
  for (const code of codes) {
    expect(html).not.toContain(code)
    expect(text).not.toContain(code)
  }
  expect(text).not.toMatch(/\d{6}/)
  await expect(page.getByRole('listitem')).toHaveCount(0)
  await expect(page.getByRole('tab')).toHaveCount(0)
}

/** The codes the rows show now, digits only. */
async function shownCodes(page: Page): Promise<string[]> {
  const texts = await page.getByRole('listitem').allInnerTexts()
  return texts.map((text) => text.match(/\d{3}\s?\d{3}/)?.[0]?.replace(/\s/g, '') ?? '')
}

async function openCodes(page: Page) {
  await page.getByRole('tab', { name: 'Codes' }).click()
  await expect(page.getByRole('listitem')).toHaveCount(2)
}

const lockScreenHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: 'MAG Authenticator is locked' })

async function openSettings(page: Page) {
  await page.getByRole('tab', { name: 'Settings' }).click()
  // The first visit loads the MAG/Settings chunk and its sentences: slow on a loaded machine.
  await expect(page.getByRole('heading', { level: 2, name: 'Vault password' })).toBeVisible({
    timeout: 30_000,
  })
}

test.describe('set, lock, unlock', () => {
  // The real clock: the lazy Settings chunk waits on timers, which a pinned clock never runs.
  test.use({ viewport: { width: 1000, height: 760 } })

  test('set a password after the warning, lock now, wrong then right password', async ({ app }) => {
    const { page } = app
    await seed(app.services, accounts)
    await app.load()
    await expect(page.getByRole('listitem')).toHaveCount(2)
    await expect(page.getByRole('listitem').first()).toContainText(/\d{3}\s?\d{3}/)
    // No password yet: nothing to lock with, so no Lock now.
    await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0)

    await openSettings(page)
    const section = page.getByRole('region', { name: 'Vault password' })
    const warning = section.getByText('A forgotten password cannot be recovered.')
    await expect(warning).toBeVisible()
    await expect(section).toContainText('can only be restored from a backup')
    // The whole set form in view: the warning, the two fields and the button.
    await section.getByRole('button', { name: 'Set password' }).scrollIntoViewIfNeeded()
    await app.screenshot('settings')

    // Too short, then two different copies: said under the field, nothing set.
    const newField = section.getByLabel('New password', { exact: true })
    const repeatField = section.getByLabel('Repeat the new password')
    await newField.fill('short')
    await repeatField.fill('short')
    await section.getByRole('button', { name: 'Set password' }).click()
    await expect(section.getByText('The password needs at least 8 characters.')).toBeVisible()
    await newField.fill(password)
    await repeatField.fill(`${password}!`)
    await section.getByRole('button', { name: 'Set password' }).click()
    await expect(
      section.getByText('The two passwords are not the same.', { exact: false }),
    ).toBeVisible()
    expect((await app.services.lock.state()).hasPassword).toBe(false)

    await repeatField.fill(password)
    await section.getByRole('button', { name: 'Set password' }).click()
    await expect(section.getByRole('status')).toHaveText(
      'The vault password is set. Your accounts were not changed.',
      kdf,
    )
    await expect(section.getByRole('heading', { name: 'Change the password' })).toBeVisible()
    expect(await app.services.lock.state()).toEqual({ locked: false, hasPassword: true })

    // The codes as shown just before locking (main's own, read from the rows).
    await openCodes(page)
    const codes = await shownCodes(page)
    expect(codes).toHaveLength(2)
    await page.getByRole('button', { name: 'Lock now' }).click()
    await expect(lockScreenHeading(page)).toBeVisible()
    const field = page.getByLabel('Vault password')
    await expect(field).toBeFocused()
    await expectNothingOfTheVault(page, codes)
    await app.screenshot('lock-screen')

    await field.fill('not the password')
    await page.getByRole('button', { name: 'Unlock' }).click()
    await expect(page.getByText('That password is wrong. Check it and try again.')).toBeVisible(kdf)
    await expect(field).toHaveValue('not the password')
    await expect(field).toHaveAttribute('aria-invalid', 'true')
    expect(await app.services.lock.isLocked()).toBe(true)

    await field.fill(password)
    await page.keyboard.press('Enter')
    // Back where a new window starts: Codes, with the accounts and their codes.
    await expect(page.getByRole('tab', { name: 'Codes', selected: true })).toBeVisible(kdf)
    await expect(page.getByRole('listitem')).toHaveCount(2)
    await expect(page.getByRole('listitem').first()).toContainText('GitHub')
    await expect(page.getByRole('status').filter({ hasText: 'Unlocked.' })).toHaveCount(1)
  })
})

test('a lock caused in main (idle, screen lock, tray) shows the lock screen at the next call', async ({
  app,
}) => {
  const { page } = app
  await seed(app.services, accounts)
  await app.services.dispatch('setVaultPassword', { newPassword: password })
  await app.load()
  await expect(page.getByRole('listitem')).toHaveCount(2)
  await expect(page.getByRole('button', { name: 'Lock now' })).toBeVisible()

  // As the idle lock, the screen lock or the tray's Lock now do it: in main, not the window.
  await app.services.lock.lockIfPasswordSet()
  // The user comes back to the window: its first call meets the lock.
  await app.refocus()
  await expect(lockScreenHeading(page)).toBeVisible()
  await expectNothingOfTheVault(page, [])
  await expect(page.getByLabel('Vault password')).toBeFocused()

  await page.getByLabel('Vault password').fill(password)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('listitem')).toHaveCount(2, kdf)
})

test('a window opened while locked starts at the lock screen', async ({ app }) => {
  const { page } = app
  await seed(app.services, accounts)
  await app.services.dispatch('setVaultPassword', { newPassword: password })
  await app.services.lock.lock()
  await app.load()
  await expect(lockScreenHeading(page)).toBeVisible()
  await expectNothingOfTheVault(page, [])
  // Empty: said, nothing sent.
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByText('Enter your vault password.')).toBeVisible()
  await page.getByLabel('Vault password').fill(password)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('listitem')).toHaveCount(2, kdf)
})

test('change the password (current one checked), then remove it; idle minutes saved', async ({
  app,
}) => {
  const { page } = app
  await seed(app.services, accounts)
  await app.services.dispatch('setVaultPassword', { newPassword: password })
  await app.load()
  await openSettings(page)
  const section = page.getByRole('region', { name: 'Vault password' })
  const change = section.getByRole('form', { name: 'Change the password' })

  await change.getByLabel('Current password').fill('wrong current password')
  await change.getByLabel('New password', { exact: true }).fill(newPassword)
  await change.getByLabel('Repeat the new password').fill(newPassword)
  await change.getByRole('button', { name: 'Change password' }).click()
  await expect(change.getByText('The current password is wrong. Nothing was changed.')).toBeVisible(
    kdf,
  )
  // Nothing typed is lost: only the wrong part needs typing again.
  await expect(change.getByLabel('New password', { exact: true })).toHaveValue(newPassword)

  await change.getByLabel('Current password').fill(password)
  await change.getByRole('button', { name: 'Change password' }).click()
  await expect(section.getByRole('status')).toHaveText(
    'The vault password was changed. Use the new one from now on.',
    kdf,
  )
  await expect(change.getByLabel('Current password')).toHaveValue('')

  // The idle minutes, saved through the desktop settings.
  const idle = section.getByRole('form', { name: 'Lock after idle' })
  const minutes = idle.getByLabel('Minutes without keyboard or mouse input')
  await expect(minutes).toHaveValue('5')
  await minutes.fill('1')
  await idle.getByRole('button', { name: 'Save idle time' }).click()
  await expect(section.getByRole('status')).toHaveText('The app locks after 1 idle minute.')
  expect((await app.services.desktop.get()).lockAfterIdleMinutes).toBe(1)

  // Only the new password unlocks now.
  await page.getByRole('button', { name: 'Lock now' }).click()
  await expect(lockScreenHeading(page)).toBeVisible()
  await page.getByLabel('Vault password').fill(password)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByText('That password is wrong. Check it and try again.')).toBeVisible(kdf)
  await page.getByLabel('Vault password').fill(newPassword)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('listitem')).toHaveCount(2, kdf)

  await openSettings(page)
  const remove = section.getByRole('form', { name: 'Remove the password' })
  await remove.getByRole('button', { name: 'Remove password' }).click()
  await expect(remove.getByText('Enter the current password.')).toBeVisible()
  await remove.getByLabel('Current password').fill(newPassword)
  await remove.getByRole('button', { name: 'Remove password' }).click()
  await expect(section.getByRole('status')).toHaveText(
    'The vault password was removed. The app no longer locks.',
    kdf,
  )
  await expect(section.getByRole('heading', { name: 'Set a password' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Lock now' })).toHaveCount(0)
  expect(await app.services.lock.state()).toEqual({ locked: false, hasPassword: false })
})
