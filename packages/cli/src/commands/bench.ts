import {
  createScheduler,
  instrumentSchedulerConfig,
  PluginTimer,
  type ResolvedWorkloadOptions,
  resolveWorkloadOptions,
  type WorkloadDefinition,
} from '@peapod/engine';
import type { TaskSource } from '@peapod/runner';
import { parseFlags, usageError } from '../args.js';
import { parseCount, parseGenSeed } from '../bench/counts.js';
import {
  type BenchInput,
  generateBenchInput,
  loadBenchInput,
  measureRun,
  type RunMeasurement,
} from '../bench/measure.js';
import { type BenchSource, buildReport, renderReport } from '../bench/report.js';
import { parseSweep, renderSweep, runSweep, sweepJson, sweepOk, sweepTasks } from '../bench/sweep.js';
import { type CliIo, ExitCode } from '../io.js';
import { writeLoadWarnings } from '../output/warnings.js';
import { countAttempts, withProgress } from '../progress.js';
import {
  evaluatorFromFlags,
  SCHEDULING_FLAG_OPTIONS,
  SCHEDULING_FLAGS_HELP,
  type SchedulingFlags,
  scheduleOptionsFromFlags,
  schedulerConfigFromFlags,
  schedulingFlags,
} from '../scheduling-flags.js';
import type { Command } from './command.js';
import { workloadFlag } from './gen.js';

const HELP = `Measure how fast peapod schedules a workload.

Loads a workload (manifests, or one 'peapod gen' makes in memory), then schedules its pending pods
as 'peapod schedule' would and reports: pods/s (attempts divided by the wall time of the
scheduling loop; loading and building the session are timed apart), latency per pod (p50, p90, p99,
max), load time (parse + validate), session build time and peak memory (max RSS). With
--profile-plugins, also the time per extension point and per plugin.

Examples:
  # A workload file, every node scored, the median of 3 runs
  peapod bench -f ../shared/perf/basic-5000.json.gz --percentage-of-nodes-to-score 100 --runs 3

  # upstream's SchedulingBasic/5000Nodes, generated in memory, as JSON
  peapod bench --workload SchedulingBasic --json

  # Where does the time go?
  peapod bench --workload mixed --nodes 500 --pods 2000 --profile-plugins

Flags:
  -f, --filename PATH        A manifest (YAML or JSON, gzipped or not), a folder of them, or - for
                             stdin. Repeatable.
      --workload NAME        Generate this workload instead (see 'peapod gen --list').
      --nodes N              With --workload: nodes (default: the workload's).
      --pods N               With --workload: pending pods (default: the workload's).
      --existing-pods N      With --workload: pods created before them (default: the workload's).
      --workload-seed N      With --workload: the generator's seed (default: --seed).
      --runs N               Schedule N times, each on a fresh session over the same loaded objects
                             (default 1); the report is the median run's, with every run's pods/s.
      --profile-plugins      Time every plugin call (slows the run: the timer costs more than some
                             plugins do, so compare runs made with the same setting).
      --json                 Print one JSON object instead of the report.
      --sweep SEEDS          Schedule the workload once per seed, as independent runs on worker threads:
                             a count (8 = seeds 0..7) or a comma list. Prints a table per seed.
      --workers N|auto       With --sweep: the runs' worker threads (default auto = min(runs, cores);
                             0 = this thread). Without it: Filter and Score's threads, as below.
      --compare              With --sweep: run them one after another first, and report the speed-up.
${SCHEDULING_FLAGS_HELP}  -h, --help                 Show this help.

Exit status: 0 done, 1 bad input or configuration, 2 bad usage.

Usage:
  peapod bench -f PATH... [flags]
  peapod bench --workload NAME [--nodes N] [--pods N] [flags]
  peapod bench --workload NAME --sweep SEEDS [--workers N|auto] [--compare] [flags]
`;

const MAX_RUNS = 1000;

interface GeneratedSource {
  readonly definition: WorkloadDefinition;
  readonly options: ResolvedWorkloadOptions;
}

