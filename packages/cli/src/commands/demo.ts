import { DEMO_SCENARIO, demoPlan, runScenario, type SimulationResult } from '@peapod/cluster';
import { parseFlags } from '../args.js';
import { type CliIo, ExitCode } from '../io.js';
import { renderSimulation } from '../output/simulate-output.js';
import type { Command } from './command.js';
import { SIMULATION_FLAG_OPTIONS, simulationFlags } from './simulate.js';

const HELP = `Show a pod's whole way from "create" to "running behind a Service", then a node failure.

Runs the built-in scenario of the seed notes: a ReplicaSet of three pods behind a Service on
three nodes. The STEP column numbers the twelve steps of "How a pod gets deployed" (1 the
create request ... 12 the kubelet's status report). At 1m node-2 fails: after 40 s without
heartbeats it is NotReady, its pod leaves the Service's endpoints, and after the default
300 s toleration it is evicted and replaced on another node with a new IP, while the
Service keeps its ClusterIP. At 8m node-2 comes back and its kubelet removes the old pod.

Flags:
  -o, --output FORMAT   table (default), json or jsonl.
      --until DURATION  Stop earlier or later (default: steady).
      --seed N          Another seed: other pod names, ClusterIP and placement.
      --scenario        Print the scenario file instead of running it.
  -h, --help            Show this help.

Usage:
  peapod demo [flags]
`;

/** The closing lines of the story: where the evicted pod's replacement went, and the Service. */
function epilogue(result: SimulationResult): string {
  const evicted = result.events.find((e) => e.reason === 'TaintManagerEviction' && e.message.startsWith('Marking'));
  const service = result.services[0];
  const lines: string[] = [];
  if (evicted !== undefined) {
    const ip = result.events
      .find((e) => e.name === evicted.name && e.reason === 'StatusReported')
      ?.message.match(/podIP (\S+?)(,|$| )/)?.[1];
    lines.push(
      `Pod ${evicted.name} was evicted at ${evicted.time}s${ip ? ` (it had IP ${ip})` : ''}; its ReplicaSet replaced it:`,
    );
    for (const p of result.pods)
      lines.push(`  ${p.name} on ${p.node ?? '<none>'} with IP ${p.podIP ?? '<none>'} (${p.status})`);
  }
  if (service !== undefined) {
    lines.push(
      `Service ${service.name} kept ClusterIP ${service.clusterIP}; its endpoints are now ${service.endpoints.join(', ')}.`,
    );
  }
  return lines.length === 0 ? '' : `\n${lines.join('\n')}\n`;
}

export const demoCommand = {
  name: 'demo',
  summary: "Watch a pod's way from create to running behind a Service, then a node failure",
  help: HELP,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    const values = parseFlags(
      args,
      { ...SIMULATION_FLAG_OPTIONS, scenario: { type: 'boolean', default: false } },
      'the demo takes no files',
    );
    if (values.help) {
      io.stdout.write(HELP);
      return ExitCode.Ok;
    }
    if (values.scenario) {
      io.stdout.write(DEMO_SCENARIO);
      return ExitCode.Ok;
    }
    const flags = simulationFlags(values);
    const result = runScenario(demoPlan(), {
      ...(flags.until !== undefined ? { until: flags.until } : {}),
      ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    });
    io.stdout.write(renderSimulation(result, flags.output, { steps: true }));
    if (flags.output === 'table') io.stdout.write(epilogue(result));
    return ExitCode.Ok;
  },
} satisfies Command;
