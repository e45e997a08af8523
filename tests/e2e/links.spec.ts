import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { expect, repoRoot, seed, test } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

const SECRET = 'JBSWY3DPEHPK3PXP'
const githubLink = `otpauth://totp/GitHub:alice%40example.com?secret=${SECRET}&issuer=GitHub`
const executable = '/opt/MAG Authenticator/mag-authenticator'

test('a clicked otpauth link asks first, naming the account; Add shows and stores it', async ({
  app,
}) => {
  await app.load()
  await expect(app.page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible()

  await app.secondLaunch([executable, githubLink])
  const dialog = app.page.getByRole('alertdialog', { name: 'Add this account?' })
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('GitHub')
  await expect(dialog).toContainText('alice@example.com')
  await expect(dialog).toContainText('Time-based (TOTP)')
  // The link and its secret stay in main: the page never sees them.
  expect(await app.page.content()).not.toContain(SECRET)
  // Nothing is stored before the user answers.
  expect((await app.reopen()).vault.list()).toEqual([])
  await app.screenshot('link-confirm')

  await dialog.getByRole('button', { name: 'Add account' }).click()
  await expect(dialog).toBeHidden()
  const row = app.page.getByRole('listitem').filter({ hasText: 'GitHub' })
  await expect(row).toContainText('alice@example.com')
  await expect(row.locator('.code--current')).toHaveText(/^\d{3}\s*\d{3}$/)
  await expect(app.page.getByRole('main').getByRole('status')).toContainText('Added GitHub')

  const stored = (await app.reopen()).vault.list()
  expect(stored.map((e) => [e.issuer, e.label, e.type])).toEqual([
    ['GitHub', 'alice@example.com', 'totp'],
  ])
})

test("Don't add, and Escape, store nothing; two links are asked about in turn", async ({ app }) => {
  await app.load()
  const second = `otpauth://hotp/ACME:bob?secret=${SECRET}&counter=5`
  await app.secondLaunch([executable, '--', githubLink, second])

  const dialog = app.page.getByRole('alertdialog', { name: 'Add this account?' })
  await expect(dialog).toContainText('alice@example.com')
  await expect(dialog).toContainText('1 more link waits')
  await dialog.getByRole('button', { name: 'Don’t add' }).click()

  await expect(dialog).toContainText('bob')
  await expect(dialog).toContainText('Counter-based (HOTP)')
  await app.page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()

  await expect(app.page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible()
  expect((await app.reopen()).vault.list()).toEqual([])
  // Answered links are gone: focusing again asks nothing.
  await app.refocus()
  await expect(app.page.getByRole('heading', { name: 'No accounts yet' })).toBeVisible()
  await expect(dialog).toBeHidden()
})

test('a link that comes while another dialog is open is asked about once it closes', async ({
  app,
}) => {
  await app.load()
  await app.page.keyboard.press('Control+n')
  const add = app.page.getByRole('dialog', { name: 'Add account' })
  await expect(add).toBeVisible()
  // Main receives the link while the window keeps its focus: no focus event comes.
  app.services.pendingLinks.receiveArgv([executable, githubLink])
  await app.page.keyboard.press('Escape')
  await expect(add).toBeHidden()
  const dialog = app.page.getByRole('alertdialog', { name: 'Add this account?' })
  await expect(dialog).toContainText('alice@example.com')
  await dialog.getByRole('button', { name: 'Add account' }).click()
  await expect(app.page.getByRole('listitem').filter({ hasText: 'GitHub' })).toBeVisible()
})

test('a malformed clicked link says why nothing can be added, without its secret', async ({
  app,
}) => {
  await app.load()
  await app.secondLaunch([executable, `otpauth://totp/GitHub:alice?secret=${SECRET}&digits=9`])
  const dialog = app.page.getByRole('alertdialog', { name: 'This link cannot be added' })
  await expect(dialog).toContainText("The link's digits must be 6, 7 or 8")
  expect(await app.page.content()).not.toContain(SECRET)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
  expect((await app.reopen()).vault.list()).toEqual([])
})

test('an account the mag-auth command line adds while the window is open appears when it regains focus', async ({
  app,
}) => {
  await seed(app.services, [{ issuer: 'Here', label: 'first', secret: SECRET }])
  await app.load()
  await expect(app.page.getByRole('listitem').filter({ hasText: 'first' })).toBeVisible()

  const result = await runCli(
    ['add', `otpauth://totp/FromCli:carol?secret=${SECRET}&issuer=FromCli`],
    { dataDir: dirname(app.dataPath), keychainService: app.keychainService },
  )
  expect(result.code, result.stderr).toBe(0)

  await app.refocus()
  const row = app.page.getByRole('listitem').filter({ hasText: 'FromCli' })
  await expect(row).toContainText('carol')
  await expect(row.locator('.code--current')).toHaveText(/^\d{3}\s*\d{3}$/)
  await expect(app.page.getByRole('listitem')).toHaveCount(2)
})

/** The real `mag-auth` from source, as a separate process over the test's vault and key. */
async function runCli(
  args: string[],
  vault: { dataDir: string; keychainService: string },
): Promise<{ code: number | null; stderr: string }> {
  // tsx keeps its cache in the temporary directory: a private one, removed afterwards.
  const temp = await mkdtemp(join(tmpdir(), 'mag-e2e-cli-'))
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(repoRoot, 'packages/cli/src/main.ts'), ...args],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            TMPDIR: temp,
            MAG_AUTH_DATA_DIR: vault.dataDir,
            MAG_AUTH_KEYCHAIN_SERVICE: vault.keychainService,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      )
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      child.once('error', reject)
      child.once('close', (code) => resolve({ code, stderr }))
    })
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}
