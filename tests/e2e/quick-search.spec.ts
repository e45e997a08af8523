import { decodeBase32 } from '@mag/otp'
import { expect, seed, test } from './harness'
import { base32Decode, totp } from './rfc6238'

/**
 * The quick-search page (src/renderer/quick-search.html) in Chromium, its bridge bound to the
 * real main-process services: type, ↑/↓, Enter copies the chosen account's code (computed by
 * main, written to the harness's recording clipboard), the MAG credential first, Escape.
 * Main's half of "hide" is a call the harness counts (the window is Electron's part).
 */

const pinned = Math.floor(Date.UTC(2026, 0, 12, 8, 30, 0) / 30_000) * 30_000 + 5_000
test.use({ pinnedNow: pinned, viewport: { width: 420, height: 360 } })

const accounts = [
  { issuer: 'GitHub', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' },
  { issuer: 'AWS', label: 'root', secret: 'GEZDGNBVGY3TQOJQ' },
  { issuer: 'GitLab', label: 'bob', secret: 'MFRGGZDFMZTWQ2LK' },
]
const magSecret = 'KRSXG5CTMVRXEZLU'

async function seedWithMagCredential(app: Parameters<Parameters<typeof test>[2]>[0]['app']) {
  await seed(app.services, accounts)
  // As activation stores it: straight into the vault, marked with its MAG credential id.
  await app.services.vault.add({
    type: 'totp',
    issuer: 'MAG',
    label: 'alice',
    secret: decodeBase32(magSecret),
    magCredentialId: 'cred-desktop-1',
  })
}

const expectedCode = (secret: string) => totp(base32Decode(secret), pinned)

test('lists the MAG credential first; typing filters issuer and label', async ({ app }) => {
  await seedWithMagCredential(app)
  await app.load('quick-search.html')
  const options = app.page.getByRole('option')
  await expect(options).toHaveCount(4)
  await expect(options.first()).toContainText('MAG credential')
  await expect(options.first()).toHaveAttribute('aria-selected', 'true')
  await expect(app.page.getByRole('combobox', { name: 'Search accounts' })).toBeFocused()
  await app.screenshot('quick-search')

  await app.page.keyboard.type('git')
  await expect(options).toHaveText([/GitHub/, /GitLab/])
  await app.page.keyboard.type(' bob')
  await expect(options).toHaveText([/GitLab/])
  await app.page.keyboard.press('Control+A')
  await app.page.keyboard.type('nothing like it')
  await expect(app.page.getByRole('status')).toHaveText('No account matches.')
})

test('↑/↓ choose and Enter copies the chosen code through main, then asks to hide', async ({
  app,
}) => {
  await seedWithMagCredential(app)
  await app.load('quick-search.html')
  const options = app.page.getByRole('option')
  await expect(options).toHaveCount(4)
  // MAG, GitHub, AWS, GitLab: down twice is AWS; down past the end stays on GitLab.
  await app.page.keyboard.press('ArrowDown')
  await app.page.keyboard.press('ArrowDown')
  await expect(app.page.getByRole('option', { selected: true })).toContainText('AWS')
  await app.page.keyboard.press('Enter')
  await expect.poll(() => app.clipboard.writes.at(-1)).toBe(expectedCode('GEZDGNBVGY3TQOJQ'))
  expect(app.clipboard.marks.at(-1)).toContain('x-kde-passwordManagerHint')
  await expect.poll(() => app.quickSearchHides()).toBe(1)

  for (let i = 0; i < 5; i++) await app.page.keyboard.press('ArrowDown')
  await app.page.keyboard.press('ArrowUp')
  await expect(app.page.getByRole('option', { selected: true })).toContainText('AWS')

  // Filtered, Enter copies the first match; the MAG credential's when it matches.
  await app.page.keyboard.type('alice')
  await expect(app.page.getByRole('option', { selected: true })).toContainText('MAG')
  await app.page.keyboard.press('Enter')
  await expect.poll(() => app.clipboard.writes.at(-1)).toBe(expectedCode(magSecret))
  expect(app.clipboard.writes).toHaveLength(2)
})

test('Escape asks main to hide without copying; showing again starts afresh', async ({ app }) => {
  await seedWithMagCredential(app)
  await app.load('quick-search.html')
  await expect(app.page.getByRole('option')).toHaveCount(4)
  await app.page.keyboard.type('aws')
  await app.page.keyboard.press('Escape')
  await expect.poll(() => app.quickSearchHides()).toBe(1)
  expect(app.clipboard.writes).toEqual([])

  // An account added meanwhile (in the main window) is there when the window shows again.
  await seed(app.services, [{ issuer: 'Dropbox', label: 'carol', secret: 'ORSXG5BRGIZTINJWG44A' }])
  await app.refocus()
  const field = app.page.getByRole('combobox', { name: 'Search accounts' })
  await expect(field).toHaveValue('')
  await expect(app.page.getByRole('option')).toHaveCount(5)
})

test('a refused copy says why and keeps the window', async ({ app }) => {
  await seed(app.services, [
    { issuer: 'Counter', label: 'hotp', secret: 'JBSWY3DPEHPK3PXP', type: 'hotp' },
  ])
  await app.load('quick-search.html')
  await expect(app.page.getByRole('option')).toHaveCount(1)
  await app.page.keyboard.press('Enter')
  await expect(app.page.getByRole('alert')).toBeVisible()
  expect(app.clipboard.writes).toEqual([])
  expect(app.quickSearchHides()).toBe(0)
})

test('locked: nothing but Unlock…, which hands over to the main window; unlocked, the list is back', async ({
  app,
}) => {
  const password = 'correct horse battery staple'
  await seedWithMagCredential(app)
  await app.services.dispatch('setVaultPassword', { newPassword: password })
  await app.services.lock.lock()
  await app.load('quick-search.html')

  const unlock = app.page.getByRole('button', { name: 'Unlock…' })
  await expect(unlock).toBeFocused()
  await expect(app.page.getByRole('status')).toHaveText(/MAG Authenticator is locked/)
  await expect(app.page.getByRole('combobox')).toHaveCount(0)
  await expect(app.page.getByRole('option')).toHaveCount(0)
  const text = await app.page.locator('body').innerText()
  for (const name of ['GitHub', 'AWS', 'GitLab', 'alice', 'root', 'bob']) {
    expect(text, `${name} shown while locked`).not.toContain(name)
  }
  await app.screenshot('quick-search-locked')

  // Escape still only hides; Unlock… hides and brings the main window (its lock screen).
  await app.page.keyboard.press('Escape')
  await expect.poll(() => app.quickSearchHides()).toBe(1)
  await unlock.click()
  await expect.poll(() => app.mainWindowShows()).toBe(1)
  expect(app.quickSearchHides()).toBe(2)
  expect(app.clipboard.writes).toEqual([])

  // Unlocked there, quick search lists again the next time it shows.
  await app.services.lock.unlock(password)
  await app.refocus()
  await expect(app.page.getByRole('option')).toHaveCount(4)
  await expect(app.page.getByRole('combobox', { name: 'Search accounts' })).toBeFocused()
})

test.describe('Settings → Desktop', () => {
  // The real clock here: the lazy MAG chunk (where Settings lives) waits on timers.
  test.use({ pinnedNow: undefined, viewport: { width: 880, height: 900 } })

  test('changes the quick-search shortcut and start hidden; a malformed shortcut is refused', async ({
    app,
  }) => {
    await app.load()
    await app.page.getByRole('tab', { name: 'Settings' }).click()
    await expect(app.page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
    const desktop = app.page.getByRole('form', { name: 'Desktop' })
    const field = desktop.getByLabel('Quick search shortcut')
    await expect(field).toHaveValue('CommandOrControl+Alt+O')
    // This harness has no login items (as on Linux): said so, the box cannot be ticked.
    await expect(desktop.getByRole('checkbox', { name: /Start at login/ })).toBeDisabled()

    await field.fill('Alt+Shift+K')
    await desktop.getByRole('button', { name: 'Save shortcut' }).click()
    await expect
      .poll(async () => (await app.services.desktop.get()).quickSearchShortcut)
      .toBe('Alt+Shift+K')
    // Controlled by main's answer: ticked once main saved it.
    const startHidden = desktop.getByRole('checkbox', { name: 'Start hidden in the tray' })
    await startHidden.click()
    await expect(startHidden).toBeChecked()
    await expect.poll(async () => (await app.services.desktop.get()).startHidden).toBe(true)
    await app.screenshot('settings-desktop')

    await field.fill('just words')
    await desktop.getByRole('button', { name: 'Save shortcut' }).click()
    await expect(desktop.getByRole('alert')).toContainText('joined by +')
    expect((await app.services.desktop.get()).quickSearchShortcut).toBe('Alt+Shift+K')
  })

  test('records the shortcut from a key press; a key without a modifier is refused, Escape cancels', async ({
    app,
  }) => {
    await app.load()
    await app.page.getByRole('tab', { name: 'Settings' }).click()
    const desktop = app.page.getByRole('form', { name: 'Desktop' })
    const field = desktop.getByLabel('Quick search shortcut')
    await expect(field).toHaveValue('CommandOrControl+Alt+O')
    const record = desktop.getByRole('button', { name: 'Record' })

    // Keyboard only: focus the button, Enter starts listening (said in the live region).
    await record.focus()
    await app.page.keyboard.press('Enter')
    await expect(desktop.getByRole('status')).toHaveText(/Recording: press the shortcut/)
    const listening = desktop.getByRole('button', { name: /Press the keys/ })
    await expect(listening).toBeFocused()

    // A letter alone would take that key from every program: refused, still listening.
    await app.page.keyboard.press('k')
    await expect(desktop.getByRole('alert')).toContainText('Add Ctrl, Alt or Cmd to K')
    expect((await app.services.desktop.get()).quickSearchShortcut).toBe('CommandOrControl+Alt+O')

    // Ctrl+2 is recorded, not taken by the window (it would open the MAG section).
    await app.page.keyboard.press('Control+Shift+2')
    await expect(field).toHaveValue('CommandOrControl+Shift+2')
    await expect(desktop.getByRole('status')).toHaveText('Recorded CommandOrControl+Shift+2.')
    await expect
      .poll(async () => (await app.services.desktop.get()).quickSearchShortcut)
      .toBe('CommandOrControl+Shift+2')
    await expect(app.page.getByRole('tab', { name: 'Settings' })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await expect(desktop.getByRole('alert')).toHaveCount(0)
    await expect(record).toBeFocused()

    // A function key alone is a shortcut; Escape while listening changes nothing.
    await app.page.keyboard.press('Space')
    await expect(listening).toBeFocused()
    await app.page.keyboard.press('F9')
    await expect(field).toHaveValue('F9')
    await expect.poll(async () => (await app.services.desktop.get()).quickSearchShortcut).toBe('F9')
    await app.page.keyboard.press('Enter')
    await app.page.keyboard.press('Escape')
    await expect(desktop.getByRole('status')).toHaveText(
      'Recording cancelled; the shortcut is unchanged.',
    )
    await expect(record).toBeFocused()
    expect((await app.services.desktop.get()).quickSearchShortcut).toBe('F9')
  })
})
