import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { aegisEncryptedFile, importAccounts, otpauthLink } from '../transfer/backup-files'
import { expect, seed, test } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

const PASSWORD = 'correct horse battery staple'

test('imports an Aegis encrypted backup: password, preview, add', async ({ app }) => {
  // One of the three is already here: the preview says so and adds only the other two.
  await seed(app.services, [importAccounts[0]!])
  const file = join(app.filesDir, 'aegis-export.json')
  await writeFile(file, await aegisEncryptedFile(importAccounts, PASSWORD))
  app.transferAnswers.openPath = file
  await app.load()

  await app.page.keyboard.press('Control+i')
  const dialog = app.page.getByRole('dialog', { name: 'Import accounts' })
  await dialog.getByRole('button', { name: /From a file/ }).click()
  await expect(dialog.getByText('aegis-export.json')).toBeVisible()
  const password = dialog.getByLabel('File password')
  await expect(password).toBeFocused()
  await app.screenshot('import-password')

  await password.fill('not the password')
  await dialog.getByRole('button', { name: 'Unlock' }).click()
  await expect(dialog.getByRole('alert')).toContainText(/password/i)
  expect((await app.reopen()).vault.list()).toHaveLength(1)

  await password.fill(PASSWORD)
  await dialog.getByRole('button', { name: 'Unlock' }).click()
  await expect(dialog.getByText('3 accounts: 2 new, 1 already present')).toBeVisible()
  const items = dialog.getByRole('list', { name: 'Accounts in the import' }).getByRole('listitem')
  await expect(items).toHaveCount(3)
  await expect(items.filter({ hasText: 'GitHub' })).toContainText('Already present')
  await expect(items.filter({ hasText: 'Fastmail' })).toContainText('New')
  await app.screenshot('import-preview')

  await dialog.getByRole('button', { name: 'Add 2 accounts' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.page.getByRole('main').getByRole('status')).toContainText('Added 2 accounts')
  const rows = app.page.getByRole('listitem')
  await expect(rows).toHaveCount(3)
  for (const account of importAccounts) {
    await expect(rows.filter({ hasText: account.issuer })).toContainText(account.label)
  }
  expect((await app.reopen()).vault.list().map((e) => e.issuer)).toEqual([
    'GitHub',
    'Fastmail',
    'AWS',
  ])
})

test('a list with an unreadable link says which and why; cancel adds nothing', async ({ app }) => {
  const file = join(app.filesDir, 'ente-export.txt')
  const lines = [
    otpauthLink(importAccounts[1]!),
    'otpauth://totp/Broken:bob@example.com?secret=not*base32&issuer=Broken',
    otpauthLink(importAccounts[2]!),
  ]
  await writeFile(file, lines.join('\n') + '\n')
  app.transferAnswers.openPath = file
  await app.load()

  await app.page.getByRole('button', { name: 'Import' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'Import accounts' })
  await dialog.getByRole('button', { name: /From a file/ }).click()
  await expect(dialog.getByText('3 accounts: 2 new, 1 cannot be read')).toBeVisible()
  await expect(dialog.getByRole('list', { name: 'Accounts that cannot be read' })).toContainText(
    'Entry 2',
  )
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect((await app.reopen()).vault.list()).toEqual([])
  await expect.poll(() => app.services.transfer.heldCount()).toBe(0)
})

test('exports an encrypted backup that imports again', async ({ app }) => {
  await seed(app.services, importAccounts)
  const file = join(app.filesDir, 'backup.json')
  app.transferAnswers.savePath = file
  await app.load()

  await app.page.keyboard.press('Control+e')
  const dialog = app.page.getByRole('dialog', { name: 'Export accounts' })
  await dialog.getByLabel('Backup password').fill(PASSWORD)
  await dialog.getByLabel('Repeat the password').fill('a different one')
  await dialog.getByRole('button', { name: 'Save backup…' }).click()
  await expect(dialog.getByText('The passwords do not match')).toBeVisible()
  await dialog.getByLabel('Repeat the password').fill(PASSWORD)
  await app.screenshot('export-backup')
  await dialog.getByRole('button', { name: 'Save backup…' }).click()
  await expect(dialog).toBeHidden()
  await expect(app.page.getByRole('main').getByRole('status')).toContainText(
    `Saved an encrypted backup of 3 accounts to ${file}`,
  )

  expect((await stat(file)).mode & 0o777).toBe(0o600)
  const text = await readFile(file, 'utf8')
  for (const account of importAccounts) expect(text).not.toContain(account.secret)

  // Restored into a fresh vault through the same import the dialog uses.
  app.transferAnswers.openPath = file
  const fresh = app.restart()
  const opened = await fresh.dispatch('importFromFile', undefined)
  expect(opened).toMatchObject({ ok: true, value: { kind: 'needs-password' } })
  const locked = (opened as { value: { lockedFileId: string } }).value
  const preview = await fresh.dispatch('unlockImportFile', {
    lockedFileId: locked.lockedFileId,
    password: PASSWORD,
  })
  expect(preview).toMatchObject({ ok: true, value: { kind: 'preview' } })
  const entries = (preview as { value: { preview: { entries: unknown[] } } }).value.preview.entries
  expect(entries).toEqual(
    importAccounts.map((a) => ({
      issuer: a.issuer,
      label: a.label,
      type: 'totp',
      status: 'present',
    })),
  )
})

test('the plain export asks for an acknowledgement first', async ({ app }) => {
  await seed(app.services, importAccounts.slice(0, 2))
  const file = join(app.filesDir, 'accounts.txt')
  app.transferAnswers.savePath = file
  await app.load()

  await app.page.getByRole('button', { name: 'Export' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'Export accounts' })
  await dialog.getByLabel('Plain text list').check()
  const save = dialog.getByRole('button', { name: 'Save plain list…' })
  await expect(dialog.getByText('Every secret will be in clear text.')).toBeVisible()
  await expect(save).toBeDisabled()
  await app.screenshot('export-plain-warning')

  await dialog.getByLabel('I understand that this file exposes all my secrets').check()
  await save.click()
  await expect(dialog).toBeHidden()
  await expect(app.page.getByRole('main').getByRole('status')).toContainText(
    'Saved a plain list of 2 accounts',
  )
  const lines = (await readFile(file, 'utf8')).trim().split('\n')
  expect(lines).toHaveLength(2)
  expect(lines[0]).toContain(`secret=${importAccounts[0]!.secret}`)
})