interface BenchFlags {
  readonly filenames: readonly string[];
  readonly workload?: GeneratedSource;
  readonly runs: number;
  readonly json: boolean;
  readonly profilePlugins: boolean;
  readonly scheduling: SchedulingFlags;
  readonly sweep?: Sweep;
}

interface Sweep {
  readonly seeds: number[];
  readonly workers: number | 'auto';
  readonly compare: boolean;
}

export const benchCommand = {
  name: 'bench',
  summary: 'Measure scheduling throughput, latency, load time and memory on a workload',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseBenchFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    // As in `peapod schedule`: the configuration is validated before any manifest is read.
    const config = await schedulerConfigFromFlags(flags.scheduling, io.stderr);
    if (flags.sweep !== undefined) return runSweepCommand(flags, flags.sweep, io);
    const input: BenchInput =
      flags.workload !== undefined
        ? generateBenchInput(flags.workload.definition.name, flags.workload.options)
        : await loadBenchInput(flags.filenames, io.stdin);
    writeLoadWarnings(input.objects, io.stderr);

    const quiet = flags.scheduling.quiet === true || flags.json;
    let threads = 0;
    const runs: RunMeasurement[] = withProgress(io, quiet, { label: 'benchmarking', unit: 'pods' }, (update) => {
      const progress = countAttempts(update, flags.runs);
      const results: RunMeasurement[] = [];
      // Plugin timings are taken in this thread only: no evaluator threads then.
      const scheduling = flags.profilePlugins ? { ...flags.scheduling, workers: 0 as const } : flags.scheduling;
      // One evaluator (its threads) for every run, kept here to report the threads it used.
      const evaluator = evaluatorFromFlags(scheduling, io.stderr);
      const inThread = scheduleOptionsFromFlags({ ...scheduling, workers: 0 });
      const options = evaluator !== undefined ? { ...inThread, evaluator } : inThread;
      for (let i = 0; i < flags.runs; i++) {
        // A fresh scheduler per run: each starts its tie-break source from the same seed.
        const timer = flags.profilePlugins ? new PluginTimer() : undefined;
        const runConfig = timer !== undefined ? instrumentSchedulerConfig(config, timer) : config;
        const scheduler = createScheduler(options, runConfig);
        results.push(measureRun(scheduler, input.objects, timer, progress));
      }
      threads = evaluator?.lastThreads ?? 0;
      evaluator?.close();
      return results;
    });
    const peakRssBytes = process.resourceUsage().maxRSS * 1024;
    const source: BenchSource =
      flags.workload !== undefined
        ? { workload: { name: flags.workload.definition.name, ...flags.workload.options } }
        : { files: flags.filenames };
    const report = buildReport(
      source,
      {
        seed: flags.scheduling.seed,
        tieBreak: flags.scheduling.tieBreak,
        percentageOfNodesToScore: flags.scheduling.percentageOfNodesToScore ?? config.percentageOfNodesToScore,
        ...(flags.scheduling.config !== undefined ? { config: flags.scheduling.config } : {}),
        profilePlugins: flags.profilePlugins,
        workers: threads,
      },
      input,
      runs,
      peakRssBytes,
    );
    io.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderReport(report));
    return ExitCode.Ok;
  },
} satisfies Command;

/** `--sweep`: each worker generates or loads the objects itself, so nothing is loaded here. */
async function runSweepCommand(flags: BenchFlags, sweep: Sweep, io: CliIo): Promise<number> {
  const source: TaskSource =
    flags.workload !== undefined
      ? { kind: 'workload', workload: flags.workload.definition.name, ...flags.workload.options }
      : { kind: 'manifests', paths: flags.filenames };
  const tasks = sweepTasks(source, sweep.seeds, flags.scheduling);
  const report = await runSweep(tasks, sweep.seeds, sweep.workers, sweep.compare);
  io.stdout.write(flags.json ? `${JSON.stringify(sweepJson(report), null, 2)}\n` : renderSweep(report));
  // A run that failed is bad input (its message is in the table); differing decisions are a bug.
  if (report.parallel.results.some((r) => !r.ok)) return ExitCode.InputError;
  return sweepOk(report) ? ExitCode.Ok : ExitCode.Internal;
}

