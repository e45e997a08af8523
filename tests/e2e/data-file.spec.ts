import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { sampleAccounts } from './accounts'
import { expect, seed, test } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

test('a data file from a newer app version: a full screen says to update, and the file is left untouched', async ({
  app,
}) => {
  await seed(app.services, sampleAccounts.slice(0, 2))
  // A newer MAG Authenticator rewrote the file in a format this version does not know.
  const file = JSON.parse(await readFile(app.dataPath, 'utf8')) as { version: number }
  await writeFile(app.dataPath, JSON.stringify({ ...file, version: file.version + 1 }))
  const written = await readFile(app.dataPath)
  const filesBefore = await readdir(dirname(app.dataPath))

  app.bindTo(app.restart().dispatch)
  await app.load()
  await expect(app.page.getByRole('heading', { level: 1 })).toHaveText(
    'Update MAG Authenticator to open your accounts',
  )
  await expect(
    app.page.getByText(/This data file was written by a newer version of MAG Authenticator/),
  ).toBeVisible()
  await expect(app.page.getByText(/Update MAG Authenticator to the latest version/)).toBeVisible()
  await expect(app.page.getByText(/Your data was left untouched/)).toBeVisible()
  // Not the keychain screen, and no codes: this version must not read the file at all.
  await expect(app.page.getByRole('button', { name: 'Try again' })).toHaveCount(0)
  await expect(app.page.locator('.code')).toHaveCount(0)
  await app.screenshot('data-file-too-new')

  // Byte for byte the same, and nothing was moved aside or added next to it.
  expect(await readFile(app.dataPath)).toEqual(written)
  expect(await readdir(dirname(app.dataPath))).toEqual(filesBefore)
})

test('a damaged data file: it is set aside under a timestamped name, kept byte for byte, and the user is told where', async ({
  app,
}) => {
  await seed(app.services, sampleAccounts.slice(0, 2))
  // Half a file, as a disk fault or a foreign editor could leave it.
  const damaged = (await readFile(app.dataPath, 'utf8')).slice(0, 120)
  await writeFile(app.dataPath, damaged)

  app.bindTo(app.restart().dispatch)
  await app.load()
  const banner = app.page.getByRole('alert')
  await expect(banner).toContainText(/not valid JSON.*moved aside and kept unchanged/)
  const keptAt = (await banner.locator('code').textContent()) ?? ''
  expect(keptAt).toMatch(/\.corrupt-\d{4}-\d{2}-\d{2}T/)
  // The damaged copy is exactly what was on disk; nothing was overwritten.
  expect(await readFile(keptAt, 'utf8')).toBe(damaged)
  // The app goes on with an empty vault and says how to add an account.
  await expect(app.page.getByText(/Add your first account/i)).toBeVisible()
  await app.screenshot('data-file-corrupt-notice')

  await banner.getByRole('button', { name: 'Dismiss notice' }).click()
  await expect(app.page.getByRole('alert')).toHaveCount(0)
})
