import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    conditions: ['@vigil/source'],
  },
  ssr: {
    resolve: {
      conditions: ['@vigil/source'],
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'scripts/**/*.test.ts', 'clients/*/*.test.ts'],
    reporters: ['default', './scripts/vitest-summary-reporter.ts'],
    setupFiles: ['./scripts/vitest-setup.ts'],
    testTimeout: 20_000,
  },
});
