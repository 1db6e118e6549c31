import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const pkg = (name: string) => ({
  extends: true as const,
  // Absolute root: a relative one resolves against process.cwd() and breaks `vitest --root ../..`.
  test: { name, root: fileURLToPath(new URL(`./packages/${name}`, import.meta.url)), include: ['test/**/*.test.ts'] },
});

const example = (name: string) => ({
  extends: true as const,
  test: {
    name: `example-${name}`,
    root: fileURLToPath(new URL(`./examples/${name}`, import.meta.url)),
    include: ['test/**/*.test.ts'],
  },
});

export default defineConfig({
  // Resolve workspace packages to their TS sources, so tests need no build step.
  ssr: { resolve: { conditions: ['@peapod/source', ...defaultServerConditions] } },
  test: {
    // Replays of the fidelity corpus and what-if searches take seconds; on a loaded 2-core CI machine the
    // default 5 s is too tight. Speed is measured in benchmarks, not here.
    testTimeout: 30_000,
    projects: [
      pkg('core'),
      pkg('filters'),
      pkg('scores'),
      pkg('engine'),
      pkg('cluster'),
      pkg('runner'),
      pkg('cli'),
      pkg('testing'),
      example('custom-plugin'),
      example('embed'),
      {
        extends: true,
        test: {
          name: 'scripts',
          root: fileURLToPath(new URL('./scripts', import.meta.url)),
          include: ['**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
    coverage: { provider: 'v8', include: ['packages/*/src/**'] },
  },
});
