import type { Page } from '@playwright/test'
import { DECLINED_CARD, demoUser, expect, test } from './mag-fixture'

/**
 * MAG screens beyond the journey (tests/e2e/mag-journey.spec.ts), against the real reference
 * service: an ended session returns the user where they were, a screen the tray asked for
 * opens when the window wakes, a declined card is told next to the card and changes nothing.
 */

test.use({ viewport: { width: 880, height: 640 } })

const DAY_MS = 86_400_000

async function signIn(page: Page, identifier: string = demoUser.username): Promise<void> {
  await page.getByRole('tab', { name: 'MAG' }).click()
  await page.getByLabel('Email or username').fill(identifier)
  await page.getByLabel('Password').fill(demoUser.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('region', { name: 'Partner applications' })).toBeVisible()
}

test('an ended session asks to sign in again, then returns to the screen the user was on', async ({
  app,
  mag,
}) => {
  test.setTimeout(180_000)
  const { page } = app
  await app.load()
  await signIn(page)
  await page.getByRole('tab', { name: 'My Account' }).click()
  await expect(page.getByRole('tab', { name: 'Credentials' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  // A month later on the service's real clock: the access and refresh tokens have both expired.
  mag.service.setRealTimeShiftMs(31 * DAY_MS)
  await page.getByRole('tab', { name: 'Orders' }).click()
  await expect(page.getByText('Your MAG session has ended.')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to MAG' })).toBeVisible()
  await app.screenshot('mag-session-ended')
  await page.getByLabel('Email or username').fill(demoUser.email)
  await page.getByLabel('Password').fill(demoUser.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('tab', { name: 'Orders' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText('No orders yet.')).toBeVisible()
})

test('a screen the tray asked for opens when the window gains focus', async ({ app }) => {
  test.setTimeout(120_000)
  const { page } = app
  await app.load()
  await signIn(page)
  await page.getByRole('tab', { name: 'Codes' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Codes' })).toBeVisible()
  app.services.mag.requestScreen({ screen: 'manage-otp' })
  await app.refocus()
  await expect(page.getByRole('tab', { name: 'My Account' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(page.getByRole('heading', { level: 1, name: 'My Account' })).toBeVisible()
  // Taken once: the next wake leaves the user where they are.
  await page.getByRole('tab', { name: 'Codes' }).click()
  await app.refocus()
  await expect(page.getByRole('heading', { level: 1, name: 'Codes' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Codes' })).toHaveAttribute('aria-selected', 'true')
})

test('a declined card is told next to the card; nothing is bought', async ({ app }) => {
  test.setTimeout(180_000)
  const { page } = app
  await app.load()
  await signIn(page)
  await page.getByRole('button', { name: 'Get 2FA' }).click()
  await page.getByRole('button', { name: 'Add to cart: Desktop OTP' }).click()
  await page.getByRole('button', { name: 'Checkout' }).click()
  await page.getByLabel('Card number').fill(DECLINED_CARD.number)
  await page.getByLabel('Expiry (MM/YY)').fill(`${DECLINED_CARD.expMonth}/${DECLINED_CARD.expYear}`)
  await page.getByLabel('Security code (CVC)').fill(DECLINED_CARD.cvc)
  await page.getByRole('button', { name: /^Pay / }).click()
  const checkout = page.getByRole('form', { name: 'Checkout' })
  await expect(checkout.getByRole('alert')).toContainText(/declined|insufficient/i)
  await expect(checkout.getByRole('button', { name: /^Pay / })).toBeEnabled()
  await app.screenshot('mag-card-declined')
  const keys = await app.services.dispatch('magListLicenseKeys', undefined)
  expect(keys).toEqual({ ok: true, value: { licenseKeys: [] } })
})
