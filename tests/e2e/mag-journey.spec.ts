import { demoUser, expect, TEST_CARD, test } from './mag-fixture'
import type { Page } from '@playwright/test'
import type { MagState } from '../../src/shared/mag-channels'

/**
 * The MAG journey of issue 7, through the window only, against the real reference service
 * (tests/e2e/mag-fixture.ts) and the real main-process services: sign in → Get 2FA (Desktop
 * OTP, test card) → activate → its code in Codes, marked → Elevate → Launch (the partner page
 * redeems the ticket) → the service's calendar 11.5 months on (OTP time stays real) → expiry
 * shown, Renew offered → renew → one more year, the same credential still signs in → the
 * calendar past expiry → Renew gone, Launch says why, Get 2FA offers a new credential.
 * Each screen is saved (test-results/screens/mag-*.png) and checked by axe.
 */

test.use({ viewport: { width: 880, height: 640 } })

const DAY_MS = 86_400_000

/** Main's MAG state as the window would get it (to compare dates the screens show). */
async function magState(dispatch: (channel: 'magGetState', args: undefined) => Promise<unknown>) {
  const envelope = (await dispatch('magGetState', undefined)) as
    { ok: true; value: MagState } | { ok: false; error: { message: string } }
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value
}

/** The date as the window writes it: Intl in the UI language, English in the harness. */
function shownDate(page: Page, iso: string): Promise<string> {
  return page.evaluate(
    (value) => new Intl.DateTimeFormat('en', { dateStyle: 'medium' }).format(new Date(value)),
    iso,
  )
}

/** Screens are saved once a passing confirmation (a toast) has gone, as a user would see them. */
async function settled(page: Page): Promise<void> {
  // The toast's CSS animation lasts 4.5 s; a loaded machine may take longer to end it.
  await expect(page.locator('.toast')).toHaveCount(0, { timeout: 20_000 })
}

async function payByCard(page: Page): Promise<void> {
  await page.getByLabel('Card number').fill(TEST_CARD.number)
  await page.getByLabel('Expiry (MM/YY)').fill(`${TEST_CARD.expMonth}/${TEST_CARD.expYear}`)
  await page.getByLabel('Security code (CVC)').fill(TEST_CARD.cvc)
}

