import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  defaultSchedulerConfig,
  readSchedulerConfiguration,
  type ScheduleOptions,
  type Scheduler,
  schedulerConfigFrom,
  type TieBreak,
} from '@peapod/engine';
import { usageError } from './args.js';
import type { OutputStream } from './io.js';

/** The flags every command that schedules shares (`schedule`, `verify`), for `parseFlags`. */
export const SCHEDULING_FLAG_OPTIONS = {
  config: { type: 'string' },
  seed: { type: 'string', default: '0' },
  'tie-break': { type: 'string', default: 'random' },
  'percentage-of-nodes-to-score': { type: 'string' },
  'clock-start': { type: 'string' },
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
`;

export interface SchedulingFlags {
  readonly config?: string;
  readonly seed: number;
  readonly tieBreak: TieBreak;
  readonly percentageOfNodesToScore?: number;
  /** ms since the epoch */
  readonly clockStart?: number;
}

const TIE_BREAKS: readonly TieBreak[] = ['random', 'lowest-name'];

interface RawSchedulingValues {
  readonly config?: string | undefined;
  readonly seed: string;
  readonly 'tie-break': string;
  readonly 'percentage-of-nodes-to-score'?: string | undefined;
  readonly 'clock-start'?: string | undefined;
}

export function schedulingFlags(values: RawSchedulingValues): SchedulingFlags {
  const percentage = values['percentage-of-nodes-to-score'];
  if (values.config === '') throw usageError('flag --config must not be empty');
  return {
    ...(values.config !== undefined ? { config: values.config } : {}),
    seed: parseSeed(values.seed),
    tieBreak: oneOf('--tie-break', values['tie-break'], TIE_BREAKS),
    ...(percentage !== undefined ? { percentageOfNodesToScore: parsePercentage(percentage) } : {}),
    ...(values['clock-start'] !== undefined ? { clockStart: parseTime('--clock-start', values['clock-start']) } : {}),
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
 * The scheduler the flags describe: the configuration file (validated once, every problem reported) or
 * upstream's defaults, with the seed, tie-break and percentage override. Configuration warnings go to stderr.
 */
export async function schedulerFromFlags(
  flags: SchedulingFlags,
  extra: Omit<ScheduleOptions, 'seed' | 'tieBreak' | 'percentageOfNodesToScore' | 'clockStart'>,
  stderr: OutputStream,
): Promise<Scheduler> {
  const registry = createDefaultRegistry();
  let config = defaultSchedulerConfig(registry);
  if (flags.config !== undefined) {
    const resolved = await readSchedulerConfiguration(flags.config, registry, DEFAULT_RESOLVE_OPTIONS);
    for (const warning of resolved.warnings) stderr.write(`Warning: ${flags.config}: ${warning}\n`);
    config = schedulerConfigFrom(resolved, registry);
  }
  return createScheduler(
    {
      ...extra,
      seed: flags.seed,
      tieBreak: flags.tieBreak,
      ...(flags.percentageOfNodesToScore !== undefined
        ? { percentageOfNodesToScore: flags.percentageOfNodesToScore }
        : {}),
      ...(flags.clockStart !== undefined ? { clockStart: flags.clockStart } : {}),
    },
    config,
  );
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
