import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  defaultSchedulerConfig,
  type LoadedPlugin,
  type PluginRegistry,
  readSchedulerConfiguration,
  registerPluginModules,
  type ScheduleOptions,
  type Scheduler,
  type SchedulerConfig,
  schedulerConfigFrom,
  type TieBreak,
} from '@peapod/engine';
import { type ParallelEvaluator, parallelEvaluator } from '@peapod/runner';
import { usageError } from './args.js';
import type { OutputStream } from './io.js';

/** The flags every command that schedules shares (`schedule`, `verify`), for `parseFlags`. */
export const SCHEDULING_FLAG_OPTIONS = {
  config: { type: 'string' },
  seed: { type: 'string', default: '0' },
  'tie-break': { type: 'string', default: 'random' },
  'percentage-of-nodes-to-score': { type: 'string' },
  'clock-start': { type: 'string' },
  plugin: { type: 'string', multiple: true },
  workers: { type: 'string' },
  quiet: { type: 'boolean', short: 'q', default: false },
} as const;

export const SCHEDULING_FLAGS_HELP = `      --config FILE          A KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1 or v1beta3,
                             YAML or JSON): profiles, plugins, pluginConfig. Default: upstream's
                             default profile.
      --seed N               Seed of the random tie-break between equally scored nodes: an integer
                             from 0 to 4294967295 (default 0).
      --tie-break MODE       random (default) or lowest-name.
      --percentage-of-nodes-to-score N
                             Stop filtering once this percentage of the nodes is feasible (0-100;
                             0 = upstream's adaptive default, 100 = filter and score every node).
                             Overrides the configuration's.
      --clock-start TIME     Origin of the logical clock (RFC 3339, default 2024-01-01T00:00:00Z):
                             bound pods without status.startTime started then; the pod bound by
                             attempt seq starts seq+1 seconds later. Preemption orders victims by it.
      --plugin PATH          A plugin module (ES module, .js/.mjs; .ts from the sources) whose named
                             export \`plugin\` or \`plugins\` is a plugin descriptor (definePlugin from
                             @peapod/core). Loaded before --config, which enables it by name and
                             configures it (pluginConfig). Repeatable.
      --workers N|auto       Worker threads that Filter and Score fan out to, each over a shard of
                             the nodes (0 = all in this thread). Default auto: the first pods are
                             timed in this thread, and threads are used only when Filter and Score
                             cost past the break-even in docs/benchmarks.md, on 512 nodes or more
                             and with cores to spare. The decisions are the same whatever the number.
  -q, --quiet                No progress line and no summary on stderr (warnings and errors still
                             print). The progress line shows only on a terminal, after 1 s.
`;

export interface SchedulingFlags {
  readonly config?: string;
  readonly seed: number;
  readonly tieBreak: TieBreak;
  readonly percentageOfNodesToScore?: number;
  /** ms since the epoch */
  readonly clockStart?: number;
  /** Plugin modules to register before the configuration is read, as given (relative to the cwd). */
  readonly plugins?: readonly string[];
  /** `--workers`: evaluator threads, or `auto` (the default). */
  readonly workers: number | 'auto';
  /** `--quiet`: no progress line, no summary line on stderr. Not a scheduling setting; shared with them. */
  readonly quiet?: boolean;
}

const TIE_BREAKS: readonly TieBreak[] = ['random', 'lowest-name'];

interface RawSchedulingValues {
  readonly config?: string | undefined;
  readonly seed: string;
  readonly 'tie-break': string;
  readonly 'percentage-of-nodes-to-score'?: string | undefined;
  readonly 'clock-start'?: string | undefined;
  readonly plugin?: readonly string[] | undefined;
  readonly workers?: string | undefined;
  readonly quiet?: boolean | undefined;
}

export function schedulingFlags(values: RawSchedulingValues): SchedulingFlags {
  const percentage = values['percentage-of-nodes-to-score'];
  if (values.config === '') throw usageError('flag --config must not be empty');
  if (values.plugin?.includes('')) throw usageError('flag --plugin must not be empty');
  return {
    ...(values.config !== undefined ? { config: values.config } : {}),
    seed: parseSeed(values.seed),
    tieBreak: oneOf('--tie-break', values['tie-break'], TIE_BREAKS),
    ...(percentage !== undefined ? { percentageOfNodesToScore: parsePercentage(percentage) } : {}),
    ...(values['clock-start'] !== undefined ? { clockStart: parseTime('--clock-start', values['clock-start']) } : {}),
    ...(values.plugin !== undefined && values.plugin.length > 0 ? { plugins: [...values.plugin] } : {}),
    workers: parseWorkers(values.workers ?? 'auto'),
    quiet: values.quiet === true,
  };
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseTime(flag: string, text: string): number {
  const ms = RFC3339.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw usageError(
      `invalid value ${JSON.stringify(text)} for ${flag}: must be an RFC 3339 time such as 2024-01-01T00:00:00Z`,
    );
  }
  return ms;
}

