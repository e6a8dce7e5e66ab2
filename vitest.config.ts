import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [vue()],
  test: {
    setupFiles: ['tests/support/fast-check-seed.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        // The long runs of the crash-safety and flaky-network tests: `npm run test:soak`, outside `npm test`.
        test: { name: 'soak', include: ['tests/soak/**/*.test.ts'], testTimeout: 20 * 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // The benchmark runs here at a tiny size, and electronegativity reads the app: both need the build test:e2e makes.
          include: ['tests/e2e/**/*.e2e.ts', 'tests/bench/**/*.e2e.ts', 'tests/security/**/*.e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