test('MAG journey: sign in, buy and activate Desktop OTP, elevate, launch, renew, expire', async ({
  app,
  mag,
}) => {
  // Sixteen screens, each checked by axe, on a slow shared machine.
  test.setTimeout(480_000)
  const { page } = app
  const dispatch = (channel: 'magGetState', args: undefined) => app.services.dispatch(channel, args)
  await app.load()

  // Sign in.
  await page.getByRole('tab', { name: 'MAG' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in to MAG' })).toBeVisible()
  await expect(page.getByText(mag.service.url)).toBeVisible()
  await app.screenshot('mag-sign-in')
  await page.getByLabel('Email or username').fill(demoUser.username)
  await page.getByLabel('Password').fill('not the password')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert')).not.toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Sign in to MAG' })).toBeVisible()
  await page.getByLabel('Password').fill(demoUser.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()

  // The dashboard: the three demo apps, password strength, no credential yet.
  const apps = page.getByRole('region', { name: 'Partner applications' })
  const credentials = page.getByRole('region', { name: 'My 2FA Credentials' })
  await expect(apps.getByRole('listitem')).toHaveCount(3)
  await expect(credentials).toContainText('Password only')
  await expect(credentials).toContainText('No 2FA credential yet')
  await expect(credentials.getByRole('button', { name: 'Elevate' })).toHaveCount(0)
  await app.screenshot('mag-dashboard')

  // Get 2FA → cart → checkout with the test card → license key → activate.
  await credentials.getByRole('button', { name: 'Get 2FA' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Get 2FA' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'OTP Hardware Token' })).toBeVisible()
  await app.screenshot('mag-get-2fa')
  await page.getByRole('button', { name: 'Add to cart: Desktop OTP' }).click()
  const cart = page.getByRole('region', { name: 'Your cart' })
  await expect(cart.getByRole('row', { name: /Desktop OTP/ })).toBeVisible()
  await app.screenshot('mag-cart')
  await cart.getByRole('button', { name: 'Checkout' }).click()
  await expect(page.getByRole('form', { name: 'Checkout' })).toContainText('Total')
  await payByCard(page)
  await app.screenshot('mag-checkout')
  await page.getByRole('button', { name: /^Pay / }).click()
  await expect(page.getByText(/Payment received: .* with Visa ending 4242/)).toBeVisible()
  const licenseKey = page.locator('.license-key')
  await expect(licenseKey).toHaveText(/^MAG-[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/)
  await app.screenshot('mag-license-key')
  await page.getByRole('button', { name: 'Activate', exact: true }).click()
  const activate = page.getByRole('form', { name: 'Activate your Desktop OTP' })
  await expect(activate).toBeVisible()
  await app.screenshot('mag-activate')
  await activate.getByRole('button', { name: 'Activate Desktop OTP' }).click()
  await expect(page.getByRole('heading', { name: 'Your Desktop OTP is active' })).toBeVisible()
  const afterActivation = await magState(dispatch)
  const credential = afterActivation.credentials[0]!
  expect(afterActivation.credentials).toHaveLength(1)
  expect(credential).toMatchObject({ type: 'Desktop OTP', status: 'active' })
  expect(credential.entryId).not.toBeNull()

  // Its code is in Codes, marked as the MAG credential.
  await page.getByRole('button', { name: 'Show in Codes' }).click()
  const magRow = page.getByRole('listitem').filter({ hasText: 'MAG credential' })
  await expect(magRow).toHaveCount(1)
  await expect(magRow.locator('.code--current')).toHaveText(/^\d{3} ?\d{3}$/)
  await expect(magRow.getByRole('button', { name: /MAG credential .*\d{3} \d{3}/ })).toBeVisible()
  expect(app.services.vault.list().find((e) => e.id === credential.entryId)?.magCredentialId).toBe(
    credential.id,
  )
  await app.screenshot('mag-codes-with-mag-credential')

  // Elevate: the app computes the code itself; Credential Strength says which credential.
  await page.getByRole('tab', { name: 'MAG' }).click()
  await credentials.getByRole('button', { name: 'Elevate' }).click()
  await expect(credentials.locator('.strength')).toContainText('Desktop OTP')
  await expect(credentials).toContainText('verified with a code from your Desktop OTP')
  await expect(credentials.getByRole('button', { name: 'Elevate' })).toHaveCount(0)
  await settled(page)
  await app.screenshot('mag-elevated')

  // Launch an OTP application: the partner page redeems the ticket and shows the user.
  const billing = apps.getByRole('listitem').filter({ hasText: 'Acme Billing' })
  await billing.getByRole('button', { name: 'Launch Acme Billing' }).click()
  await expect(billing.getByRole('status')).toContainText(
    `Opened in your browser at ${new URL(mag.service.url).origin}`,
  )
  await settled(page)
  await app.screenshot('mag-launch')
  const partner = await page.context().newPage()
  await partner.goto(mag.latestLaunchUrl())
  await expect(partner.getByRole('heading', { name: 'Signed in through MAG' })).toBeVisible()
  await expect(partner.locator('[data-field="username"]')).toHaveText(demoUser.username)
  await expect(partner.locator('[data-field="strength"]')).toHaveText('Desktop OTP')
  await partner.close()
  // The window in front again: a background page runs no CSS animation (toasts would stay).
  await page.bringToFront()

  // 11.5 months on (the service's calendar; OTP time stays real): the expiry shows, Renew too.
  await mag.service.setCalendarOffsetDays(350)
  await page.getByRole('button', { name: 'Refresh from the MAG service' }).click()
  const expiry = await shownDate(page, credential.expiresAt)
  const soon = page.locator('.callout--warning').filter({ hasText: 'Your Desktop OTP expires on' })
  await expect(soon).toContainText(expiry)
  await expect(credentials.locator('.strength')).toContainText(`Expires on ${expiry}`)
  await app.screenshot('mag-renew-offered')
  // The same screen in the dark theme the OS may ask for (axe checks its contrast too).
  await page.emulateMedia({ colorScheme: 'dark' })
  await app.screenshot('mag-renew-offered-dark')
  await page.emulateMedia({ colorScheme: 'light' })

  // Renew: subscription → cart → checkout → one more year from the old expiry.
  await soon.getByRole('button', { name: 'Renew…' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Renew' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Desktop OTP renewal' })).toContainText(expiry)
  await page.getByRole('button', { name: 'Add to cart' }).click()
  await expect(cart.getByRole('row', { name: /Desktop OTP renewal/ })).toBeVisible()
  await cart.getByRole('button', { name: 'Checkout' }).click()
  await payByCard(page)
  await page.getByRole('button', { name: /^Pay / }).click()
  await expect(page.getByRole('heading', { name: 'Renewed' })).toBeVisible()
  const renewed = (await magState(dispatch)).credentials[0]!
  expect(renewed.id).toBe(credential.id)
  expect(renewed.entryId).toBe(credential.entryId)
  const extendedBy = Date.parse(renewed.expiresAt) - Date.parse(credential.expiresAt)
  expect([365 * DAY_MS, 366 * DAY_MS]).toContain(extendedBy)
  const newExpiry = await shownDate(page, renewed.expiresAt)
  await expect(page.getByRole('region', { name: 'Renewed' })).toContainText(
    `now valid until ${newExpiry} (it was ${expiry})`,
  )
  await app.screenshot('mag-renewed')

  // The same credential and code still work: sign out, sign in, and the app's own code
  // raises the new session to Desktop OTP at once.
  await page.getByRole('button', { name: 'Done' }).click()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in to MAG' })).toBeVisible()
  await page.getByLabel('Email or username').fill(demoUser.email)
  await page.getByLabel('Password').fill(demoUser.password)
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  // A fast run signs in again within the 30 s step its Elevate used: main never replays a
  // step, so it waits for the next code (up to one step).
  await expect(credentials.locator('.strength')).toContainText('Desktop OTP', { timeout: 45_000 })
  await expect(page.locator('.callout--warning')).toHaveCount(0)

  // Manage OTP lists it with its dates and days left.
  await page.getByRole('tab', { name: 'My Account' }).click()
  const row = page.getByRole('row', { name: /Desktop OTP/ })
  await expect(row).toContainText(newExpiry)
  await expect(row).toContainText('days left')
  await settled(page)
  await app.screenshot('mag-manage-otp')

  // Past the expiry: Renew is gone, Launch says why, Get 2FA sells a new credential.
  await mag.service.setCalendarOffsetDays(365 + 366 + 20)
  await page.getByRole('tab', { name: 'MAG' }).click()
  await page.getByRole('button', { name: 'Refresh from the MAG service' }).click()
  const gone = page.locator('.callout--danger').filter({ hasText: 'Your Desktop OTP expired on' })
  await expect(gone).toContainText(newExpiry)
  await expect(page.getByRole('button', { name: /^Renew/ })).toHaveCount(0)
  await expect(credentials.getByText('Expired')).toBeVisible()
  const ops = apps.getByRole('listitem').filter({ hasText: 'Acme Operations Console' })
  const opened = app.opened.length
  await ops.getByRole('button', { name: 'Launch Acme Operations Console' }).click()
  const why = ops.getByRole('alert')
  await expect(why).toContainText(/expired/i)
  await expect(why.getByRole('button', { name: 'Get 2FA' })).toBeVisible()
  expect(app.opened).toHaveLength(opened)
  await app.screenshot('mag-expired')
  await why.getByRole('button', { name: 'Get 2FA' }).click()
  await expect(page.getByRole('button', { name: 'Add to cart: Desktop OTP' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Renew instead' })).toHaveCount(0)

  // Settings: the service's address, its state, the clock.
  await page.getByRole('tab', { name: 'Settings' }).click()
  const connection = page.getByRole('region', { name: 'Connection' })
  await expect(connection).toContainText('Online')
  await expect(connection).toContainText(mag.service.url)
  await settled(page)
  await app.screenshot('mag-settings')

  // The service unreachable: a banner says so above every section, and the codes keep working.
  await page.getByLabel('Service address').fill('http://127.0.0.1:9')
  await page
    .getByRole('form', { name: 'MAG service' })
    .getByRole('button', { name: 'Save' })
    .click()
  await page.getByRole('tab', { name: 'Codes' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'cannot be reached' })).toBeVisible()
  await expect(magRow.locator('.code--current')).toHaveText(/^\d{3} ?\d{3}$/)
  await settled(page)
  await app.screenshot('mag-offline')
})
