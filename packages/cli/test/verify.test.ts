import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixture, runCli } from './run-cli.js';

const small = fixture('small-cluster.yaml');
let dir = '';
/** peapod's own decisions for small-cluster.yaml, as jsonl lines (api-1, api-2, then batch-big fails). */
let own: string[] = [];

/** Writes a decision log into the test's temporary folder and returns its path. */
function logFile(name: string, lines: readonly string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function editLine(index: number, change: (line: Record<string, unknown>) => Record<string, unknown>): string[] {
  return own.map((l, i) => (i === index ? JSON.stringify(change(JSON.parse(l))) : l));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'peapod-verify-'));
  const { code, stdout } = await runCli(['schedule', '-f', small, '-o', 'jsonl', '--tie-break', 'lowest-name']);
  expect(code).toBe(0);
  own = stdout.trimEnd().split('\n');
  expect(own).toHaveLength(3);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('peapod verify', () => {
  test('full agreement: the summary on stdout, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['verify', '-f', small, '--expected', logFile('own.jsonl', own)]);
    expect(stderr).toBe('');
    expect(stdout).toBe('verify: 3 attempts, 3 agree, 0 disagree\n');
    expect(code).toBe(0);
  });

  test('disagreement: one line per disagreeing attempt, then the summary, exit 4', async () => {
    const lines = editLine(2, (l) => ({ ...l, message: '0/2 nodes are available: 2 Insufficient cpu.' }));
    const { code, stdout } = await runCli(['verify', '-f', small, '--expected', logFile('msg.jsonl', lines)]);
    expect(stdout).toBe(
      'seq 2 shop/batch-big attempt 1: message: expected "0/2 nodes are available: 2 Insufficient cpu." ' +
        'got "0/2 nodes are available: 1 Too many pods, 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.."\n' +
        'verify: 3 attempts, 2 agree, 1 disagree (message 1)\n',
    );
    expect(code).toBe(4);
  });

  test('--compare restricts the aspects; --follow is accepted', async () => {
    const lines = editLine(2, (l) => ({ ...l, message: 'different' }));
    const path = logFile('restricted.jsonl', lines);
    const run = await runCli(['verify', '-f', small, '--expected', path, '--compare', 'feasibility,node', '--follow']);
    expect(run.stdout).toBe('verify: 3 attempts, 3 agree, 0 disagree\n');
    expect(run.code).toBe(0);
  });

  test('-o json: the report, with peapod decision for each disagreeing attempt', async () => {
    const lines = editLine(0, (l) => ({ ...l, scheduled: false, node: null }));
    const path = logFile('json.jsonl', lines);
    const { code, stdout } = await runCli([
      'verify',
      '-f',
      small,
      '--expected',
      path,
      '-o',
      'json',
      '--compare',
      'feasibility',
    ]);
    expect(code).toBe(4);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({
      apiVersion: 'peapod.dev/v1alpha1',
      kind: 'VerifyReport',
      follow: false,
      compare: ['feasibility'],
      summary: { attempts: 3, agreed: 2, disagreed: 1, byField: { feasibility: 1 } },
      attempts: [
        {
          seq: 0,
          pod: 'shop/api-1',
          disagreements: [{ field: 'feasibility', expected: 'unschedulable', actual: 'scheduled' }],
          decision: { pod: 'shop/api-1', scheduled: true },
        },
      ],
      unattempted: [],
    });
  });

  test('a gzipped log, and a log on stdin', async () => {
    const gz = join(dir, 'own.jsonl.gz');
    writeFileSync(gz, gzipSync(`${own.join('\n')}\n`));
    expect((await runCli(['verify', '-f', small, '--expected', gz])).code).toBe(0);
    const viaStdin = await runCli(['verify', '-f', small, '--expected', '-'], `${own.join('\n')}\n`);
    expect(viaStdin.code).toBe(0);
  });

  test('pending pods the log never attempts are noted', async () => {
    const { code, stdout } = await runCli([
      'verify',
      '-f',
      small,
      '--expected',
      logFile('short.jsonl', own.slice(0, 2)),
    ]);
    expect(stdout).toBe('not in the log: 1 pending pod (shop/batch-big)\nverify: 2 attempts, 2 agree, 0 disagree\n');
    expect(code).toBe(0);
  });
});

describe('peapod verify: bad input exits 1, bad usage exits 2', () => {
  test('bad JSON on line 3 names the file and the line', async () => {
    const path = logFile('broken.jsonl', [own[0]!, own[1]!, '{"seq": 2,']);
    const { code, stdout, stderr } = await runCli(['verify', '-f', small, '--expected', path]);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(`^error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line 3: invalid JSON: `),
    );
    expect(code).toBe(1);
  });

  test('a log that does not exist', async () => {
    const { code, stderr } = await runCli(['verify', '-f', small, '--expected', join(dir, 'missing.jsonl')]);
    expect(stderr).toBe(`error: ${join(dir, 'missing.jsonl')}: no such file or directory\n`);
    expect(code).toBe(1);
  });

  test.each([
    { name: 'no --expected', args: ['-f', 'x.yaml'], message: 'must specify --expected (a decision log)' },
    {
      name: 'no -f',
      args: ['--expected', 'x.jsonl'],
      message: 'must specify -f/--filename (a file, a folder, or - for stdin)',
    },
    {
      name: 'unknown aspect',
      args: ['-f', 'x', '--expected', 'y', '--compare', 'message,colour'],
      message:
        'invalid value "colour" for --compare: must be one of order, feasibility, message, reasonCounts, unschedulablePlugins, evaluatedNodes, feasibleNodes, node, topNodes, topScore, scores, preemption',
    },
    {
      name: 'bad output',
      args: ['-f', 'x', '--expected', 'y', '-o', 'table'],
      message: 'invalid value "table" for --output: must be one of text, json',
    },
    {
      name: 'percentage over 100',
      args: ['-f', 'x', '--expected', 'y', '--percentage-of-nodes-to-score', '101'],
      message: 'invalid value "101" for --percentage-of-nodes-to-score: must be an integer from 0 to 100',
    },
    {
      name: 'stdin twice',
      args: ['-f', '-', '--expected', '-'],
      message: 'stdin can be read only once (-f - and --expected -)',
    },
  ])('$name', async ({ args, message }) => {
    const { code, stdout, stderr } = await runCli(['verify', ...args]);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: ${message}\nSee 'peapod verify --help'.\n`);
    expect(code).toBe(2);
  });

  test('--help prints the help, exit 0; the root help lists verify', async () => {
    const help = await runCli(['verify', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('peapod verify -f PATH... --expected PATH [flags]');
    expect((await runCli(['--help'])).stdout).toMatch(/\n {2}verify +Replay a kube-scheduler decision log/);
  });
});
