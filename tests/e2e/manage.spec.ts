import { sampleAccounts } from './accounts'
import { expect, seed, test } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

test('adds an account by hand; a bad secret is shown next to its field and nothing is stored', async ({
  app,
}) => {
  await app.load()
  await app.page.getByRole('button', { name: 'Add', exact: true }).click()
  const dialog = app.page.getByRole('dialog', { name: 'Add account' })
  await dialog.getByRole('tab', { name: 'Enter by hand' }).click()
  await dialog.getByLabel('Issuer').fill('Example Bank')
  await dialog.getByLabel('Label').fill('alice')
  const secret = dialog.getByLabel('Secret key', { exact: true })
  await expect(secret).toHaveAttribute('type', 'password')
  await secret.fill('NOT-BASE32-!!1')
  await dialog.getByRole('button', { name: 'Show secret key' }).click()
  await expect(secret).toHaveAttribute('type', 'text')
  await dialog.getByRole('button', { name: 'Add account' }).click()

  // main decides what a valid secret is; its message lands under the secret field.
  await expect(secret).toHaveAttribute('aria-invalid', 'true')
  const described = await secret.getAttribute('aria-describedby')
  const message = app.page.locator(`[id="${described?.split(' ')[0]}"]`)
  await expect(message).toHaveClass(/field__error/)
  await expect(message).not.toBeEmpty()
  await expect(secret).toBeFocused()
  await app.screenshot('add-manual-field-error')
  expect((await app.reopen()).vault.list()).toEqual([])

  await secret.fill('JBSW Y3DP EHPK 3PXP')
  await dialog.getByText('Counter-based (HOTP)').click()
  await dialog.getByLabel('Counter', { exact: true }).fill('7')
  await dialog.getByLabel('Algorithm').selectOption('SHA256')
  await dialog.getByLabel('Digits').selectOption('8')
  await dialog.getByRole('button', { name: 'Add account' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.page.getByRole('listitem').filter({ hasText: 'Example Bank' })).toBeVisible()
  const stored = (await app.reopen()).vault.list()
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({
    issuer: 'Example Bank',
    label: 'alice',
    type: 'hotp',
    counter: 7,
    algorithm: 'SHA256',
    digits: 8,
  })
})

test('a form mistake is caught before anything is sent', async ({ app }) => {
  await app.load()
  await app.page.keyboard.press('Control+n')
  const dialog = app.page.getByRole('dialog', { name: 'Add account' })
  await dialog.getByRole('tab', { name: 'Enter by hand' }).click()
  await dialog.getByLabel('Secret key', { exact: true }).fill('JBSWY3DPEHPK3PXP')
  await dialog.getByLabel('Period (seconds)').fill('thirty')
  await dialog.getByRole('button', { name: 'Add account' }).click()
  await expect(dialog.getByText('Label is required')).toBeVisible()
  await expect(dialog.getByText('Period must be a whole number')).toBeVisible()
  await app.page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  expect((await app.reopen()).vault.list()).toEqual([])
})

test('a malformed link says what is wrong and stores nothing', async ({ app }) => {
  await app.load()
  await app.page.keyboard.press('Control+n')
  const dialog = app.page.getByRole('dialog', { name: 'Add account' })
  const link = dialog.getByLabel('otpauth:// link')
  await link.fill('otpauth://totp/GitHub:alice?issuer=GitHub')
  await dialog.getByRole('button', { name: 'Add account' }).click()
  await expect(link).toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.locator('.field__error')).toContainText(/secret/i)
  expect((await app.reopen()).vault.list()).toEqual([])
})

test('edits the issuer and label', async ({ app }) => {
  await seed(app.services, sampleAccounts.slice(0, 2))
  await app.load()
  await app.page.getByRole('button', { name: 'Edit GitHub (alice@example.com)' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'Edit account' })
  await expect(dialog.getByLabel('Issuer')).toBeFocused()
  await dialog.getByLabel('Issuer').fill('GitHub Enterprise')
  await dialog.getByLabel('Label').fill('')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog.getByText('Label is required')).toBeVisible()
  await dialog.getByLabel('Label').fill('alice@corp.example')
  await expect(dialog.getByText('Label is required')).toBeHidden()
  await app.screenshot('edit')
  await dialog.getByRole('button', { name: 'Save' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.page.getByRole('listitem').first()).toContainText('GitHub Enterprise')
  await expect(app.page.getByRole('listitem').first()).toContainText('alice@corp.example')
  const stored = (await app.reopen()).vault.list()
  expect(stored.map((e) => [e.issuer, e.label])).toEqual([
    ['GitHub Enterprise', 'alice@corp.example'],
    ['MAG Portal', 'alice.smith'],
  ])
})

