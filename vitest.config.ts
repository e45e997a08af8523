import { defineConfig } from 'vitest/config'

export default defineConfig({
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
