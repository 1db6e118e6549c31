import { type ClusterObjects, loadManifests } from '@peapod/core';
import {
  createScheduler,
  nodeTemplateFrom,
  replicaTemplateFrom,
  runCapacity,
  type Scheduler,
  searchNodes,
} from '@peapod/engine';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode, type OutputStream } from '../io.js';
import { CAPACITY_FORMATS, type CapacityFormat, renderCapacity } from '../output/capacity-output.js';
import { writeLoadWarnings } from '../output/warnings.js';
import {
  oneOf,
  SCHEDULING_FLAG_OPTIONS,
  SCHEDULING_FLAGS_HELP,
  type SchedulingFlags,
  scheduleOptionsFromFlags,
  schedulerConfigFromFlags,
  schedulingFlags,
} from '../scheduling-flags.js';
import type { Command } from './command.js';

const DEFAULT_MAX = 10_000;
const DEFAULT_MAX_NODES = 1_000;
const LIMIT = 1_000_000;

const HELP = `Count how many more replicas of a pod fit in a cluster, and where they land.

Schedules the cluster's pending pods first (as 'peapod schedule' does), then creates replicas of
the template one at a time, each scheduled by the full scheduler (every plugin of its profile)
and bound before the next, until one does not fit or --max replicas are placed. Prints how many
fit, how many landed on each node, and why the next one did not fit.

With --node-template and --replicas: how many nodes shaped like the template must be added for
that many more replicas to fit (a search of full runs, each from the original cluster).

Examples:
  # How many more replicas of this Deployment fit?
  peapod capacity -f cluster/ --pod-template deployment.yaml

  # How many m5.2xlarge-like nodes for 200 more?
  peapod capacity -f cluster/ --pod-template deployment.yaml --node-template node.yaml --replicas 200

Flags:
  -f, --filename PATH        A manifest (YAML or JSON, gzipped or not), a folder of them (read
                             recursively), or - for stdin. Repeatable.
      --pod-template FILE    One Pod, Deployment, ReplicaSet or StatefulSet: the replicas are its
                             pod (template), named <name>-capacity-<i>. Required.
      --max N                The most replicas to try (default ${DEFAULT_MAX}).
      --node-template FILE   One Node: find how many copies (<name>-1, <name>-2, ...) to add.
      --replicas N           With --node-template: the replicas that must fit.
      --max-nodes N          With --node-template: the most nodes to add (default ${DEFAULT_MAX_NODES}).
  -o, --output FORMAT        table (default) or json.
${SCHEDULING_FLAGS_HELP}  -h, --help                 Show this help.

Exit status: 0 done (a count of 0 is a result), 1 bad input, 2 bad usage.

Usage:
  peapod capacity -f PATH... --pod-template FILE [flags]
`;

interface CapacityFlags {
  readonly filenames: string[];
  readonly podTemplate: string;
  readonly max: number;
  readonly nodeSearch?: { readonly nodeTemplate: string; readonly replicas: number; readonly maxNodes: number };
  readonly output: CapacityFormat;
  readonly scheduling: SchedulingFlags;
}

export const capacityCommand = {
  name: 'capacity',
  summary: 'Count how many more replicas of a pod fit, or how many nodes to add for N more',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseCapacityFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    const newScheduler = await schedulerFactory(flags.scheduling, io.stderr);
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    const template = await loadTemplate(flags.podTemplate, io.stderr, replicaTemplateFrom);
    const search = flags.nodeSearch;
    const nodeTemplate =
      search === undefined ? undefined : await loadTemplate(search.nodeTemplate, io.stderr, nodeTemplateFrom);
    writeLoadWarnings(objects, io.stderr);
    if (search === undefined || nodeTemplate === undefined) {
      const run = runCapacity(newScheduler(), objects, template, flags.max);
      io.stdout.write(renderCapacity({ template, run }, flags.output));
      return ExitCode.Ok;
    }
    const result = searchNodes(newScheduler, objects, template, nodeTemplate, search.replicas, search.maxNodes);
    io.stdout.write(renderCapacity({ template, run: result.run, search: { nodeTemplate, result } }, flags.output));
    return ExitCode.Ok;
  },
} satisfies Command;

/** A template file: validated by `from` (one object of the right kind), then its load warnings printed. */
async function loadTemplate<T>(
  path: string,
  stderr: OutputStream,
  from: (objects: ClusterObjects, source: string) => T,
): Promise<T> {
  const objects = await loadManifests([path]);
  const template = from(objects, path);
  writeLoadWarnings(objects, stderr);
  return template;
}

/** A factory of fresh schedulers (each with its own random source) for the node search's runs. */
async function schedulerFactory(flags: SchedulingFlags, stderr: OutputStream): Promise<() => Scheduler> {
  const config = await schedulerConfigFromFlags(flags, stderr);
  const options = scheduleOptionsFromFlags(flags, {}, stderr);
  return () => createScheduler(options, config);
}

export function parseCapacityFlags(args: readonly string[]): CapacityFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      'pod-template': { type: 'string' },
      max: { type: 'string' },
      'node-template': { type: 'string' },
      replicas: { type: 'string' },
      'max-nodes': { type: 'string' },
      output: { type: 'string', short: 'o', default: 'table' },
      ...SCHEDULING_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass manifests with -f',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify -f/--filename (a file, a folder, or - for stdin)');
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  const podTemplate = templatePath('--pod-template', values['pod-template']);
  if (podTemplate === undefined)
    throw usageError('must specify --pod-template (a Pod, Deployment, ReplicaSet or StatefulSet)');
  const nodeTemplate = templatePath('--node-template', values['node-template']);
  const common = {
    filenames,
    podTemplate,
    output: oneOf('--output', values.output, CAPACITY_FORMATS),
    scheduling: schedulingFlags(values),
  };
  if (nodeTemplate === undefined) {
    if (values.replicas !== undefined) throw usageError('--replicas needs --node-template');
    if (values['max-nodes'] !== undefined) throw usageError('--max-nodes needs --node-template');
    return { ...common, max: values.max === undefined ? DEFAULT_MAX : count('--max', values.max) };
  }
  if (values.max !== undefined) throw usageError('--max cannot be used with --node-template (use --replicas)');
  if (values.replicas === undefined) throw usageError('--node-template needs --replicas N');
  const replicas = count('--replicas', values.replicas);
  const maxNodes = values['max-nodes'] === undefined ? DEFAULT_MAX_NODES : count('--max-nodes', values['max-nodes']);
  return { ...common, max: replicas, nodeSearch: { nodeTemplate, replicas, maxNodes } };
}

function templatePath(flag: string, value: string | undefined): string | undefined {
  if (value === '') throw usageError(`flag ${flag} must not be empty`);
  if (value === '-') throw usageError(`${flag} must name a file (stdin is not supported)`);
  return value;
}

function count(flag: string, text: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= LIMIT)) {
    throw usageError(`invalid value ${JSON.stringify(text)} for ${flag}: must be an integer from 1 to ${LIMIT}`);
  }
  return n;
}