test('delete asks first, naming the account; cancel keeps it, confirm removes it', async ({
  app,
}) => {
  await seed(app.services, sampleAccounts.slice(0, 3))
  await app.load()
  const rows = app.page.getByRole('listitem')
  await app.page.getByRole('button', { name: 'Delete GitHub (alice@example.com)' }).click()
  const dialog = app.page.getByRole('alertdialog', { name: 'Delete account?' })
  await expect(dialog).toContainText('Delete GitHub (alice@example.com)?')
  await expect(dialog).toContainText('You will no longer be able to generate its codes')
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused()
  await app.screenshot('delete-confirmation')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(rows).toHaveCount(3)
  expect((await app.reopen()).vault.list()).toHaveLength(3)

  // Keyboard: Delete on a focused row opens the same question; Escape cancels too.
  await rows.first().locator('.row__main').focus()
  await app.page.keyboard.press('Delete')
  await expect(dialog).toBeVisible()
  await app.page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  await app.page.getByRole('button', { name: 'Delete GitHub (alice@example.com)' }).click()
  await dialog.getByRole('button', { name: 'Delete' }).click()
  await expect(dialog).toBeHidden()
  await expect(rows).toHaveCount(2)
  expect((await app.reopen()).vault.list().map((e) => e.issuer)).toEqual([
    'MAG Portal',
    'Amazon Web Services',
  ])
})

test('reorders with Alt+Arrow keys, announces it, and the order is stored', async ({ app }) => {
  await seed(app.services, sampleAccounts.slice(0, 4))
  await app.load()
  const rows = app.page.getByRole('listitem')
  await rows.nth(2).locator('.row__main').focus()
  await app.page.keyboard.press('Alt+ArrowUp')
  await expect(app.page.locator('[aria-live="polite"].visually-hidden')).toHaveText(
    'Amazon Web Services (alice@prod-account) moved to position 2 of 4.',
  )
  await app.page.keyboard.press('Alt+ArrowUp')
  await expect(app.page.locator(':focus')).toHaveAccessibleName(/^Amazon Web Services/)
  await expect(rows.first()).toContainText('Amazon Web Services')
  await expect
    .poll(async () => (await app.reopen()).vault.list().map((e) => e.issuer))
    .toEqual(['Amazon Web Services', 'GitHub', 'MAG Portal', 'GitLab'])
  // Moving down re-inserts the focused row's element, which drops focus: it is given back.
  await app.page.keyboard.press('Alt+ArrowDown')
  await expect(rows.nth(1)).toContainText('Amazon Web Services')
  await expect(app.page.locator(':focus')).toHaveAccessibleName(/^Amazon Web Services/)
  await expect
    .poll(async () => (await app.reopen()).vault.list().map((e) => e.issuer))
    .toEqual(['GitHub', 'Amazon Web Services', 'MAG Portal', 'GitLab'])
})

test('moves made while main is slow to answer keep the focus and are stored in order', async ({
  app,
}) => {
  await seed(app.services, sampleAccounts.slice(0, 4))
  // main answers moveEntry only when the test lets it: the slowest CI timing, on purpose.
  const held: Array<{ args: unknown; release: () => void }> = []
  const dispatch = app.services.dispatch
  app.bindTo(async (channel, args) => {
    if (channel === 'moveEntry') await new Promise<void>((release) => held.push({ args, release }))
    return dispatch(channel, args)
  })
  await app.load()
  const rows = app.page.getByRole('listitem')
  const focused = app.page.locator(':focus')
  await rows.nth(2).locator('.row__main').focus()
  await app.page.keyboard.press('Alt+ArrowUp')
  await expect(rows.nth(1)).toContainText('Amazon Web Services')
  await app.page.keyboard.press('Alt+ArrowUp')
  await expect(rows.first()).toContainText('Amazon Web Services')
  await expect(focused).toHaveAccessibleName(/^Amazon Web Services/)
  // One move at a time reaches main, in the order the user made them.
  await expect.poll(() => held.length).toBe(1)
  expect(held[0]?.args).toMatchObject({ toIndex: 1 })
  held[0]?.release()
  await expect.poll(() => held.length).toBe(2)
  expect(held[1]?.args).toMatchObject({ toIndex: 0 })
  // The first answer (without the second move) never shows.
  await expect(rows.first()).toContainText('Amazon Web Services')
  await expect(focused).toHaveAccessibleName(/^Amazon Web Services/)
  held[1]?.release()
  await expect
    .poll(async () => (await app.reopen()).vault.list().map((e) => e.issuer))
    .toEqual(['Amazon Web Services', 'GitHub', 'MAG Portal', 'GitLab'])
  await expect(rows.first()).toContainText('Amazon Web Services')
  await expect(focused).toHaveAccessibleName(/^Amazon Web Services/)
})

test('reorders by drag and drop, and the order is stored', async ({ app }) => {
  await seed(app.services, sampleAccounts.slice(0, 4))
  await app.load()
  const rows = app.page.getByRole('listitem')
  // Drag GitHub onto the lower half of MAG Portal's row's neighbour GitLab: it lands last.
  const target = rows.filter({ hasText: 'GitLab' })
  const box = await target.boundingBox()
  if (!box) throw new Error('GitLab row has no box')
  await rows.filter({ hasText: 'GitHub' }).dragTo(target, {
    targetPosition: { x: box.width / 2, y: box.height - 10 },
  })
  await expect(rows.last()).toContainText('GitHub')
  await expect
    .poll(async () => (await app.reopen()).vault.list().map((e) => e.issuer))
    .toEqual(['MAG Portal', 'Amazon Web Services', 'GitLab', 'GitHub'])
})
