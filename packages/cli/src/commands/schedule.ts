import {
  type ClusterObjects,
  formatOrigin,
  type LoadWarning,
  loadManifests,
  summarizeIgnoredKinds,
} from '@peapod/core';
import { scheduleCluster, type TieBreak } from '@peapod/engine';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode, type OutputStream } from '../io.js';
import { OUTPUT_FORMATS, type OutputFormat, renderSchedule, summaryLine } from '../output/schedule-output.js';
import type { Command } from './command.js';

const TIE_BREAKS: readonly TieBreak[] = ['random', 'lowest-name'];

const HELP = `Schedule the pending pods of a cluster and print where each one lands.

Reads Kubernetes objects (Nodes, Pods and the objects scheduling depends on) from YAML or JSON
manifests, runs the scheduler over the pods that have no spec.nodeName, in queue order, and prints
the decision for each. It is a dry run on files: nothing talks to a cluster.

Examples:
  # Where would the pending pods of a cluster dump land?
  peapod schedule -f examples/cluster.yaml

  # Read a 'kubectl get -o json' dump from stdin, print one JSON object per attempt
  kubectl get nodes,pods -A -o json | peapod schedule -f - -o jsonl

  # Fail a CI job when a rollout would leave pods Pending
  peapod schedule -f cluster/ -f rollout.yaml --fail-on-unschedulable

Flags:
  -f, --filename PATH        A manifest (YAML or JSON, gzipped or not), a folder of them (read
                             recursively), or - for stdin. Repeatable.
  -o, --output FORMAT        table (default), json or jsonl.
      --seed N               Seed of the random tie-break between equally scored nodes: an integer
                             from 0 to 4294967295 (default 0).
      --tie-break MODE       random (default) or lowest-name.
      --percentage-of-nodes-to-score N
                             Stop filtering once this percentage of the nodes is feasible (0-100;
                             0 = upstream's adaptive default, 100 = filter and score every node).
      --fail-on-unschedulable
                             Exit with status 3 when any pod is unschedulable.
  -h, --help                 Show this help.

Exit status: 0 done (unschedulable pods are results), 1 bad input, 2 bad usage,
3 unschedulable pods with --fail-on-unschedulable.

Usage:
  peapod schedule -f PATH... [flags]
`;

interface ScheduleFlags {
  readonly filenames: string[];
  readonly output: OutputFormat;
  readonly seed: number;
  readonly tieBreak: TieBreak;
  readonly percentageOfNodesToScore?: number;
  readonly failOnUnschedulable: boolean;
}

export const scheduleCommand = {
  name: 'schedule',
  summary: 'Schedule the pending pods of a cluster and print where each one lands',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseScheduleFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    writeLoadWarnings(objects, io.stderr);
    const result = scheduleCluster(objects, {
      seed: flags.seed,
      tieBreak: flags.tieBreak,
      // The json document explains failures node by node; the other formats stay compact.
      explain: flags.output === 'json',
      ...(flags.percentageOfNodesToScore !== undefined
        ? { percentageOfNodesToScore: flags.percentageOfNodesToScore }
        : {}),
    });
    io.stdout.write(renderSchedule(result, flags.output));
    if (flags.output === 'table') {
      if (result.decisions.length === 0) io.stderr.write('No pending pods.\n');
      else io.stderr.write(`${summaryLine(result)}\n`);
    }
    return flags.failOnUnschedulable && result.summary.unschedulable > 0 ? ExitCode.Unschedulable : ExitCode.Ok;
  },
} satisfies Command;

export function parseScheduleFlags(args: readonly string[]): ScheduleFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o', default: 'table' },
      seed: { type: 'string', default: '0' },
      'tie-break': { type: 'string', default: 'random' },
      'percentage-of-nodes-to-score': { type: 'string' },
      'fail-on-unschedulable': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass manifests with -f',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify -f/--filename (a file, a folder, or - for stdin)');
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  return {
    filenames,
    output: oneOf('--output', values.output, OUTPUT_FORMATS),
    seed: parseSeed(values.seed),
    tieBreak: oneOf('--tie-break', values['tie-break'], TIE_BREAKS),
    ...(values['percentage-of-nodes-to-score'] !== undefined
      ? { percentageOfNodesToScore: parsePercentage(values['percentage-of-nodes-to-score']) }
      : {}),
    failOnUnschedulable: values['fail-on-unschedulable'],
  };
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === value);
  if (found === undefined) {
    throw usageError(`invalid value ${JSON.stringify(value)} for ${flag}: must be one of ${allowed.join(', ')}`);
  }
  return found;
}

/** The engine's random source has 32 bits of state: larger seeds would silently repeat smaller ones. */
const MAX_SEED = 2 ** 32 - 1;

function parseSeed(text: string): number {
  const seed = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(seed <= MAX_SEED)) {
    throw usageError(`invalid value ${JSON.stringify(text)} for --seed: must be an integer from 0 to ${MAX_SEED}`);
  }
  return seed;
}

function parsePercentage(text: string): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value <= 100)) {
    throw usageError(
      `invalid value ${JSON.stringify(text)} for --percentage-of-nodes-to-score: must be an integer from 0 to 100`,
    );
  }
  return value;
}

/** kubectl style: `Warning: <file>: document 3 (Pod default/web-1): <message>`, then the ignored kinds. */
function writeLoadWarnings(objects: ClusterObjects, stderr: OutputStream): void {
  for (const warning of objects.warnings) stderr.write(`Warning: ${formatWarning(warning)}\n`);
  const ignored = summarizeIgnoredKinds(objects.ignoredKinds);
  if (ignored !== undefined) stderr.write(`Warning: ${ignored}\n`);
}

function formatWarning({ origin, object, message }: LoadWarning): string {
  return `${formatOrigin(origin)} (${object}): ${message}`;
}
