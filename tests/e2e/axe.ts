import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'

/**
 * axe-core over the page as it is now, run by the harness on every `app.screenshot(name)`:
 * every screen the suite shows is also checked for accessibility, against WCAG 2.0, 2.1
 * and 2.2 levels A and AA and axe's best practices. A violation fails the test, named by
 * rule, impact, element and help. Each screen's counts go to test-results/axe/<name>.json
 * (the closing note's per-screen table reads them).
 */
export const AXE_TAGS = [
  'wcag2a',
  'wcag2aa',
  'wcag21a',
  'wcag21aa',
  'wcag22aa',
  'best-practice',
] as const

export type AxeScreenResult = {
  screen: string
  violations: number
  passes: number
  incomplete: number
  /** Rule ids that passed, so a reader can see what was checked. */
  passedRules: string[]
  violationDetails: Array<{ id: string; impact: string; help: string; targets: string[] }>
}

export type AxeRunOptions = {
  /**
   * The test paused the page's clock (page.clock.pauseAt). axe schedules its work with
   * setTimeout, which a paused clock never fires, so the clock is stepped 1 ms at a time
   * until axe is done: the page's time moves by only as many milliseconds as axe took steps.
   */
  clockPaused: boolean
}

export async function checkAccessibility(
  page: Page,
  screen: string,
  dir: string,
  options: AxeRunOptions,
): Promise<void> {
  const analysis = new AxeBuilder({ page }).withTags([...AXE_TAGS]).analyze()
  if (options.clockPaused) {
    let settled = false
    const done = analysis.then(
      () => (settled = true),
      () => (settled = true),
    )
    while (!settled) await Promise.race([page.clock.runFor(1), done])
  }
  const results = await analysis
  const violationDetails = results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? 'unknown',
    help: `${violation.help} (${violation.helpUrl})`,
    targets: violation.nodes.map((node) => node.target.join(' ')),
  }))
  const result: AxeScreenResult = {
    screen,
    violations: results.violations.length,
    passes: results.passes.length,
    incomplete: results.incomplete.length,
    passedRules: results.passes.map((rule) => rule.id).sort(),
    violationDetails,
  }
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, `${screen}.json`), `${JSON.stringify(result, null, 2)}\n`)
  if (violationDetails.length > 0) {
    const lines = violationDetails.map(
      (v) => `  ${v.id} [${v.impact}] on ${v.targets.join(', ')}\n    ${v.help}`,
    )
    throw new Error(
      `axe: ${violationDetails.length} accessibility violation(s) on screen "${screen}":\n${lines.join('\n')}`,
    )
  }
}
