import { describe, expect, test } from 'vitest';
import { colorDiagnostics, colorEnabled } from '../src/color.js';
import { runOnTerminal, withoutProgress } from './progress-helpers.js';
import { fixture, runCli } from './run-cli.js';

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const RESET = '\u001b[39m';
const tty = { write: () => true, isTTY: true };
const pipe = { write: () => true };

describe('colorEnabled', () => {
  test.each([
    { name: 'a terminal', stream: tty, env: {}, want: true },
    { name: 'a pipe', stream: pipe, env: {}, want: false },
    { name: 'NO_COLOR=1', stream: tty, env: { NO_COLOR: '1' }, want: false },
    { name: 'NO_COLOR=0 (any non-empty value)', stream: tty, env: { NO_COLOR: '0' }, want: false },
    { name: 'NO_COLOR empty is unset', stream: tty, env: { NO_COLOR: '' }, want: true },
    { name: 'TERM=dumb', stream: tty, env: { TERM: 'dumb' }, want: false },
    { name: 'FORCE_COLOR=1 into a pipe', stream: pipe, env: { FORCE_COLOR: '1' }, want: true },
    { name: 'FORCE_COLOR=0 on a terminal', stream: tty, env: { FORCE_COLOR: '0' }, want: false },
    { name: 'FORCE_COLOR=false on a terminal', stream: tty, env: { FORCE_COLOR: 'false' }, want: false },
    { name: 'FORCE_COLOR empty is unset', stream: pipe, env: { FORCE_COLOR: '' }, want: false },
    { name: 'NO_COLOR wins over FORCE_COLOR', stream: tty, env: { NO_COLOR: '1', FORCE_COLOR: '1' }, want: false },
  ])('$name: $want', ({ stream, env, want }) => {
    expect(colorEnabled(stream, env)).toBe(want);
  });
});

describe('colorDiagnostics', () => {
  test('colours only the prefixes, only at the start of a line', () => {
    let out = '';
    const stream = colorDiagnostics({ write: (c: string) => (out += c), isTTY: true, columns: 80 });
    stream.write('Warning: a.yaml: odd\n');
    stream.write('error: 2 problems\n  error: not at the start\nerror: again\n');
    stream.write('partial ');
    stream.write('error: continues a line\n');
    stream.write('peapod: internal error: bug\n');
    expect(stream.isTTY).toBe(true);
    expect(stream.columns).toBe(80);
    expect(out).toBe(
      `${YELLOW}Warning:${RESET} a.yaml: odd\n` +
        `${RED}error:${RESET} 2 problems\n  error: not at the start\n${RED}error:${RESET} again\n` +
        'partial error: continues a line\n' +
        `${RED}peapod: internal error:${RESET} bug\n`,
    );
  });
});

describe('colours in real runs', () => {
  test('on a terminal: error: red; stdout never coloured', async () => {
    const { code, stdout, stderr } = await runOnTerminal(['schedule', '-f', fixture('bad-quantity.yaml')]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.startsWith(`${RED}error:${RESET} `)).toBe(true);
  });

  test('Warning: yellow, and the rest of stderr and stdout as without colour', async () => {
    const argv = ['schedule', '-f', fixture('warnings.yaml')];
    const plain = await runCli(argv);
    const shown = await runOnTerminal(argv);
    expect(shown.stdout).toBe(plain.stdout);
    expect(shown.stderr).toContain(`${YELLOW}Warning:${RESET}`);
    expect(withoutProgress(shown.stderr).replaceAll(YELLOW, '').replaceAll(RESET, '')).toBe(plain.stderr);
  });

  test.each([
    { name: 'NO_COLOR', setup: { env: { NO_COLOR: '1' } } },
    { name: 'a pipe', setup: { isTTY: false } },
    { name: 'FORCE_COLOR=0', setup: { env: { FORCE_COLOR: '0' } } },
  ])('no colour: $name', async ({ setup }) => {
    const { stderr } = await runOnTerminal(['schedule', '-f', fixture('bad-quantity.yaml')], setup);
    expect(stderr).not.toContain('\u001b');
  });

  test('FORCE_COLOR colours a pipe; usage errors too', async () => {
    const { code, stderr } = await runOnTerminal(['schedule', '--frobnicate'], {
      isTTY: false,
      env: { FORCE_COLOR: '1' },
    });
    expect(code).toBe(2);
    expect(stderr).toBe(`${RED}error:${RESET} unknown flag: --frobnicate\nSee 'peapod schedule --help'.\n`);
  });
});
