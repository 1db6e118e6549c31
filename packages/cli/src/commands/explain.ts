import { ErrorCodes, loadManifests, PeapodError } from '@peapod/core';
import { EXPLAIN_OPTIONS, explainPod, nodeVerdict } from '@peapod/engine';
import { parseFlags, usageError } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import {
  EXPLAIN_FORMATS,
  type ExplainFormat,
  renderExplainJson,
  renderExplainText,
  TOP_NODES,
} from '../output/explain-output.js';
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

const HELP = `Explain why a pod lands where it does, or why it stays Pending.

Replays the cluster's pending pods in queue order, as 'peapod schedule' does (binding each pod and
applying preemptions), up to the first scheduling attempt of the given pod, and explains that
attempt: every node's Filter verdict (which plugin rejected it, and why), every feasible node's
score per plugin (raw, normalised, weighted), ranked, and why the chosen node won.

Examples:
  # Why is this pod Pending?
  peapod explain -f cluster.yaml --pod batch/video-transcode-28473910-5kq2x

  # Why did it not go to worker-3?
  peapod explain -f cluster.yaml --pod shop/storefront-7d4b9c6f8-2xkqp --node worker-3

  # Everything, as one JSON document
  kubectl get nodes,pods -A -o json | peapod explain -f - --pod shop/web-0 -o json

Flags:
  -f, --filename PATH        A manifest (YAML or JSON, gzipped or not), a folder of them (read
                             recursively), or - for stdin. Repeatable.
      --pod NAMESPACE/NAME   The pending pod to explain. Required.
      --node NAME            Why not this node: its Filter verdict, or its scores against the
                             chosen node's, plugin by plugin.
  -o, --output FORMAT        text (default) or json.
      --wide                 Text: every scored node (not only the best ${TOP_NODES}), every score plugin,
                             and each plugin's raw, normalised and weighted score.
${SCHEDULING_FLAGS_HELP}  -h, --help                 Show this help.

Exit status: 0 explained (whether the pod fits or not), 1 bad input (unknown pod or node, a pod
that is bound, gated or for another scheduler), 2 bad usage.

Usage:
  peapod explain -f PATH... --pod NAMESPACE/NAME [flags]
`;

interface ExplainFlags {
  readonly filenames: string[];
  readonly pod: string;
  readonly node?: string;
  readonly output: ExplainFormat;
  readonly wide: boolean;
  readonly scheduling: SchedulingFlags;
}

export const explainCommand = {
  name: 'explain',
  summary: 'Explain why a pod lands on its node, or why it stays Pending, node by node and plugin by plugin',
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const flags = parseExplainFlags(args);
    if (flags === 'help') {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    const scheduler = await schedulerFromFlags(flags.scheduling, EXPLAIN_OPTIONS, io.stderr);
    const objects = await loadManifests(flags.filenames, { stdin: io.stdin });
    writeLoadWarnings(objects, io.stderr);
    const node = flags.node;
    if (node !== undefined && !objects.nodes.some((n) => n.metadata.name === node)) {
      throw new PeapodError(ErrorCodes.InputInvalid, `node ${JSON.stringify(node)} not found`);
    }
    const { tieBreak, seed } = flags.scheduling;
    // The explanation replays the batch up to the pod: on a big cluster that takes a while.
    const explanation = withProgress(io, flags.scheduling.quiet === true, SCHEDULING_PROGRESS, (update) =>
      explainPod(scheduler, objects, flags.pod, { tieBreak, seed, observe: countAttempts(update) }),
    );
    const render = {
      explanation,
      wide: flags.wide,
      ...(node !== undefined ? { verdict: nodeVerdict(explanation, node) } : {}),
    };
    io.stdout.write(flags.output === 'json' ? renderExplainJson(render) : renderExplainText(render));
    return ExitCode.Ok;
  },
} satisfies Command;

export function parseExplainFlags(args: readonly string[]): ExplainFlags | 'help' {
  const values = parseFlags(
    args,
    {
      filename: { type: 'string', short: 'f', multiple: true },
      pod: { type: 'string' },
      node: { type: 'string' },
      output: { type: 'string', short: 'o', default: 'text' },
      wide: { type: 'boolean', default: false },
      ...SCHEDULING_FLAG_OPTIONS,
      help: { type: 'boolean', short: 'h', default: false },
    },
    'pass manifests with -f and the pod with --pod',
  );
  if (values.help) return 'help';
  const filenames = values.filename ?? [];
  if (filenames.length === 0) throw usageError('must specify -f/--filename (a file, a folder, or - for stdin)');
  if (filenames.includes('')) throw usageError('flag -f/--filename must not be empty');
  const pod = values.pod;
  if (pod === undefined) throw usageError('must specify --pod NAMESPACE/NAME');
  if (!/^[^/]+\/[^/]+$/.test(pod)) {
    throw usageError(`invalid value ${JSON.stringify(pod)} for --pod: must be NAMESPACE/NAME`);
  }
  if (values.node === '') throw usageError('flag --node must not be empty');
  return {
    filenames,
    pod,
    ...(values.node !== undefined ? { node: values.node } : {}),
    output: oneOf('--output', values.output, EXPLAIN_FORMATS),
    wide: values.wide,
    scheduling: schedulingFlags(values),
  };
}
