import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import {
  CADENCE_ANCHOR,
  estimateNewestStableMajor,
  newestStableMajor,
  newestStableMajorOf,
  oldestSupportedMajor,
  stableMajorOf,
} from './electron-support'

/** How electron-support.ts knows what "supported" means today; its header says why. */
async function pinnedElectron(): Promise<string> {
  const manifest = JSON.parse(await readFile('package.json', 'utf8')) as {
    devDependencies: Record<string, string>
  }
  return manifest.devDependencies['electron'] ?? ''
}

const day = 24 * 60 * 60 * 1000
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`)

describe('the pinned Electron', () => {
  it('is an exact stable version, and the one installed', async () => {
    const pinned = await pinnedElectron()
    expect(stableMajorOf(pinned), `electron ${pinned} must be pinned exactly`).toBeDefined()
    const installed = JSON.parse(await readFile('node_modules/electron/package.json', 'utf8')) as {
      version: string
    }
    expect(installed.version).toBe(pinned)
  })

  it('is one of the three newest stable majors, which Electron still supports', async () => {
    const pinned = await pinnedElectron()
    const major = stableMajorOf(pinned) ?? 0
    const newest = await newestStableMajor({ now: Date.now() })
    const oldest = oldestSupportedMajor(newest.major)
    console.info(
      `[electron version] pinned ${pinned}; newest stable major ${newest.major} (${
        newest.source === 'registry'
          ? 'npm registry'
          : `cadence estimate, registry unreachable: ${newest.why}`
      }); supported ${oldest}–${newest.major}`,
    )
    expect(
      major,
      `Electron ${major} is out of support: upgrade to ${oldest} or later (newest is ${newest.major})`,
    ).toBeGreaterThanOrEqual(oldest)
    if (newest.source === 'registry') {
      expect(newest.versions, 'the pinned version is not a published one').toContain(pinned)
      // The offline estimate must never run ahead of the truth, or offline runs would fail
      // a supported Electron.
      expect(estimateNewestStableMajor(Date.now())).toBeLessThanOrEqual(newest.major)
    }
  })
})

describe('supported majors', () => {
  it('are the newest and the two before it', () => {
    expect(oldestSupportedMajor(45)).toBe(43)
  })

  it('reads only exact stable versions', () => {
    expect(stableMajorOf('45.5.0')).toBe(45)
    for (const v of [
      '^45.5.0',
      '~45.5.0',
      '45.x',
      '46.0.0-beta.3',
      '47.0.0-nightly.20261201',
      '',
    ]) {
      expect(stableMajorOf(v), v).toBeUndefined()
    }
    expect(newestStableMajorOf(['44.9.1', '45.5.0', '46.0.0-beta.3', '9.4.4'])).toBe(45)
    expect(newestStableMajorOf(['46.0.0-alpha.1'])).toBeUndefined()
  })

  it('come from the registry when it answers, from the cadence when it does not', async () => {
    const now = CADENCE_ANCHOR.date + (28 + 3 * 63) * day
    expect(
      await newestStableMajor({ now, lookup: async () => ['47.0.1', '48.0.0-beta.1'] }),
    ).toMatchObject({ major: 47, source: 'registry' })
    const offline = await newestStableMajor({
      now,
      lookup: () => Promise.reject(new Error('npm error code ENOTFOUND\nmore')),
    })
    expect(offline).toEqual({ major: 48, source: 'cadence', why: 'npm error code ENOTFOUND' })
    // An answer with no stable version is no answer.
    expect(await newestStableMajor({ now, lookup: async () => ['48.0.0-beta.1'] })).toMatchObject({
      source: 'cadence',
    })
  })
})

describe('the cadence estimate', () => {
  it('allows 4 weeks of delay, then counts 9-week steps from the anchor, never below it', () => {
    const { date, major } = CADENCE_ANCHOR
    expect(estimateNewestStableMajor(date)).toBe(major)
    expect(estimateNewestStableMajor(date - 400 * day)).toBe(major)
    expect(estimateNewestStableMajor(date + (28 + 62) * day)).toBe(major)
    expect(estimateNewestStableMajor(date + (28 + 63) * day)).toBe(major + 1)
    expect(estimateNewestStableMajor(date + 365 * day)).toBe(major + 5)
  })

  // Stable release dates of Electron's 8-week era (electronjs.org release timelines; 41–45 as
  // the registry dates them). The holiday gaps (33→34, 39→40) are where a plain 8-week count
  // would run ahead.
  const stableDates: Record<number, string> = {
    15: '2021-09-21',
    16: '2021-11-16',
    17: '2022-02-01',
    18: '2022-03-29',
    19: '2022-05-24',
    20: '2022-08-02',
    21: '2022-09-27',
    22: '2022-11-29',
    23: '2023-02-07',
    24: '2023-04-04',
    25: '2023-05-30',
    26: '2023-08-15',
    27: '2023-10-10',
    28: '2023-12-05',
    29: '2024-02-20',
    30: '2024-04-16',
    31: '2024-06-11',
    32: '2024-08-20',
    33: '2024-10-15',
    34: '2025-01-14',
    35: '2025-03-04',
    36: '2025-04-29',
    37: '2025-06-24',
    38: '2025-09-02',
    39: '2025-10-28',
    40: '2026-01-13',
    41: '2026-03-11',
    42: '2026-05-06',
    43: '2026-07-01',
    44: '2026-08-25',
    45: '2026-10-21',
  }

  it('anchored on any past release, never names a major newer than the real one', () => {
    const history = Object.entries(stableDates).map(([m, d]) => ({
      major: Number(m),
      date: utc(d),
    }))
    for (const anchor of history) {
      for (const later of history.filter((r) => r.date >= anchor.date)) {
        // The day before the next major ships is the worst moment to ask.
        const next = history.find((r) => r.major === later.major + 1)
        const asked = next ? next.date - day : later.date
        expect(
          estimateNewestStableMajor(asked, anchor),
          `${anchor.major}→${later.major}`,
        ).toBeLessThanOrEqual(later.major)
      }
    }
  })

  it('lags the truth by at most one major a year', () => {
    const history = Object.entries(stableDates).map(([m, d]) => ({
      major: Number(m),
      date: utc(d),
    }))
    for (const anchor of history) {
      for (const later of history.filter(
        (r) => r.date >= anchor.date && r.date - anchor.date <= 366 * day,
      )) {
        const estimate = estimateNewestStableMajor(later.date, anchor)
        expect(later.major - estimate, `${anchor.major}→${later.major}`).toBeLessThanOrEqual(1)
      }
    }
  })
})
