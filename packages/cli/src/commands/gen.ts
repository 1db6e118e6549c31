import {
  DEFAULT_WORKLOAD_SEED,
  findWorkload,
  resolveWorkloadOptions,
  WORKLOADS,
  type WorkloadDefinition,
  workloadJsonChunks,
} from '@peapod/engine';
import { parseFlags, usageError } from '../args.js';
import { parseCount, parseGenSeed } from '../bench/counts.js';
import { writeChunks } from '../bench/write-output.js';
import { type CliIo, ExitCode } from '../io.js';
import { formatTable } from '../output/table.js';
import type { Command } from './command.js';

const HELP = `Generate a cluster and a workload as Kubernetes JSON (a kind: List), for benchmarks.

The workloads imitate upstream's scheduler_perf suite (SchedulingBasic, SchedulingNodeAffinity,
TopologySpreading, PreferredTopologySpreading, SchedulingPodAntiAffinity, SchedulingPodAffinity,
PreemptionBasic, Unschedulable: the same node and pod templates) and the clusters of ../shared/perf
(basic, mixed). The same workload, counts and seed always give the same bytes. Pipe the output into
'peapod schedule -f -', or write it to a file with -o.

Examples:
  # The workloads and their default sizes
  peapod gen --list

  # upstream's SchedulingBasic/5000Nodes: 5000 nodes, 1000 bound pods, 1000 pending pods
  peapod gen SchedulingBasic -o basic.json

  # A cluster like ../shared/perf/basic-5000, gzipped
  peapod gen basic --nodes 5000 --pods 10000 --seed 3 -o basic-5000.json.gz

Flags:
      --list                 List the workloads with their default sizes, and exit.
      --nodes N              Nodes of the cluster (default: the workload's).
      --pods N               Pending pods, the ones a run schedules (default: the workload's).
      --existing-pods N      Pods created before them: bound to nodes (the workload's ratio to
                             nodes by default; see --list). In Unschedulable they are pending pods
                             that fit nowhere, queued first.
      --seed N               Seed of the generator, 0 to 4294967295 (default ${DEFAULT_WORKLOAD_SEED}).
  -o, --output FILE          Write to FILE (default: - for stdout).
      --gzip                 Gzip the output (also when FILE ends with .gz).
  -q, --quiet                No summary line on stderr.
  -h, --help                 Show this help.

Exit status: 0 done, 1 the output file cannot be written, 2 bad usage.

Usage:
  peapod gen WORKLOAD [flags]
  peapod gen --list
`;

interface GenFlags {
  readonly workload: WorkloadDefinition;
  readonly nodes?: number;
  readonly pods?: number;
  readonly existingPods?: number;
  readonly seed?: number;
  readonly output?: string;
  readonly gzip: boolean;
  readonly quiet: boolean;
}

export const genCommand = {
  name: 'gen',
  summary: 'Generate a cluster and workload (scheduler_perf shapes, basic, mixed) as JSON',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseGenFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    if (flags === 'list') {
      io.stdout.write(renderWorkloadList());
      return ExitCode.Ok;
    }
    const options = resolveWorkloadOptions(flags.workload, flags);
    const bytes = await writeChunks(workloadJsonChunks(flags.workload.name, options), {
      ...(flags.output !== undefined ? { path: flags.output } : {}),
      gzip: flags.gzip,
      stdout: io.stdout,
    });
    if (!flags.quiet) {
      const where = flags.output === undefined ? 'stdout' : flags.output;
      io.stderr.write(
        `generated ${flags.workload.name}: ${options.nodes} nodes, ${options.existingPods} existing pods, ` +
          `${options.pods} pending pods, seed ${options.seed} -> ${where} (${formatBytes(bytes)})\n`,
      );
    }
    return ExitCode.Ok;
  },
} satisfies Command;

/** `peapod gen --list`: every workload, its default sizes and what it is. */
export function renderWorkloadList(): string {
  return formatTable(
    ['WORKLOAD', 'NODES', 'PODS', 'EXISTING', 'DESCRIPTION'],
    WORKLOADS.map((w) => {
      const o = resolveWorkloadOptions(w);
      return [
        w.name,
        String(o.nodes),
        String(o.pods),
        `${o.existingPods}${w.existingPending ? ' pending' : ''}`,
        w.description,
      ];
    }),
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** The workload named on the command line, or a usage error listing the known ones. */
export function workloadFlag(name: string): WorkloadDefinition {
  const workload = findWorkload(name);
  if (workload === undefined) {
    throw usageError(
      `unknown workload ${JSON.stringify(name)}: must be one of ${WORKLOADS.map((w) => w.name).join(', ')} (see 'peapod gen --list')`,
    );
  }
  return workload;
}

export function parseGenFlags(args: readonly string[]): GenFlags | 'help' | 'list' {
  // The workload name comes first; everything after it is flags.
  const [first, ...rest] = args;
  const named = first !== undefined && !first.startsWith('-');
  const values = parseFlags(
    named ? rest : args,
    {
      list: { type: 'boolean', default: false },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      'existing-pods': { type: 'string' },
      seed: { type: 'string' },
      output: { type: 'string', short: 'o' },
      gzip: { type: 'boolean', default: false },
      quiet: { type: 'boolean', short: 'q', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    'the workload name comes first: peapod gen WORKLOAD [flags]',
  );
  if (values.help) return 'help';
  if (values.list) return 'list';
  if (!named) throw usageError("must name a workload: peapod gen WORKLOAD (see 'peapod gen --list')");
  if (values.output === '') throw usageError('flag -o/--output must not be empty');
  const output = values.output === undefined || values.output === '-' ? undefined : values.output;
  const nodes = parseCount('--nodes', values.nodes);
  const pods = parseCount('--pods', values.pods);
  const existingPods = parseCount('--existing-pods', values['existing-pods']);
  const seed = parseGenSeed('--seed', values.seed);
  return {
    workload: workloadFlag(first),
    ...(nodes !== undefined ? { nodes } : {}),
    ...(pods !== undefined ? { pods } : {}),
    ...(existingPods !== undefined ? { existingPods } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(output !== undefined ? { output } : {}),
    gzip: values.gzip || (output !== undefined && /\.gz$/i.test(output)),
    quiet: values.quiet,
  };
}
