import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests share the machine's keychain and spawn servers: files run in parallel, tests inside a file in order.
    pool: 'forks',
    maxWorkers: 2,
    env: { LEADS_VALIDATE_OUTPUT: '1', LEADS_RETRY_BASE_MS: '20', LEADS_OFFLINE_RETRY_MS: '600000' }
  }
})
