import { defineConfig } from 'vitest/config';

/**
 * The root config drives Vitest for every package: unit tests live beside the code in
 * `src/__tests__`, type tests in `*.test-d.ts`. Workspace packages resolve to their TypeScript
 * sources through the `@tandem/source` export condition, so no build is needed first.
 * Browser behaviour is tested by Playwright in `e2e/`, not here.
 */
export default defineConfig({
  resolve: { conditions: ['@tandem/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@tandem/source', 'module', 'node', 'development|production'] } },
  test: {
    include: [
      'packages/*/src/**/__tests__/**/*.test.ts',
      'apps/*/src/**/__tests__/**/*.test.ts',
      'e2e/bench/**/__tests__/**/*.test.ts',
      'scripts/**/__tests__/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    typecheck: {
      enabled: true,
      include: ['packages/*/src/**/*.test-d.ts'],
      tsconfig: './packages/core/tsconfig.json',
    },
    reporters: ['default'],
  },
});
