import type { Page } from '@playwright/test'
import { namespaces } from '../../src/shared/i18n/namespaces'
import { seed } from './harness'
import { expect, test } from './mag-fixture'

/**
 * The UI language, end to end: Settings → Desktop → Language switches the whole window to
 * German at once (no reload), main keeps the choice (a reload starts in German), and System
 * default brings English back. Every screen on the way is checked for raw message ids (a
 * part not loaded, an id missing from the German catalogue) — the harness also fails a test
 * on the console error i18n logs for a missing id. With a real reference service, so the
 * Settings screen shows what MAG users see, with a duration Intl formats for German.
 */

test.use({ viewport: { width: 880, height: 900 } })

/** "codes.toolbar.add", "magAccount.settings.title": a message id shown instead of its text. */
const rawId = new RegExp(`\\b(?:${namespaces.join('|')})\\.[A-Za-z][\\w.]*[A-Za-z]\\b`)

/** Everything a user reads or hears on the page: its text and its accessible attributes. */
async function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']
    const named = Array.from(document.querySelectorAll('*')).flatMap((element) =>
      attributes.map((name) => element.getAttribute(name) ?? ''),
    )
    return [document.body.innerText, ...named].join('\n')
  })
}

async function expectNoRawIds(page: Page): Promise<void> {
  const text = await shownText(page)
  expect(text.match(rawId)?.[0], 'a message id shown instead of its text').toBeUndefined()
}

test('Deutsch in Settings switches the window live; main keeps it; System default is English again', async ({
  app,
}) => {
  test.setTimeout(120_000)
  const { page } = app
  await seed(app.services, [
    { issuer: 'GitHub', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' },
    { issuer: 'Zähler', label: 'hotp', secret: 'GEZDGNBVGY3TQOJQ', type: 'hotp', counter: 1234 },
  ])
  await app.load()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')

  await page.getByRole('tab', { name: 'Settings' }).click()
  const desktop = page.getByRole('form', { name: 'Desktop' })
  const language = desktop.getByLabel('Language')
  // This harness's system language is English (LANG unset or C): "System default" says so.
  await expect(language).toHaveValue('system')
  await expect(language.locator('option[value="system"]')).toHaveText('System default (English)')
  await expect(language.locator('option[value="de"]')).toHaveText('Deutsch')
  await expect(language.locator('option[value="de"]')).toHaveAttribute('lang', 'de')

  await language.selectOption('de')
  // The same page, now German: sidebar, the Settings screen, its Desktop form.
  await expect(page.getByRole('tab', { name: 'Einstellungen' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(page.getByRole('heading', { level: 1, name: 'Einstellungen' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(page.getByRole('navigation', { name: 'Bereiche' })).toBeVisible()
  const sprache = desktop.getByLabel('Sprache')
  await expect(sprache).toHaveValue('de')
  await expect(sprache.locator('option[value="system"]')).toHaveText('Systemstandard (English)')
  await expect(desktop.getByRole('button', { name: 'Tastenkürzel speichern' })).toBeVisible()
  await expect(
    desktop.getByRole('checkbox', { name: 'Versteckt im Infobereich starten' }),
  ).toBeVisible()
  await expect.poll(async () => (await app.services.desktop.get()).language).toBe('de')
  // A duration from the MAG service's clock check, as Intl writes it in German.
  await expect(page.getByRole('region', { name: 'Verbindung' })).toContainText(/Sekunde/)
  await expectNoRawIds(page)
  await app.screenshot('settings-de')

  await page.getByRole('tab', { name: 'Codes' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Codes' })).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Konten durchsuchen' })).toBeVisible()
  await expect(page.getByRole('button', { name: /Hinzufügen/ })).toBeVisible()
  await expect(page.getByText('GitHub')).toBeVisible()
  await expectNoRawIds(page)
  await app.screenshot('codes-de')

  // Main kept the choice: the next start is German from the first paint.
  await page.reload()
  await expect(page.getByRole('tab', { name: 'Codes' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tab', { name: 'Einstellungen' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')
  await expectNoRawIds(page)

  await page.getByRole('tab', { name: 'Einstellungen' }).click()
  await page.getByRole('form', { name: 'Desktop' }).getByLabel('Sprache').selectOption('system')
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Codes' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(desktop.getByLabel('Language')).toHaveValue('system')
  expect((await app.services.desktop.get()).language).toBe('system')
  await expectNoRawIds(page)
})

test('quick search speaks the language main answers when it shows again', async ({ app }) => {
  await seed(app.services, [
    { issuer: 'GitHub', label: 'alice@example.com', secret: 'JBSWY3DPEHPK3PXP' },
  ])
  await app.load('quick-search.html')
  await expect(app.page.getByRole('combobox', { name: 'Search accounts' })).toBeFocused()
  await expect(app.page).toHaveTitle('MAG Authenticator quick search')

  // Changed in the main window's Settings while this window was hidden (kept warm).
  await app.services.dispatch('setDesktopSettings', { language: 'de' })
  await app.refocus()
  await expect(app.page.getByRole('combobox', { name: 'Konten durchsuchen' })).toBeVisible()
  await expect(app.page.locator('html')).toHaveAttribute('lang', 'de')
  await expect(app.page).toHaveTitle('MAG Authenticator – Schnellsuche')
  await app.page.keyboard.type('nichts davon')
  await expect(app.page.getByRole('status')).toHaveText('Kein Konto passt.')
  await expectNoRawIds(app.page)
})
