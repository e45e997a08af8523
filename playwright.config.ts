import { defineConfig } from '@playwright/test'
import { chromiumArgs, chromiumExecutablePath } from './tests/chromium'

/**
 * Two projects: `e2e` drives the built renderer in Debian's Chromium with its bridge bound
 * to the real main-process services; `electron` launches the real app with `_electron` and
 * skips, saying why, where the Electron binary is absent.
 */
export default defineConfig({
  testDir: 'tests',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  projects: [
    {
      name: 'e2e',
      testMatch: 'e2e/**/*.spec.ts',
      use: {
        launchOptions: {
          executablePath: chromiumExecutablePath,
          args: [...chromiumArgs],
        },
      },
    },
    { name: 'electron', testMatch: 'electron/**/*.spec.ts' },
  ],
})
