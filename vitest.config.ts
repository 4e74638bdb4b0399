import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Says once what outside material is missing (and fails the run under CI=true).
    globalSetup: ['tests/helpers/outside.ts'],
  },
});
