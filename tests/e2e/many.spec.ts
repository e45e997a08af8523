import type { Dispatch } from '../../src/main/ipc/dispatcher'
import { expect, seed, test, type SeedAccount } from './harness'

test.use({ viewport: { width: 880, height: 640 } })

const COUNT = 1000

function manyAccounts(count: number): SeedAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    issuer: `Service ${String(i).padStart(4, '0')}`,
    label: `user${i}@example.com`,
    secret: 'JBSWY3DPEHPK3PXP',
  }))
}

test('1000 accounts: the list is virtualized and scrolls to the last one', async ({ app }) => {
  test.setTimeout(180_000)
  await seed(app.services, manyAccounts(COUNT))
  // How many codes each getCodes call asked for (by ids or as the first rows; all: COUNT), in order.
  const codeRequests: number[] = []
  const recording: Dispatch = (channel, args) => {
    if (channel === 'getCodes') {
      const { ids, first } = (args ?? {}) as { ids?: unknown[]; first?: number }
      codeRequests.push(ids ? ids.length : (first ?? COUNT))
    }
    return app.services.dispatch(channel, args)
  }
  app.bindTo(recording)
  await app.load()
  const rows = app.page.getByRole('listitem')
  await expect(rows.first()).toContainText('Service 0000')
  await expect(rows.first().locator('.code--current')).toHaveText(/^\d{3}\s*\d{3}$/)
  await expect(rows.first()).toHaveAttribute('aria-setsize', String(COUNT))
  // Only a screenful (plus overscan) exists in the DOM, never a thousand rows.
  expect(await rows.count()).toBeLessThan(40)
  // The first screen's codes were asked for alone, then every code once, right after.
  await expect.poll(() => codeRequests).toEqual([15, COUNT])

  await rows.first().locator('.row__main').focus()
  await app.page.keyboard.press('End')
  const last = rows.filter({ hasText: `Service ${String(COUNT - 1).padStart(4, '0')}` })
  await expect(last).toBeVisible()
  await expect(last.locator('.row__main')).toBeFocused()
  await expect(last.locator('.code--current')).toHaveText(/^\d{3}\s*\d{3}$/)
  expect(await rows.count()).toBeLessThan(40)

  // Wheel scrolling renders the rows that come into view.
  await app.page.keyboard.press('Home')
  await app.page.mouse.move(400, 300)
  await app.page.mouse.wheel(0, 72 * 500)
  await expect(rows.filter({ hasText: 'Service 05' }).first()).toBeVisible()
  expect(await rows.count()).toBeLessThan(40)
  await app.screenshot('codes-list-1000')
})
