import { readFile, writeFile } from 'node:fs/promises'
import { corruptStoredSecret } from '../../packages/vault/tests/helpers'
import { sampleAccounts } from './accounts'
import { base32Decode, hotp, totp } from './rfc6238'
import { formatCode } from '../../src/renderer/src/lib/code-format'
import { expect, seed, test } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

const github = sampleAccounts[0]!
const TAMPERED = "This account's details were changed outside the app; its code is not shown"

/** Waits until at least `marginMs` are left in the current 30 s step, so a click rarely straddles it. */
async function awayFromBoundary(marginMs = 3000): Promise<void> {
  const left = 30_000 - (Date.now() % 30_000)
  if (left < marginMs) await new Promise((done) => setTimeout(done, left + 250))
}

/**
 * The codes valid at some moment between `from` and `to` (the clock read before and after
 * an action). On a loaded machine an action may take longer than any margin and straddle a
 * step boundary; the app is right to use the code of the moment it acted, so the test
 * accepts exactly the codes of that window, never a code of another moment.
 */
function codesBetween(
  secret: string,
  from: number,
  to: number,
  options?: { digits?: number },
): string[] {
  const key = base32Decode(secret)
  return [...new Set([totp(key, from, options), totp(key, to, options)])]
}

test('shows each account with its current code, grouped for reading', async ({ app }) => {
  await seed(app.services, sampleAccounts)
  await app.load()
  await awayFromBoundary()
  const rows = app.page.getByRole('listitem')
  await expect(rows).toHaveCount(sampleAccounts.length)
  const githubRow = rows.filter({ hasText: 'GitHub' })
  const groups = githubRow.locator('.code--current .code__group')
  await expect(groups).toHaveText([/^\d{3}$/, /^\d{3}$/])
  await expect(githubRow.locator('.code--current')).toHaveText(/^\d{3} \d{3}$/)
  // The shown code, read with the clock around the read, is that moment's code (retried:
  // right after a step boundary the screen may still be turning to the new code).
  await expect
    .poll(async () => {
      const from = Date.now()
      const shown = (await groups.allTextContents()).join('')
      return codesBetween(github.secret, from, Date.now()).includes(shown)
    })
    .toBe(true)
  // 8 digits read as 4 + 4, 7 as 3 + 4.
  await expect(
    rows.filter({ hasText: 'MAG Portal' }).locator('.code--current .code__group'),
  ).toHaveText([/^\d{4}$/, /^\d{4}$/])
  await expect(rows.filter({ hasText: 'Slack' }).locator('.code--current .code__group')).toHaveText(
    [/^\d{3}$/, /^\d{4}$/],
  )
})

test('click copies the exact current code and says the clipboard will be cleared', async ({
  app,
}) => {
  await seed(app.services, [github])
  await app.load()
  await awayFromBoundary()
  const before = Date.now()
  await app.page.getByRole('button', { name: /^GitHub alice@example\.com \d{3} \d{3}\./ }).click()
  await expect(app.page.getByRole('main').getByRole('status')).toContainText(
    'clipboard clears in 30 s',
  )
  const expected = await app.clipboard.readText()
  expect(codesBetween(github.secret, before, Date.now())).toContain(expected)
  await expect(app.page.getByRole('main').getByRole('status')).toContainText(
    `Copied ${expected.slice(0, 3)} ${expected.slice(3)}`,
  )
  // Main computed the code and wrote it once, with the desktop's "do not record" mark.
  expect(app.clipboard.writes).toEqual([expected])
  if (process.platform === 'linux') {
    expect(app.clipboard.marks).toEqual([['x-kde-passwordManagerHint']])
  }
})

test('Enter on a focused row copies its code', async ({ app }) => {
  await seed(app.services, sampleAccounts.slice(0, 2))
  await app.load()
  await awayFromBoundary()
  await expect(app.page.getByRole('listitem')).toHaveCount(2)
  const focused = app.page.locator(':focus')
  // The sections' tab list is one Tab stop (arrows move inside it), then the Codes toolbar.
  await app.page.keyboard.press('Tab')
  await expect(focused).toHaveAccessibleName('Codes')
  await app.page.keyboard.press('Tab')
  await expect(focused).toHaveAccessibleName('Search accounts')
  for (const button of ['Import', 'Export', 'Add']) {
    await app.page.keyboard.press('Tab')
    await expect(focused).toHaveAccessibleName(button)
  }
  await app.page.keyboard.press('Tab')
  await expect(focused).toHaveAccessibleName(/^GitHub/)
  await app.page.keyboard.press('ArrowDown')
  await expect(app.page.locator(':focus')).toHaveAccessibleName(/^MAG Portal/)
  const before = Date.now()
  await app.page.keyboard.press('Enter')
  await expect(app.page.getByRole('main').getByRole('status')).toContainText('Copied')
  const copied = await app.clipboard.readText()
  expect(codesBetween(sampleAccounts[1]!.secret, before, Date.now(), { digits: 8 })).toContain(
    copied,
  )
})