/** `--sweep` and its flags; undefined without `--sweep`. */
function parseSweepFlags(
  values: { sweep?: string | undefined; compare: boolean },
  conflicts: { runs: number; profilePlugins: boolean; filenames: readonly string[]; scheduling: SchedulingFlags },
): Sweep | undefined {
  if (values.sweep === undefined) {
    if (values.compare) throw usageError('flag --compare needs --sweep');
    // Plugin timings are taken in this thread: threads would hide the Filter and Score they run.
    if (
      conflicts.profilePlugins &&
      typeof conflicts.scheduling.workers === 'number' &&
      conflicts.scheduling.workers > 0
    ) {
      throw usageError('--profile-plugins times plugins in this thread: give --workers 0 (or leave it auto)');
    }
    return undefined;
  }
  if (conflicts.runs !== 1) throw usageError('give either --sweep or --runs, not both');
  if (conflicts.profilePlugins) throw usageError('--profile-plugins does not work with --sweep');
  // Workers build the default plugin registry; a plugin module would have to load in every thread.
  if ((conflicts.scheduling.plugins?.length ?? 0) > 0) throw usageError('--plugin does not work with --sweep');
  if (conflicts.filenames.includes('-')) throw usageError('--sweep cannot read stdin: pass files');
  return {
    seeds: parseSweep(values.sweep),
    workers: conflicts.scheduling.workers,
    compare: values.compare,
  };
}

export function parseBenchFlags(args: readonly string[]): BenchFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      workload: { type: 'string' },
      nodes: { type: 'string' },
      pods: { type: 'string' },
      'existing-pods': { type: 'string' },
      'workload-seed': { type: 'string' },
      runs: { type: 'string', default: '1' },
      json: { type: 'boolean', default: false },
      'profile-plugins': { type: 'boolean', default: false },
      sweep: { type: 'string' },
      compare: { type: 'boolean', default: false },
      ...SCHEDULING_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass manifests with -f, or a generated workload with --workload',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  const scheduling = schedulingFlags(values);
  const runs = parseCount('--runs', values.runs, 1);
  if (runs === undefined || runs > MAX_RUNS) {
    throw usageError(
      `invalid value ${JSON.stringify(values.runs)} for --runs: must be an integer from 1 to ${MAX_RUNS}`,
    );
  }
  const generatorFlags = ['nodes', 'pods', 'existing-pods', 'workload-seed'] as const;
  let workload: GeneratedSource | undefined;
  if (values.workload !== undefined) {
    if (filenames.length > 0) throw usageError('give either -f/--filename or --workload, not both');
    const definition = workloadFlag(values.workload);
    const nodes = parseCount('--nodes', values.nodes);
    const pods = parseCount('--pods', values.pods);
    const existingPods = parseCount('--existing-pods', values['existing-pods']);
    const seed = parseGenSeed('--workload-seed', values['workload-seed']) ?? scheduling.seed;
    const options = resolveWorkloadOptions(definition, {
      ...(nodes !== undefined ? { nodes } : {}),
      ...(pods !== undefined ? { pods } : {}),
      ...(existingPods !== undefined ? { existingPods } : {}),
      seed,
    });
    workload = { definition, options };
  } else {
    const stray = generatorFlags.find((f) => values[f] !== undefined);
    if (stray !== undefined) throw usageError(`flag --${stray} needs --workload`);
    if (filenames.length === 0) {
      throw usageError('must specify -f/--filename (a file, a folder, or - for stdin) or --workload NAME');
    }
  }
  const sweep = parseSweepFlags(values, { runs, profilePlugins: values['profile-plugins'], filenames, scheduling });
  return {
    filenames,
    ...(workload !== undefined ? { workload } : {}),
    ...(sweep !== undefined ? { sweep } : {}),
    runs,
    json: values.json,
    profilePlugins: values['profile-plugins'],
    scheduling,
  };
}
