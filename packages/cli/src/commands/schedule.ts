import { loadManifests } from '@peapod/core';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import { OUTPUT_FORMATS, type OutputFormat, renderSchedule, summaryLine } from '../output/schedule-output.js';
import { writeLoadWarnings } from '../output/warnings.js';
import { countAttempts, SCHEDULING_PROGRESS, withProgress } from '../progress.js';
import {
  oneOf,
  SCHEDULING_FLAG_OPTIONS,
  SCHEDULING_FLAGS_HELP,
  type SchedulingFlags,
  schedulerFromFlags,
  schedulingFlags,
} from '../scheduling-flags.js';
import type { Command } from './command.js';

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
${SCHEDULING_FLAGS_HELP}      --explain              With -o json or jsonl: every feasible node's raw, normalised and
                             weighted score per plugin (nodeScores) and the top 3 nodes.
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
  readonly scheduling: SchedulingFlags;
  readonly failOnUnschedulable: boolean;
  readonly explain: boolean;
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
    // The configuration is validated before any manifest is read, as kube-scheduler does at start-up.
    // The json document explains failures node by node; the other formats stay compact.
    const scheduler = await schedulerFromFlags(
      flags.scheduling,
      { explain: flags.output === 'json', explainScores: flags.explain },
      io.stderr,
    );
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    writeLoadWarnings(objects, io.stderr);
    const result = withProgress(io, flags.scheduling.quiet === true, SCHEDULING_PROGRESS, (update) =>
      scheduler.run(objects, countAttempts(update)),
    );
    io.stdout.write(renderSchedule(result, flags.output));
    if (flags.output === 'table' && flags.scheduling.quiet !== true) {
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
      ...SCHEDULING_FLAG_OPTIONS,
      'fail-on-unschedulable': { type: 'boolean', default: false },
      explain: { type: 'boolean', default: false },
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
    scheduling: schedulingFlags(values),
    failOnUnschedulable: values['fail-on-unschedulable'],
    explain: values.explain,
  };
}