test('search filters by issuer and label as you type, ignoring case', async ({ app }) => {
  await seed(app.services, sampleAccounts)
  await app.load()
  const rows = app.page.getByRole('listitem')
  await expect(rows).toHaveCount(sampleAccounts.length)
  await app.page.keyboard.press('/')
  const search = app.page.getByRole('searchbox', { name: 'Search accounts' })
  await expect(search).toBeFocused()
  await app.page.keyboard.type('GIT')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('GitHub')
  await expect(rows.nth(1)).toContainText('GitLab')
  await app.screenshot('search')
  await search.fill('alice prod')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('Amazon Web Services')
  await search.fill('no such thing')
  await expect(
    app.page.getByRole('heading', { name: 'No accounts match “no such thing”' }),
  ).toBeVisible()
  await app.screenshot('search-no-results')
  await app.page.getByRole('button', { name: 'Clear search' }).click()
  await expect(rows).toHaveCount(sampleAccounts.length)
  await search.fill('bob')
  await search.press('Escape')
  await expect(search).toHaveValue('')
})

test('HOTP: Generate shows the code for the stored counter and advances it', async ({ app }) => {
  const token = sampleAccounts[5]!
  await seed(app.services, [token])
  await app.load()
  const row = app.page.getByRole('listitem').filter({ hasText: 'YubiKey' })
  await expect(row.locator('.code--placeholder')).toBeVisible()
  await row.getByRole('button', { name: /^Generate/ }).click()
  const first = hotp(base32Decode(token.secret), 5)
  await expect(row.locator('.code__group')).toHaveText([first.slice(0, 3), first.slice(3)])
  await expect(row).toContainText('Counter 5')
  expect((await app.reopen()).vault.list()[0]?.counter).toBe(6)

  await row.getByRole('button', { name: /^Generate/ }).click()
  const second = hotp(base32Decode(token.secret), 6)
  await expect(row.locator('.code__group')).toHaveText([second.slice(0, 3), second.slice(3)])
  await expect(row).toContainText('Counter 6')
  await row.getByRole('button', { name: /^YubiKey/ }).click()
  await expect(app.page.getByRole('main').getByRole('status')).toContainText('Copied')
  expect(app.clipboard.readText()).toBe(second)
})

test.describe('at a pinned moment 3 s before the period ends', () => {
  // 3 s before a 30 s boundary: every 30 s account shows its next code.
  const pinned = Math.floor(Date.UTC(2025, 5, 2, 9, 41, 0) / 30_000) * 30_000 + 27_000
  test.use({ pinnedNow: pinned })

  test('shows the next code once fewer than 5 s are left', async ({ app }) => {
    await seed(app.services, sampleAccounts)
    await app.load()
    const row = app.page.getByRole('listitem').filter({ hasText: 'GitHub' })
    const secret = base32Decode(github.secret)
    const current = totp(secret, pinned)
    const next = totp(secret, pinned + 30_000)
    await expect(row.locator('.row__codes > .code .code__group')).toHaveText([
      current.slice(0, 3),
      current.slice(3),
    ])
    await expect(row.locator('.row__next')).toContainText('Next')
    await expect(row.locator('.code--next .code__group')).toHaveText([
      next.slice(0, 3),
      next.slice(3),
    ])
    await app.screenshot('codes-list-next-code')
  })
})

