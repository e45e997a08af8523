import type { MagAuthBridge } from '../../src/shared/channels'
import { test, expect, demoUser } from './mag-fixture'

/** The page's window with the bridge the preload exposes (types only: evaluate runs in the page). */
type BridgedWindow = { magAuth: MagAuthBridge }

/**
 * The MAG e2e fixture itself: the page's bridge reaches main's MagService, which talks to a
 * real reference service; a launch hands the ticket URL to the (recording) browser, and the
 * service's partner page redeems it. The user journey through the screens is
 * mag-journey.spec.ts; this only proves the wiring it stands on.
 */
test('the page talks to MAG through main, and a launched ticket opens the partner page', async ({
  app,
  mag,
  page,
  context,
}) => {
  await app.load()
  const state = await page.evaluate(() =>
    (window as unknown as BridgedWindow).magAuth.magGetState(),
  )
  expect(state).toMatchObject({
    ok: true,
    value: {
      session: 'signed-out',
      connection: { serviceUrl: mag.service.url, source: 'settings', status: 'online' },
    },
  })

  const signedIn = await page.evaluate(
    (user) =>
      (window as unknown as BridgedWindow).magAuth.magSignIn({
        identifier: user.email,
        password: user.password,
      }),
    { email: demoUser.email, password: demoUser.password },
  )
  expect(signedIn).toMatchObject({ ok: true, value: { session: 'active' } })

  const launched = await page.evaluate(() =>
    (window as unknown as BridgedWindow).magAuth.magLaunchApp({ slug: 'crm' }),
  )
  expect(launched).toEqual({ ok: true, value: { openedOrigin: new URL(mag.service.url).origin } })

  const partner = await context.newPage()
  await partner.goto(mag.latestLaunchUrl())
  await expect(partner.getByText(demoUser.email).first()).toBeVisible()
  await partner.close()

  // The calendar moves in place: the same service and session, 350 days later.
  await mag.service.setCalendarOffsetDays(350)
  const health = await (await fetch(`${mag.service.url}/api/v1/health`)).json()
  expect(health).toMatchObject({ devTimeOffsetDays: 350 })
  expect(
    await page.evaluate(() => (window as unknown as BridgedWindow).magAuth.magRefresh()),
  ).toMatchObject({
    ok: true,
    value: { session: 'active' },
  })
})
