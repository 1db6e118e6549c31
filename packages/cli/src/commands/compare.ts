import { loadManifests } from '@peapod/core';
import { compareResults, type Scheduler } from '@peapod/engine';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import { COMPARE_FORMATS, type CompareFormat, differencesLine, renderCompare } from '../output/compare-output.js';
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

/** `--config default`: upstream's default configuration instead of a file. */
export const DEFAULT_CONFIG = 'default';

/** The shared scheduling flags' help without its `--config` entry (compare documents its own). */
function withoutConfigFlag(help: string): string {
  const lines = help.split('\n');
  const start = lines.findIndex((line) => line.trimStart().startsWith('--config '));
  if (start < 0) return help;
  let end = start + 1;
  while (end < lines.length && !lines[end]!.trimStart().startsWith('-')) end++;
  return [...lines.slice(0, start), ...lines.slice(end)].join('\n');
}

const HELP = `Schedule the same cluster under two scheduler configurations and compare the results.

Runs the pending pods of the cluster once under configuration A and once under B (each as
'peapod schedule' would), then prints side by side: pods scheduled and unschedulable, and how
evenly the nodes are used (mean and standard deviation over the nodes of requested/allocatable
cpu and memory after the run), followed by every pod placed differently.

Examples:
  # Does bin packing leave pods Pending that spreading would place?
  peapod compare -f cluster/ --config most-allocated.yaml --config default

Flags:
  -f, --filename PATH        A manifest (YAML or JSON, gzipped or not), a folder of them (read
                             recursively), or - for stdin. Repeatable.
      --config FILE          Given twice: configuration A, then B. A KubeSchedulerConfiguration file,
                             or '${DEFAULT_CONFIG}' for upstream's default profile.
  -o, --output FORMAT        table (default) or json.
${withoutConfigFlag(SCHEDULING_FLAGS_HELP)}  -h, --help                 Show this help.

The seed, tie-break, percentage and clock flags apply to both runs; each run starts its random
source from the same seed.

Exit status: 0 done, 1 bad input or configuration, 2 bad usage.

Usage:
  peapod compare -f PATH... --config A --config B [flags]
`;

interface CompareFlags {
  readonly filenames: string[];
  readonly configs: readonly [string, string];
  readonly output: CompareFormat;
  readonly scheduling: SchedulingFlags;
}

export const compareCommand = {
  name: 'compare',
  summary: 'Schedule a cluster under two scheduler configurations and compare the results',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseCompareFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    // Both configurations are validated before any manifest is read.
    const load = (config: string): Promise<Scheduler> =>
      schedulerFromFlags(
        { ...flags.scheduling, ...(config === DEFAULT_CONFIG ? {} : { config }) },
        { explain: false },
        io.stderr,
      );
    const schedulerA = await load(flags.configs[0]);
    const schedulerB = await load(flags.configs[1]);
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    writeLoadWarnings(objects, io.stderr);
    // One progress line over both runs.
    const comparison = withProgress(io, flags.scheduling.quiet === true, SCHEDULING_PROGRESS, (update) => {
      const observe = countAttempts(update, 2);
      return compareResults(objects, schedulerA.run(objects, observe), schedulerB.run(objects, observe));
    });
    io.stdout.write(renderCompare(flags.configs, comparison, flags.output));
    if (flags.output === 'table' && flags.scheduling.quiet !== true) {
      io.stderr.write(`${differencesLine(comparison)}\n`);
    }
    return ExitCode.Ok;
  },
} satisfies Command;

export function parseCompareFlags(args: readonly string[]): CompareFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o', default: 'table' },
      ...SCHEDULING_FLAG_OPTIONS,
      config: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass manifests with -f',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify -f/--filename (a file, a folder, or - for stdin)');
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  const configs = values.config ?? [];
  if (configs.includes('')) throw usageError('flag --config must not be empty');
  const [a, b] = configs;
  if (configs.length !== 2 || a === undefined || b === undefined) {
    throw usageError(
      `must specify --config exactly twice (configuration A, then B; a file or '${DEFAULT_CONFIG}'), got ${configs.length}`,
    );
  }
  return {
    filenames,
    configs: [a, b],
    output: oneOf('--output', values.output, COMPARE_FORMATS),
    scheduling: schedulingFlags({ ...values, config: undefined }),
  };
}