/**
 * The in-tree registry plus the plugins of every `--plugin` module, imported in order before any
 * configuration is read. A module that is missing, throws, exports no plugin descriptor or clashes with a
 * registered name is a PeapodError naming its path.
 */
export async function pluginRegistryFromFlags(
  flags: Pick<SchedulingFlags, 'plugins'>,
): Promise<{ readonly registry: PluginRegistry; readonly loaded: readonly LoadedPlugin[] }> {
  const registry = createDefaultRegistry();
  const loaded = await registerPluginModules(flags.plugins ?? [], registry, { cwd: process.cwd() });
  return { registry, loaded };
}

/** Warns about each `--plugin` plugin that no profile enables: it would silently change nothing. */
function warnUnused(
  loaded: readonly LoadedPlugin[],
  config: SchedulerConfig,
  configName: string,
  stderr: OutputStream,
): void {
  for (const plugin of loaded) {
    const enabled = config.profiles.some((profile) =>
      Object.values(profile.points).some((entries) => entries?.some((e) => e.name === plugin.name)),
    );
    if (!enabled) {
      stderr.write(
        `Warning: plugin "${plugin.name}" (--plugin ${plugin.path}) is not enabled by any profile of ${configName}; it changes nothing there\n`,
      );
    }
  }
}

/**
 * The scheduler configuration the flags describe: the `--plugin` modules registered first, then the
 * configuration file (validated once against that registry, every problem reported) or upstream's
 * defaults. Configuration warnings go to stderr. For commands that build several schedulers from one
 * configuration; `schedulerFromFlags` is the one-scheduler case.
 */
export async function schedulerConfigFromFlags(flags: SchedulingFlags, stderr: OutputStream): Promise<SchedulerConfig> {
  const { registry, loaded } = await pluginRegistryFromFlags(flags);
  let config = defaultSchedulerConfig(registry);
  if (flags.config !== undefined) {
    const resolved = await readSchedulerConfiguration(flags.config, registry, DEFAULT_RESOLVE_OPTIONS);
    for (const warning of resolved.warnings) stderr.write(`Warning: ${flags.config}: ${warning}\n`);
    config = schedulerConfigFrom(resolved, registry);
  }
  warnUnused(loaded, config, flags.config ?? 'the default configuration', stderr);
  return config;
}

/** The most threads `--workers` takes. */
export const MAX_WORKERS = 256;

/** `--workers N|auto`. */
export function parseWorkers(text: string): number | 'auto' {
  if (text === 'auto') return 'auto';
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value <= MAX_WORKERS)) {
    throw usageError(`invalid value ${JSON.stringify(text)} for --workers: must be auto or 0 to ${MAX_WORKERS}`);
  }
  return value;
}

/**
 * The parallel evaluator `--workers` asks for (undefined for 0): its threads build their profiles from the
 * same `--plugin` modules and `--config` file.
 */
export function evaluatorFromFlags(
  flags: Pick<SchedulingFlags, 'workers' | 'config' | 'plugins'>,
  stderr?: OutputStream,
): ParallelEvaluator | undefined {
  if (flags.workers === 0) return undefined;
  return parallelEvaluator({
    threads: flags.workers,
    ...(stderr !== undefined ? { onWarning: (m: string) => stderr.write(`Warning: ${m}\n`) } : {}),
    recipe: {
      ...(flags.config !== undefined ? { config: flags.config } : {}),
      ...(flags.plugins !== undefined ? { plugins: flags.plugins } : {}),
    },
  });
}

/**
 * The engine options the flags set (seed, tie-break, percentage override, clock start, the evaluator of
 * `--workers`) plus `extra`.
 */
export function scheduleOptionsFromFlags(
  flags: SchedulingFlags,
  extra: Omit<ScheduleOptions, 'seed' | 'tieBreak' | 'percentageOfNodesToScore' | 'clockStart' | 'evaluator'> = {},
  stderr?: OutputStream,
): ScheduleOptions {
  const evaluator = evaluatorFromFlags(flags, stderr);
  return {
    ...extra,
    ...(evaluator !== undefined ? { evaluator } : {}),
    seed: flags.seed,
    tieBreak: flags.tieBreak,
    ...(flags.percentageOfNodesToScore !== undefined
      ? { percentageOfNodesToScore: flags.percentageOfNodesToScore }
      : {}),
    ...(flags.clockStart !== undefined ? { clockStart: flags.clockStart } : {}),
  };
}

/**
 * The scheduler the flags describe: `schedulerConfigFromFlags` (plugins, then the configuration) with the
 * seed, tie-break and percentage override.
 */
export async function schedulerFromFlags(
  flags: SchedulingFlags,
  extra: Omit<ScheduleOptions, 'seed' | 'tieBreak' | 'percentageOfNodesToScore' | 'clockStart' | 'evaluator'>,
  stderr: OutputStream,
): Promise<Scheduler> {
  const config = await schedulerConfigFromFlags(flags, stderr);
  return createScheduler(scheduleOptionsFromFlags(flags, extra, stderr), config);
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
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
