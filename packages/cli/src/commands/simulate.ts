import { loadScenarioFile, parseDuration, runScenario } from '@peapod/cluster';
import { parseFlagsAndPositionals, usageError } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import { renderSimulation, SIMULATE_FORMATS, type SimulateFormat } from '../output/simulate-output.js';
import { evaluatorFromFlags, oneOf, parseWorkers } from '../scheduling-flags.js';
import type { Command } from './command.js';

const HELP = `Simulate a cluster: API server, controllers, scheduler and kubelets on a virtual clock.

Reads a scenario (initial Kubernetes objects plus timed actions such as apply, scale, fail-node,
crash-container; see docs/simulation.md), runs it deterministically and prints the timeline of
events like 'kubectl get events', the final pods, Services and nodes, and metrics.

Examples:
  # Run a scenario until nothing is left to do
  peapod simulate examples/simulate/rollout.yaml

  # Ten virtual minutes, as one JSON document
  peapod simulate examples/simulate/rollout.yaml --until 10m -o json

Flags:
  -o, --output FORMAT   table (default), json or jsonl.
      --until DURATION  When to stop: a duration (90s, 10m, 1h) or 'steady' (once nothing
                        is left to do after the last action). Default: the scenario's
                        'until', or steady.
      --seed N          Seed for names, ClusterIPs and scheduling tie-breaks (default: the
                        scenario's seed, or 0).
      --trace           Also show the control-plane steps that emit no Event (type Trace).
      --workers N|auto  Threads the scheduler's Filter and Score fan out to (0 = this thread;
                        default auto: only where the first pods' Filter and Score cost enough
                        to pay). The timeline is the same whatever the number.
  -h, --help            Show this help.

Exit status: 0 done, 1 bad scenario, 2 bad usage.

Usage:
  peapod simulate SCENARIO [flags]
`;

export interface SimulationFlags {
  readonly output: SimulateFormat;
  readonly until?: number | 'steady';
  readonly seed?: number;
  readonly trace: boolean;
  readonly workers: number | 'auto';
}

export const SIMULATION_FLAG_OPTIONS = {
  output: { type: 'string', short: 'o', default: 'table' },
  until: { type: 'string' },
  seed: { type: 'string' },
  trace: { type: 'boolean', default: false },
  workers: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function simulationFlags(values: {
  output: string;
  until?: string | undefined;
  seed?: string | undefined;
  trace: boolean;
  workers?: string | undefined;
}): SimulationFlags {
  let until: number | 'steady' | undefined;
  if (values.until !== undefined) {
    until = values.until === 'steady' ? 'steady' : parseDuration(values.until);
    if (until === undefined)
      throw usageError(
        `invalid value ${JSON.stringify(values.until)} for --until: use a duration like 90s, 10m, 1h, or steady`,
      );
  }
  let seed: number | undefined;
  if (values.seed !== undefined) {
    seed = Number(values.seed);
    if (!/^\d+$/.test(values.seed) || seed > 0xffffffff)
      throw usageError(
        `invalid value ${JSON.stringify(values.seed)} for --seed: must be an integer from 0 to 4294967295`,
      );
  }
  return {
    output: oneOf('--output', values.output, SIMULATE_FORMATS),
    ...(until !== undefined ? { until } : {}),
    ...(seed !== undefined ? { seed } : {}),
    trace: values.trace,
    workers: parseWorkers(values.workers ?? 'auto'),
  };
}

export const simulateCommand = {
  name: 'simulate',
  summary: 'Simulate a cluster on a virtual clock and print the timeline',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseFlagsAndPositionals(args, SIMULATION_FLAG_OPTIONS);
    if (values.help) {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    const [file, ...extra] = positionals;
    if (file === undefined) throw usageError('must specify a SCENARIO file');
    if (extra.length > 0) throw usageError(`unexpected argument ${JSON.stringify(extra[0])} (one scenario at a time)`);
    const flags = simulationFlags(values);
    const plan = loadScenarioFile(file);
    const evaluator = evaluatorFromFlags({ workers: flags.workers }, io.stderr);
    let result: ReturnType<typeof runScenario>;
    try {
      result = runScenario(plan, {
        ...(flags.until !== undefined ? { until: flags.until } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.trace ? { trace: true } : {}),
        ...(evaluator !== undefined ? { evaluator } : {}),
      });
    } finally {
      evaluator?.close();
    }
    io.stdout.write(renderSimulation(result, flags.output));
    return ExitCode.Ok;
  },
} satisfies Command;
