import { writeFile } from 'node:fs/promises';
import { ErrorCodes, loadManifests, PeapodError } from '@peapod/core';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import { summaryLine } from '../output/schedule-output.js';
import { writeLoadWarnings } from '../output/warnings.js';
import { countAttempts, SCHEDULING_PROGRESS, withProgress } from '../progress.js';
import { buildReport, snapshotUsage } from '../report/model.js';
import { renderReport } from '../report/render.js';
import {
  SCHEDULING_FLAG_OPTIONS,
  SCHEDULING_FLAGS_HELP,
  type SchedulingFlags,
  schedulerFromFlags,
  schedulingFlags,
} from '../scheduling-flags.js';
import type { Command } from './command.js';

const HELP = `Schedule the pending pods of a cluster and write the result as one HTML page.

Runs the scheduler as 'peapod schedule' does and writes a self-contained HTML file (inline CSS and
script, nothing loaded from the network): per node, cpu and memory capacity, allocatable and requested
before and after the run; where every pod went; unschedulable pods grouped by reason; the score
breakdown of each scheduled pod on its node and the 3 best nodes; and the preemptions.

Examples:
  # Write report.html for a cluster dump, then open it in a browser
  peapod report -f examples/cluster.yaml -o report.html

  # Write the page to stdout
  kubectl get nodes,pods -A -o json | peapod report -f - -o -

Flags:
  -f, --filename PATH        A manifest (YAML or JSON, gzipped or not), a folder of them (read
                             recursively), or - for stdin. Repeatable.
  -o, --output FILE          The HTML file to write (replaced if it exists), or - for stdout. Required.
${SCHEDULING_FLAGS_HELP}      --fail-on-unschedulable
                             Exit with status 3 when any pod is unschedulable (the report is written).
  -h, --help                 Show this help.

Exit status: 0 done (unschedulable pods are results), 1 bad input or the file cannot be written,
2 bad usage, 3 unschedulable pods with --fail-on-unschedulable.

Usage:
  peapod report -f PATH... -o FILE [flags]
`;

interface ReportFlags {
  readonly filenames: string[];
  /** A path, or `-` for stdout. */
  readonly output: string;
  readonly scheduling: SchedulingFlags;
  readonly failOnUnschedulable: boolean;
}

export const reportCommand = {
  name: 'report',
  summary: 'Schedule the pending pods of a cluster and write an HTML report',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseReportFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    const scheduler = await schedulerFromFlags(flags.scheduling, { explainScores: true }, io.stderr);
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    writeLoadWarnings(objects, io.stderr);
    const session = scheduler.session(objects);
    const before = snapshotUsage(session.snapshot);
    const quiet = flags.scheduling.quiet === true;
    const result = withProgress(io, quiet, SCHEDULING_PROGRESS, (update) =>
      scheduler.runSession(session, countAttempts(update)),
    );
    const page = renderReport(
      buildReport({
        inputs: flags.filenames,
        seed: flags.scheduling.seed,
        tieBreak: flags.scheduling.tieBreak,
        before,
        result,
        nodes: session.snapshot.nodes,
      }),
    );
    if (flags.output === '-') io.stdout.write(page);
    else await writeReport(flags.output, page);
    if (!quiet) {
      const summary = result.decisions.length === 0 ? 'no pending pods' : summaryLine(result);
      io.stderr.write(flags.output === '-' ? `${summary}\n` : `wrote ${flags.output}: ${summary}\n`);
    }
    return flags.failOnUnschedulable && result.summary.unschedulable > 0 ? ExitCode.Unschedulable : ExitCode.Ok;
  },
} satisfies Command;

async function writeReport(path: string, page: string): Promise<void> {
  try {
    await writeFile(path, page);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'is a directory'
            : error instanceof Error
              ? error.message
              : String(error);
    throw new PeapodError(ErrorCodes.InputRead, `cannot write ${path}: ${why}`);
  }
}

export function parseReportFlags(args: readonly string[]): ReportFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      output: { type: 'string', short: 'o' },
      ...SCHEDULING_FLAG_OPTIONS,
      'fail-on-unschedulable': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass manifests with -f',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify -f/--filename (a file, a folder, or - for stdin)');
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  if (values.output === undefined)
    throw usageError('must specify -o/--output (the HTML file to write, or - for stdout)');
  if (values.output === '') throw usageError('flag -o/--output must not be empty');
  return {
    filenames,
    output: values.output,
    scheduling: schedulingFlags(values),
    failOnUnschedulable: values['fail-on-unschedulable'],
  };
}
