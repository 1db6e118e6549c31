import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

test('the real bin exits 1 with a one-line error and no stack trace for a bad file', () => {
  const child = spawnSync(
    process.execPath,
    [
      '--conditions=@peapod/source',
      '--import',
      'tsx',
      'packages/cli/src/bin.ts',
      'schedule',
      '-f',
      'packages/cli/test/fixtures/bad-quantity.yaml',
    ],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      // tsx applies only a tsconfig whose include covers the file; the root tsconfig.json includes nothing,
      // and the engine needs experimentalDecorators.
      env: { ...process.env, TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.base.json` },
    },
  );
  expect(child.error).toBeUndefined();
  expect(child.stdout).toBe('');
  expect(child.stderr).toBe(
    'error: packages/cli/test/fixtures/bad-quantity.yaml: document 3 (Pod default/web-1): ' +
      'spec.containers[0].resources.requests.cpu: invalid quantity "12x"\n',
  );
  expect(child.status).toBe(1);
});
