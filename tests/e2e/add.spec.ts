import { expect, test } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

const GITHUB_SECRET = 'JBSWY3DPEHPK3PXP'
const githubLink = `otpauth://totp/GitHub:alice%40example.com?secret=${GITHUB_SECRET}&issuer=GitHub`

test('the empty state explains how to add the first account', async ({ app }) => {
  await app.load()
  await expect(app.page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible()
  await expect(app.page.getByText('otpauth://', { exact: true })).toBeVisible()
  await app.screenshot('empty-state')
  await app.page.getByRole('button', { name: 'Add your first account' }).click()
  await expect(app.page.getByRole('dialog', { name: 'Add account' })).toBeVisible()
})

test('adds an account by pasting an otpauth link', async ({ app }) => {
  await app.load()
  await app.page.keyboard.press('Control+n')
  const dialog = app.page.getByRole('dialog', { name: 'Add account' })
  await expect(dialog.getByRole('tab', { name: 'Paste link' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await dialog.getByLabel('otpauth:// link').fill(githubLink)
  await app.screenshot('add-link')
  await dialog.getByRole('button', { name: 'Add account' }).click()
  await expect(dialog).toBeHidden()

  const row = app.page.getByRole('listitem').filter({ hasText: 'GitHub' })
  await expect(row).toContainText('alice@example.com')
  await expect(row.locator('.code--current')).toHaveText(/^\d{3}\s*\d{3}$/)

  const stored = (await app.reopen()).vault.list()
  expect(stored.map((e) => [e.issuer, e.label, e.type])).toEqual([
    ['GitHub', 'alice@example.com', 'totp'],
  ])
})
