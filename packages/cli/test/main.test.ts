import { describe, expect, test } from 'vitest';
import { runCli } from './run-cli.js';

describe('peapod (root)', () => {
  test.each([{ argv: ['--help'] }, { argv: ['-h'] }, { argv: ['help'] }, { argv: [] }])(
    '$argv prints help',
    async ({ argv }) => {
      const { code, stdout, stderr } = await runCli(argv);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain('Usage:\n  peapod <command> [flags]');
      expect(stdout).toMatch(/^ {2}schedule {3}Schedule the pending pods/m);
    },
  );

  test('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^peapod \d+\.\d+\.\d+\n$/);
  });

  test('an unknown command is a usage error', async () => {
    expect(await runCli(['shedule', '-f', 'x.yaml'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown command "shedule" for "peapod"\nSee \'peapod --help\'.\n',
    });
  });

  test('an unknown root flag is a usage error', async () => {
    expect(await runCli(['--verbose'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "error: unknown flag: --verbose\nSee 'peapod --help'.\n",
    });
  });

  test.each([
    { argv: ['schedule', '--help'] },
    { argv: ['schedule', '-h', '-o', 'yaml'] },
    { argv: ['help', 'schedule'] },
  ])('$argv prints the schedule help', async ({ argv }) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Usage:\n  peapod schedule -f PATH... [flags]\n');
    expect(stdout).toContain('--fail-on-unschedulable');
  });
});

describe('peapod schedule: usage errors exit 2 with one line and a hint', () => {
  const hint = "See 'peapod schedule --help'.\n";
  const seedError = (value: string) => `invalid value "${value}" for --seed: must be an integer from 0 to 4294967295`;
  test.each([
    { name: 'missing -f', argv: [], error: 'must specify -f/--filename (a file, a folder, or - for stdin)' },
    { name: 'unknown flag', argv: ['-f', 'c.yaml', '--dry-run'], error: 'unknown flag: --dry-run' },
    { name: 'unknown short flag', argv: ['-f', 'c.yaml', '-x'], error: 'unknown flag: -x' },
    {
      name: 'bad -o',
      argv: ['-f', 'c.yaml', '-o', 'yaml'],
      error: 'invalid value "yaml" for --output: must be one of table, json, jsonl',
    },
    { name: '-o without value', argv: ['-f', 'c.yaml', '-o'], error: 'flag needs an argument: --output' },
    {
      name: '-f followed by a flag',
      argv: ['-f', '-o', 'json'],
      error: "flag needs an argument: --filename (write --filename=VALUE for a value that starts with '-')",
    },
    { name: 'non-integer seed', argv: ['-f', 'c.yaml', '--seed', '1.5'], error: seedError('1.5') },
    { name: 'text seed', argv: ['-f', 'c.yaml', '--seed', 'abc'], error: seedError('abc') },
    { name: 'negative seed', argv: ['-f', 'c.yaml', '--seed=-1'], error: seedError('-1') },
    { name: 'seed over 32 bits', argv: ['-f', 'c.yaml', '--seed', '4294967296'], error: seedError('4294967296') },
    {
      name: 'bad tie-break',
      argv: ['-f', 'c.yaml', '--tie-break', 'first'],
      error: 'invalid value "first" for --tie-break: must be one of random, lowest-name',
    },
    {
      name: 'boolean flag with a value',
      argv: ['-f', 'c.yaml', '--fail-on-unschedulable=yes'],
      error: 'flag does not take a value: --fail-on-unschedulable',
    },
    { name: 'positional', argv: ['c.yaml'], error: 'unexpected argument "c.yaml" (pass manifests with -f)' },
  ])('$name', async ({ argv, error }) => {
    expect(await runCli(['schedule', ...argv])).toEqual({ code: 2, stdout: '', stderr: `error: ${error}\n${hint}` });
  });
});
