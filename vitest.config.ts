import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import { messageCatalogPlugin } from './scripts/vite-plugin-message-catalog'

export default defineConfig({
  // Tests load the message catalogue as the app's bundles do (compiled at build time).
  plugins: [messageCatalogPlugin(resolve(import.meta.dirname, 'src/shared/i18n/locales'))],
  test: {
    include: ['tests/**/*.test.ts', 'src/**/*.test.ts', 'packages/*/tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/electron/**', 'node_modules/**'],
    environment: 'node',
    // Each run gets its own TMPDIR and fails if a test leaves anything in it.
    globalSetup: ['tests/shell/temp-dir-guard.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Keychain and database tests share one private keyring / server per file.
    fileParallelism: true,
  },
})
