import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ErrorCodes, loadManifests, PeapodError, STDIN_NAME } from '@peapod/core';
import {
  COMPARE_ASPECTS,
  type CompareAspect,
  type ExpectedDecision,
  formatAttemptDisagreement,
  formatVerifySummary,
  parseDecisionLog,
  type VerifyReport,
  verifyDecisions,
} from '@peapod/engine';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import { decisionRecord } from '../output/schedule-output.js';
import { writeLoadWarnings } from '../output/warnings.js';
import { withProgress } from '../progress.js';
import {
  oneOf,
  SCHEDULING_FLAG_OPTIONS,
  SCHEDULING_FLAGS_HELP,
  type SchedulingFlags,
  schedulerFromFlags,
  schedulingFlags,
} from '../scheduling-flags.js';
import type { Command } from './command.js';

const OUTPUTS = ['text', 'json'] as const;
type VerifyOutput = (typeof OUTPUTS)[number];
/** Pod names listed in the text note about pods the log never attempts. */
const MAX_LISTED_PODS = 10;

const HELP = `Replay a decision log of a real kube-scheduler and report where peapod decides differently.

Loads a cluster (as 'peapod schedule' does) and a decision log in the fidelity corpus format (one
JSON object per scheduling attempt, see docs/verify.md), runs one scheduling cycle per line of the
log for the pod it names, and compares peapod's outcome with the line.

Examples:
  # Does peapod reproduce a corpus scenario? Judge each attempt on the log's own cluster state
  peapod verify -f basic-1/cluster.json --expected basic-1/expected.jsonl --follow

  # Only feasibility and failure messages, as JSON
  peapod verify -f cluster.json --expected expected.jsonl --follow --compare feasibility,message -o json

Flags:
  -f, --filename PATH        The cluster: a manifest (YAML or JSON, gzipped or not), a folder, or -
                             for stdin. Repeatable.
      --expected PATH        The decision log (JSON lines, gzipped or not), or - for stdin. Required.
      --follow               After each attempt, bind, evict and nominate as the log says, not as
                             peapod decided.
      --compare LIST         Comma-separated aspects to compare (default: all):
                             ${COMPARE_ASPECTS.join(', ')}.
  -o, --output FORMAT        text (default) or json.
${SCHEDULING_FLAGS_HELP}  -h, --help                 Show this help.

verify's --tie-break defaults to lowest-name, the rule the corpus was made with.

Exit status: 0 every attempt agrees, 1 bad input, 2 bad usage, 4 at least one attempt disagrees.

Usage:
  peapod verify -f PATH... --expected PATH [flags]
`;

interface VerifyFlags {
  readonly filenames: string[];
  readonly expected: string;
  readonly follow: boolean;
  readonly compare: CompareAspect[];
  readonly output: VerifyOutput;
  readonly scheduling: SchedulingFlags;
}

export const verifyCommand = {
  name: 'verify',
  summary: 'Replay a kube-scheduler decision log and report where peapod decides differently',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseVerifyFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    const scheduler = await schedulerFromFlags(flags.scheduling, {}, io.stderr);
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    writeLoadWarnings(objects, io.stderr);
    const expected = await readDecisionLog(flags.expected, io);
    const progress = { label: 'replaying', unit: 'attempts' };
    const report = withProgress(io, flags.scheduling.quiet === true, progress, (update) =>
      verifyDecisions(scheduler, objects, expected, { follow: flags.follow, compare: flags.compare, progress: update }),
    );
    io.stdout.write(flags.output === 'json' ? renderJson(report) : renderText(report));
    return report.summary.disagreed === 0 ? ExitCode.Ok : ExitCode.Disagreement;
  },
} satisfies Command;

export function parseVerifyFlags(args: readonly string[]): VerifyFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      expected: { type: 'string' },
      follow: { type: 'boolean', default: false },
      compare: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'text' },
      ...SCHEDULING_FLAG_OPTIONS,
      // A random choice cannot match a recorded one: the corpus was made with lowest-name.
      'tie-break': { type: 'string', default: 'lowest-name' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass the cluster with -f and the log with --expected',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify -f/--filename (a file, a folder, or - for stdin)');
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  const expected = values.expected;
  if (expected === undefined || expected === '') throw usageError('must specify --expected (a decision log)');
  if (expected === '-' && filenames.includes('-'))
    throw usageError('stdin can be read only once (-f - and --expected -)');
  return {
    filenames,
    expected,
    follow: values.follow,
    compare: values.compare === undefined ? [...COMPARE_ASPECTS] : parseCompare(values.compare),
    output: oneOf('--output', values.output, OUTPUTS),
    scheduling: schedulingFlags(values),
  };
}

function parseCompare(text: string): CompareAspect[] {
  const names = text.split(',').map((s) => s.trim());
  if (names.some((n) => n === ''))
    throw usageError(`invalid value ${JSON.stringify(text)} for --compare: empty aspect`);
  return names.map((n) => oneOf('--compare', n, COMPARE_ASPECTS));
}

async function readDecisionLog(path: string, io: CliIo): Promise<ExpectedDecision[]> {
  const name = path === '-' ? STDIN_NAME : path;
  let bytes: Buffer;
  try {
    bytes = path === '-' ? await readAll(io.stdin) : await readFile(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  } catch (e) {
    throw new PeapodError(ErrorCodes.InputRead, `${name}: ${describeReadError(e)}`);
  }
  return parseDecisionLog(bytes.toString('utf8'), name);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  if (code?.startsWith('Z_')) return `invalid gzip data: ${(e as Error).message}`;
  return e instanceof Error ? e.message : String(e);
}

/** One line per disagreeing attempt, a note on pods the log never attempts, then the summary line. */
export function renderText(report: VerifyReport): string {
  const lines = report.attempts.map(formatAttemptDisagreement);
  const missing = report.unattempted;
  if (missing.length > 0) {
    const listed = missing.slice(0, MAX_LISTED_PODS).join(', ');
    const more = missing.length > MAX_LISTED_PODS ? `, ... and ${missing.length - MAX_LISTED_PODS} more` : '';
    lines.push(`not in the log: ${missing.length} pending pod${missing.length === 1 ? '' : 's'} (${listed}${more})`);
  }
  lines.push(formatVerifySummary(report.summary));
  return `${lines.join('\n')}\n`;
}

export function renderJson(report: VerifyReport): string {
  const doc = {
    apiVersion: 'peapod.dev/v1alpha1',
    kind: 'VerifyReport',
    follow: report.follow,
    compare: report.compare,
    summary: report.summary,
    attempts: report.attempts.map((a) => ({
      seq: a.seq,
      index: a.index,
      pod: a.pod,
      attempt: a.attempt,
      disagreements: a.disagreements,
      ...(a.decision ? { decision: decisionRecord(a.decision) } : {}),
    })),
    unattempted: report.unattempted,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
