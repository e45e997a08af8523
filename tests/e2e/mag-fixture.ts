import { test as harnessTest, expect } from './harness'
import {
  demoApps,
  demoUser,
  startReferenceService,
  type ReferenceService,
} from '../mag/reference-service'

/**
 * The e2e harness with MAG: each test gets its own real reference service (packages/server,
 * demo data, a fresh SQLite database, loopback), and the app's main-process services talk to
 * it. The page's bridge is bound to those services as always, so the window drives the real
 * sign-in, Get 2FA, activation, launch and renewal.
 *
 *   import { test, expect, demoUser } from './mag-fixture'
 *   test('journey', async ({ app, mag }) => {
 *     await app.load()
 *     ...sign in as demoUser through the page...
 *     await mag.service.setCalendarOffsetDays(350)   // the service's calendar moves
 *     await otherPage.goto(mag.latestLaunchUrl())   // the partner page redeems the ticket
 *   })
 *
 * `app.opened` lists every URL main handed to the browser (through the safe shell); a spec
 * shows the partner page by loading the latest in a page of its own.
 */
export type MagE2e = {
  /** The service: url, setCalendarOffsetDays(days), createUser(), ctx for direct looks. */
  service: ReferenceService
  /** The last URL Launch handed to the browser; fails when none was. */
  latestLaunchUrl(): string
}

export const test = harnessTest.extend<{ mag: MagE2e; magReferenceService: ReferenceService }>({
  // eslint-disable-next-line no-empty-pattern
  magReferenceService: async ({}, use) => {
    const service = await startReferenceService()
    await use(service)
    await service.stop()
  },
  magServiceUrl: async ({ magReferenceService }, use) => {
    await use(magReferenceService.url)
  },
  mag: async ({ magReferenceService, main }, use) => {
    await use({
      service: magReferenceService,
      latestLaunchUrl: () => {
        const url = main.opened.at(-1)
        if (url === undefined) throw new Error('Launch handed no URL to the browser')
        return url
      },
    })
  },
})

export { expect, demoApps, demoUser }
export { DECLINED_CARD, TEST_CARD } from '../mag/test-cards'