test.describe('at a pinned moment early in the period', () => {
  const pinned = Math.floor(Date.UTC(2025, 5, 2, 9, 41, 0) / 30_000) * 30_000 + 9_000
  test.use({ pinnedNow: pinned })

  test('the codes list, without next codes while time is left', async ({ app }) => {
    await seed(app.services, sampleAccounts)
    await app.load()
    await expect(app.page.getByRole('listitem')).toHaveCount(sampleAccounts.length)
    await expect(app.page.locator('.code').first()).toBeVisible()
    await expect(app.page.locator('.row__next')).toHaveCount(0)
    await app.screenshot('codes-list')
  })

  test('an entry whose secret was damaged in the file says so; the other codes still show', async ({
    app,
  }) => {
    const accounts = sampleAccounts.slice(0, 3)
    const [, damaged] = await seed(app.services, accounts)
    // The ciphertext of one entry is damaged in the data file itself; then the app starts.
    await corruptStoredSecret(app.dataPath, damaged!)
    app.bindTo((await app.reopen()).dispatch)
    await app.load()
    const rows = app.page.getByRole('listitem')
    await expect(rows).toHaveCount(3)
    const row = rows.filter({ hasText: 'MAG Portal' })
    // The key matches the file, so a failed check means the entry was changed outside the app.
    await expect(row).toContainText(TAMPERED)
    await expect(row.locator('.code')).toHaveCount(0)
    await expect(row.locator('.ring')).toHaveCount(0)
    await expect(rows.filter({ hasText: 'GitHub' }).locator('.code--current')).toHaveText(
      formatCode(totp(base32Decode(github.secret), pinned)),
    )
    await app.screenshot('codes-unreadable-secret')
    // Clicking it explains instead of claiming the code is still loading.
    await row.getByRole('button', { name: /^MAG Portal/ }).click()
    await expect(app.page.getByRole('main').getByRole('status')).toContainText(TAMPERED)
    expect(app.clipboard.writes).toEqual([])
  })

  test("two rows' issuers swapped in the data file: both say so, neither shows or copies a code", async ({
    app,
  }) => {
    const [gitHubId, magId, awsId] = await seed(app.services, sampleAccounts.slice(0, 3))
    const file = JSON.parse(await readFile(app.dataPath, 'utf8')) as {
      entries: Array<{ id: string; issuer: string }>
    }
    const byId = (id: string | undefined) => file.entries.find((entry) => entry.id === id)!
    ;[byId(gitHubId).issuer, byId(magId).issuer] = [byId(magId).issuer, byId(gitHubId).issuer]
    await writeFile(app.dataPath, JSON.stringify(file))
    app.bindTo((await app.reopen()).dispatch)
    await app.load()
    const rows = app.page.getByRole('listitem')
    await expect(rows).toHaveCount(3)
    for (const id of [gitHubId, magId]) {
      const row = app.page.locator(`[data-entry-id="${id}"]`)
      await expect(row).toContainText(TAMPERED)
      await expect(row.locator('.code')).toHaveCount(0)
    }
    await expect(app.page.locator(`[data-entry-id="${awsId}"] .code--current`)).toBeVisible()
    await app.screenshot('codes-tampered-entries')
    await app.page.locator(`[data-entry-id="${gitHubId}"] .row__main`).click()
    await expect(app.page.getByRole('main').getByRole('status')).toContainText(TAMPERED)
    expect(app.clipboard.writes).toEqual([])
  })

  test('dark theme', async ({ app }) => {
    await app.page.emulateMedia({ colorScheme: 'dark' })
    await seed(app.services, sampleAccounts)
    await app.load()
    await expect(app.page.locator('.code').first()).toBeVisible()
    const background = await app.page.evaluate(
      () => getComputedStyle(document.body).backgroundColor,
    )
    expect(background).toBe('rgb(22, 24, 29)')
    await app.screenshot('codes-list-dark')
  })
})

test.describe('when fresh codes do not arrive after the period ends', () => {
  const pinned = Math.floor(Date.UTC(2025, 5, 2, 9, 41, 0) / 30_000) * 30_000 + 27_000
  test.use({ pinnedNow: pinned })

  test('a click never copies a code whose period is over', async ({ app }) => {
    await seed(app.services, [github])
    await app.load()
    const secret = base32Decode(github.secret)
    const row = app.page.getByRole('listitem').filter({ hasText: 'GitHub' })
    await expect(row.locator('.code--current')).toHaveText(formatCode(totp(secret, pinned)))
    // From now on main cannot compute codes (say the keyring was locked meanwhile).
    app.bindTo((channel, args) =>
      channel === 'getCodes'
        ? Promise.resolve({ ok: false, error: { code: 'keychain-locked', message: 'Locked.' } })
        : app.services.dispatch(channel, args),
    )
    const button = row.getByRole('button', { name: /^GitHub/ })

    // The boundary passed: the code held as "next" is the one that is current now.
    await app.page.clock.runFor(4_000)
    app.setNow(pinned + 4_000)
    await expect(app.page.getByText('Could not compute codes')).toBeVisible()
    await button.click()
    await expect(app.page.getByRole('main').getByRole('status')).toContainText('Copied')
    expect(app.clipboard.readText()).toBe(totp(secret, pinned + 30_000))

    // A whole period later nothing held is valid any more: nothing is copied.
    await app.page.clock.runFor(30_000)
    await button.click()
    await expect(app.page.getByRole('main').getByRole('status')).toContainText('still loading')
    expect(app.clipboard.writes).toEqual([totp(secret, pinned + 30_000)])
  })
})
