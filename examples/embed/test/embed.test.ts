import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { placementLines, scheduleFiles } from '../src/embed.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cluster = fileURLToPath(new URL('../../cluster.yaml', import.meta.url));

// examples/cluster.yaml as the README's quick start prints it (seed 0).
const EXPECTED = [
  'ml/trainer-0 -> gpu-1',
  'shop/storefront-7d4b9c6f8-2xkqp -> worker-2',
  'shop/storefront-7d4b9c6f8-9mvtw -> worker-1',
  'shop/storefront-7d4b9c6f8-hjr4c -> worker-3',
  'shop/checkout-5f6d8b7c4-lp8zn -> worker-3',
  'shop/checkout-5f6d8b7c4-w2rt6 -> worker-2',
  'shop/redis-0 -> worker-1',
  'shop/mailer-6b7d5c9f4-zp4rn -> worker-1',
];

describe('embedding the engine', () => {
  test('scheduleFiles and placementLines: where each pod of examples/cluster.yaml goes', async () => {
    const lines = placementLines(await scheduleFiles([cluster]));
    expect(lines.slice(0, -1)).toEqual(EXPECTED);
    expect(lines.at(-1)).toMatch(/^batch\/video-transcode-28473910-5kq2x -> unschedulable: 0\/5 nodes are available: /);
  });

  test('the program runs under node and prints the same lines and a summary', () => {
    const child = spawnSync(
      process.execPath,
      ['--conditions=@peapod/source', '--import', 'tsx', 'examples/embed/src/main.ts', cluster],
      { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 },
    );
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    const lines = child.stdout.trimEnd().split('\n');
    expect(lines.slice(0, EXPECTED.length)).toEqual(EXPECTED);
    expect(lines.at(-1)).toBe('8 scheduled, 1 unschedulable');
    expect(child.status).toBe(0);
  });
});
