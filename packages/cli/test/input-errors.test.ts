import { describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

// Bad input exits 1 with `error: <message>` on stderr, nothing on stdout and never a stack trace.
describe('peapod schedule: input errors exit 1', () => {
  test('missing file', async () => {
    const path = fixture('does-not-exist.yaml');
    expect(await runCli(['schedule', '-f', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${path}: no such file or directory\n`,
    });
  });

  test('malformed YAML names the file and the position', async () => {
    const path = fixture('malformed.yaml');
    expect(await runCli(['schedule', '-f', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${path}: document 2: line 11, column 1: deficient indentation\n`,
    });
  });

  test('bad quantity names the file, document, object and field', async () => {
    const path = fixture('bad-quantity.yaml');
    expect(await runCli(['schedule', '-f', path])).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: ${path}: document 3 (Pod default/web-1): spec.containers[0].resources.requests.cpu: invalid quantity "12x"\n`,
    });
  });
});
