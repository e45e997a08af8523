import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { namespaces } from '../../src/shared/i18n/namespaces'
import { demoUser, expect, TEST_CARD, test } from './mag-fixture'

/**
 * Get 2FA in German, through the window against the real reference service: prices as German
 * writes them (Intl, "24,00 €"), the card form's own checks in German, a paid order's receipt
 * sentence with the card and the moment, and no message id shown anywhere on the way.
 * Screens: mag-get-2fa-de, mag-checkout-de, mag-license-key-de (axe-checked by the harness).
 */

test.use({ viewport: { width: 880, height: 640 } })

const localesDir = join(import.meta.dirname, '../../src/shared/i18n/locales')

/** The German text of the MAG account screens' message whose English is `english`. */
function germanFor(namespace: string, english: string): string {
  const read = (language: string) =>
    JSON.parse(readFileSync(join(localesDir, language, `${namespace}.json`), 'utf8')) as Record<
      string,
      string
    >
  const id = Object.entries(read('en')).find(([, text]) => text === english)?.[0]
  if (!id) throw new Error(`no ${namespace} message says "${english}"`)
  return read('de')[id]!
}

/** "magPurchase.cart.title": a message id shown instead of its text. */
const rawId = new RegExp(`\\b(?:${namespaces.join('|')})\\.[A-Za-z][\\w.]*[A-Za-z]\\b`)

async function expectNoRawIds(page: Page): Promise<void> {
  const text = await page.evaluate(() => {
    const attributes = ['aria-label', 'title', 'placeholder', 'alt']
    const named = Array.from(document.querySelectorAll('*')).flatMap((element) =>
      attributes.map((name) => element.getAttribute(name) ?? ''),
    )
    return [document.body.innerText, ...named].join('\n')
  })
  expect(text.match(rawId)?.[0], 'a message id shown instead of its text').toBeUndefined()
}

/** A price as the window writes it in German (Intl puts a no-break space before €). */
const euros = (amount: string) => new RegExp(`${amount}\\s€`)

test('Get 2FA in German: German prices, the card form in German, the receipt', async ({ app }) => {
  test.setTimeout(180_000)
  const { page } = app
  await app.services.dispatch('setDesktopSettings', { language: 'de' })
  const signedIn = await app.services.dispatch('magSignIn', {
    identifier: demoUser.username,
    password: demoUser.password,
  })
  expect(signedIn.ok).toBe(true)
  await app.load()
  await expect(page.locator('html')).toHaveAttribute('lang', 'de')

  await page.getByRole('tab', { name: 'MAG' }).click()
  await page.getByRole('button', { name: germanFor('magAccount', 'Get 2FA') }).click()
  await expect(page.getByRole('heading', { level: 1, name: '2FA erwerben' })).toBeVisible()
  const desktop = page.getByRole('region', { name: 'Desktop OTP', exact: true })
  await expect(desktop).toContainText(euros('24,00'))
  await expect(desktop).toContainText('/ Jahr')
  await expect(page.getByRole('list', { name: 'Schritte' })).toContainText('Lizenzschlüssel')
  await expectNoRawIds(page)
  await app.screenshot('mag-get-2fa-de')

  await desktop.getByRole('button', { name: 'In den Warenkorb: Desktop OTP' }).click()
  const cart = page.getByRole('region', { name: 'Ihr Warenkorb' })
  await expect(cart.getByRole('row', { name: /Gesamt/ })).toContainText(euros('24,00'))
  await cart.getByRole('button', { name: 'Zur Kasse' }).click()

  // The card form's own checks, in German, each next to its field; nothing leaves the window.
  const checkout = page.getByRole('form', { name: 'Kasse' })
  const pay = checkout.getByRole('button', { name: /^24,00\s€ bezahlen$/ })
  await pay.click()
  await expect(checkout.getByText('Geben Sie die Kartennummer ein')).toBeVisible()
  await expect(checkout.getByText('Geben Sie das Ablaufdatum ein')).toBeVisible()
  await expect(checkout.getByText('Geben Sie die Prüfnummer ein')).toBeVisible()
  await checkout.getByLabel('Kartennummer').fill('4242')
  await checkout.getByLabel('Ablaufdatum (MM/JJ)').fill('13/30')
  await pay.click()
  await expect(checkout.getByText('Eine Kartennummer hat 12 bis 19 Ziffern')).toBeVisible()
  await expect(checkout.getByText('Der Monat liegt zwischen 01 und 12')).toBeVisible()
  await expectNoRawIds(page)
  await app.screenshot('mag-checkout-de')
  const keys = await app.services.dispatch('magListLicenseKeys', undefined)
  expect(keys).toEqual({ ok: true, value: { licenseKeys: [] } })

  await checkout.getByLabel('Kartennummer').fill(TEST_CARD.number)
  await checkout
    .getByLabel('Ablaufdatum (MM/JJ)')
    .fill(`${TEST_CARD.expMonth}/${TEST_CARD.expYear}`)
  await checkout.getByLabel('Prüfnummer (CVC)').fill(TEST_CARD.cvc)
  await pay.click()
  await expect(page.getByRole('status').filter({ hasText: 'Zahlung erhalten' })).toHaveText(
    /^Zahlung erhalten: 24,00\s€ mit Visa, Endziffern 4242, am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}\.$/,
  )
  await expect(page.getByRole('heading', { name: 'Ihr Lizenzschlüssel' })).toBeVisible()
  await expect(page.getByText(/^Desktop OTP · Abonnement bis \d{2}\.\d{2}\.\d{4}$/)).toBeVisible()
  await expectNoRawIds(page)
  await app.screenshot('mag-license-key-de')
})
