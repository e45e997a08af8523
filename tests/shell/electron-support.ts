import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { z } from 'zod'

/**
 * Which Electron majors are supported today, for the test that keeps the app on one of them.
 *
 * Electron supports its three newest stable majors and ships a new major every 8 weeks (since
 * Electron 15, 2021), on Chromium's schedule, with one slot skipped over the December
 * holidays. So the newest stable major is the one fact needed, and it comes from:
 * 1. the npm registry, through npm itself (the registry this project installs from, with the
 *    user's npm configuration): the highest major among published versions without a
 *    prerelease tag. The registry's `time` field is not used: mirrors rewrite it to the date
 *    they copied a version, and old majors then look brand new.
 * 2. when the registry cannot be reached, an estimate from the cadence, anchored on a known
 *    release. The 8 weeks are not exact: a summer gap (up to 10-11 weeks) and a winter one
 *    (up to 13 weeks, 33→34) come each year, about 6 majors a year in all. So the estimate
 *    first allows 4 weeks of delay, then counts 9-week steps. Fitted to every release since
 *    Electron 15 (the test checks every pair): it is never above the truth, and lags it by
 *    at most one major within a year of the anchor. Offline it never fails a supported
 *    Electron, and may let one that left support recently pass until the registry is
 *    reachable again, which it is in CI, where the test also checks the estimate against the
 *    registry so a changed schedule shows up.
 */

/** Electron 45.0.0, stable on 21 October 2026. Move it forward when Electron is upgraded. */
export const CADENCE_ANCHOR = { major: 45, date: Date.UTC(2026, 9, 21) }
const WEEK_MS = 7 * 24 * 60 * 60 * 1000
export const CONSERVATIVE_STEP_MS = 9 * WEEK_MS
/** Delay allowed before counting steps (see the header: fitted to Electron's history). */
export const DELAY_SLACK_MS = 4 * WEEK_MS
export const SUPPORTED_MAJORS = 3

/** The newest stable major at `now` by the cadence, never above the real one. */
export function estimateNewestStableMajor(
  now: number,
  anchor: { major: number; date: number } = CADENCE_ANCHOR,
): number {
  const counted = now - anchor.date - DELAY_SLACK_MS
  return anchor.major + Math.max(0, Math.floor(counted / CONSERVATIVE_STEP_MS))
}

/** The oldest major Electron still supports when `newest` is its newest. */
export function oldestSupportedMajor(newest: number): number {
  return newest - (SUPPORTED_MAJORS - 1)
}

/** The major of an exact version ("45.5.0"); undefined for a range or a prerelease. */
export function stableMajorOf(version: string): number | undefined {
  const match = /^(\d+)\.\d+\.\d+$/.exec(version)
  return match ? Number(match[1]) : undefined
}

/** The highest major among stable versions. */
export function newestStableMajorOf(versions: readonly string[]): number | undefined {
  const majors = versions.map(stableMajorOf).filter((m): m is number => m !== undefined)
  return majors.length === 0 ? undefined : Math.max(...majors)
}

const registryAnswer = z.object({ versions: z.array(z.string()).min(1) })

/** Every published version of electron, from the configured registry, by npm itself. */
export async function publishedElectronVersions(): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    'npm',
    ['view', 'electron', 'versions', '--json', '--fetch-retries=0', '--fetch-timeout=15000'],
    { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
  )
  return registryAnswer.parse({ versions: JSON.parse(stdout) as unknown }).versions
}

export type NewestMajor =
  | { major: number; source: 'registry'; versions: readonly string[] }
  | { major: number; source: 'cadence'; why: string }

export async function newestStableMajor(options: {
  now: number
  lookup?: () => Promise<readonly string[]>
}): Promise<NewestMajor> {
  const lookup = options.lookup ?? publishedElectronVersions
  try {
    const versions = await lookup()
    const major = newestStableMajorOf(versions)
    if (major === undefined) throw new Error('no stable version in the answer')
    return { major, source: 'registry', versions }
  } catch (error) {
    return {
      major: estimateNewestStableMajor(options.now),
      source: 'cadence',
      why: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
    }
  }
}
