import { ErrorCodes, matchesLabelMap, PeapodError, type Pod } from '@peapod/core';
import type { EvaluatorFactory, SchedulerConfig, TieBreak } from '@peapod/engine';
import { resourceName } from '../api/errors.js';
import { SIM_KINDS } from '../api/kinds.js';
import type { ApiObject, Kind } from '../api/types.js';
import { isPodActive } from '../objects.js';
import { collectResult, type SimulationResult } from '../result.js';
import { Simulation } from '../simulation.js';
import type { ManifestItem, PlannedAction, PodTarget, ScenarioPlan } from './load.js';

/** A run `until: steady` still stops after this much virtual time. */
export const STEADY_LIMIT_MS = 24 * 3_600_000;

export interface RunOptions {
  /** Overrides the scenario's `until`. */
  readonly until?: number | 'steady';
  readonly seed?: number;
  readonly trace?: boolean;
  readonly schedulerConfig?: SchedulerConfig;
  readonly tieBreak?: TieBreak;
  readonly evaluator?: EvaluatorFactory;
}

/** Initial objects are applied in this order of kinds (then in file order), so references resolve. */
const KIND_ORDER = ['Namespace', 'PriorityClass', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Node'];

function kindRank(item: ManifestItem): number {
  const kind = (item.raw as { kind?: unknown } | null)?.kind;
  const i = KIND_ORDER.indexOf(String(kind));
  return i < 0 ? KIND_ORDER.length : i;
}

const SOURCE = 'kubectl';

/** Builds the simulation of a scenario, runs it and returns the result. Bad initial objects throw. */
export function runScenario(plan: ScenarioPlan, options: RunOptions = {}): SimulationResult {
  const sim = createScenarioSimulation(plan, options);
  const until = options.until ?? plan.until;
  if (until === 'steady') sim.run(STEADY_LIMIT_MS, { stopWhenSteady: true, notBefore: plan.lastActionAt });
  else sim.run(until);
  return collectResult(sim, plan.name, until === 'steady' && sim.isSteady());
}

/** The simulation with the scenario's objects applied and its actions on the clock, not yet run. */
export function createScenarioSimulation(plan: ScenarioPlan, options: RunOptions = {}): Simulation {
  const sim = new Simulation({
    seed: options.seed ?? plan.seed,
    trace: options.trace ?? plan.trace,
    ...plan.network,
    imageSizes: plan.images.sizes,
    missingImages: plan.images.missing,
    ...(plan.images.defaultSize !== undefined ? { defaultImageSize: plan.images.defaultSize } : {}),
    ...(plan.images.pullBytesPerSecond !== undefined ? { pullBytesPerSecond: plan.images.pullBytesPerSecond } : {}),
    ...(options.schedulerConfig ? { schedulerConfig: options.schedulerConfig } : {}),
    ...(options.tieBreak ? { tieBreak: options.tieBreak } : {}),
    ...(options.evaluator ? { evaluator: options.evaluator } : {}),
  });
  const problems: string[] = [];
  const ordered = plan.objects
    .map((item, i) => ({ item, i }))
    .sort((a, b) => kindRank(a.item) - kindRank(b.item) || a.i - b.i);
  for (const { item } of ordered) {
    const error = apply(sim, item);
    if (error !== undefined) problems.push(`${item.where}: ${error}`);
  }
  if (problems.length === 1) throw new PeapodError(ErrorCodes.InputInvalid, problems[0]!);
  if (problems.length > 1)
    throw new PeapodError(
      ErrorCodes.InputInvalid,
      [`${problems.length} problems in the scenario's objects:`, ...problems.map((p) => `  ${p}`)].join('\n'),
    );
  for (const action of plan.actions) sim.clock.at(action.at, () => perform(sim, action));
  return sim;
}

/** `kubectl apply` of one manifest; the API server's refusal as text, or undefined. */
function apply(sim: Simulation, item: ManifestItem): string | undefined {
  const kind = sim.api.kindOf(item.raw);
  if (kind === undefined) {
    const given = (item.raw as { kind?: unknown } | null)?.kind;
    return `kind ${JSON.stringify(given)} is not simulated (kinds: ${[...SIM_KINDS.keys()].join(', ')})`;
  }
  const meta = (item.raw as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
  const name = typeof meta?.name === 'string' ? meta.name : '';
  const given = {
    kind,
    metadata: { name, ...(typeof meta?.namespace === 'string' ? { namespace: meta.namespace } : {}) },
  };
  sim.events.trace(
    SOURCE,
    given,
    'Apply',
    () => `kubectl apply sends ${resourceName(kind)}/${name} to the API server`,
    { step: 1 },
  );
  const result = sim.apply(item.raw);
  if (!result.ok) return `Error from server (${result.error.reason}): ${result.error.message}`;
  const object = result.object;
  sim.events.trace(
    'kube-apiserver',
    object,
    'Stored',
    () =>
      `API server validated, defaulted and stored ${kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} (resourceVersion ${(result.object as ApiObject).metadata.resourceVersion})`,
    { step: 2 },
  );
  return undefined;
}

function findPod(sim: Simulation, target: PodTarget): Pod | undefined {
  if (target.pod !== undefined) return sim.api.get('Pod', target.namespace, target.pod);
  return sim.api
    .list('Pod', target.namespace)
    .filter(
      (p) =>
        isPodActive(p) &&
        p.spec.nodeName &&
        (target.node === undefined || p.spec.nodeName === target.node) &&
        matchesLabelMap(target.selector ?? {}, p.metadata.labels),
    )
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))[0];
}

function describeTarget(target: PodTarget): string {
  if (target.pod !== undefined) return `pod ${target.namespace}/${target.pod}`;
  const labels = Object.entries(target.selector ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `a running pod matching ${labels}${target.node ? ` on ${target.node}` : ''}`;
}

function perform(sim: Simulation, action: PlannedAction): void {
  const failure = act(sim, action);
  if (failure !== undefined) {
    sim.events.warning('scenario', { kind: 'Scenario', metadata: { name: action.where } }, 'ActionFailed', failure);
  }
}

type Noted = {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string | undefined };
};

/** Carries out one action; returns why it could not, or undefined. */
function act(sim: Simulation, action: PlannedAction): string | undefined {
  const note = (object: Noted, reason: string, message: string): undefined => {
    sim.events.normal('scenario', object, reason, message);
    return undefined;
  };
  const refused = (error: { reason: string; message: string }) =>
    `Error from server (${error.reason}): ${error.message}`;
  switch (action.type) {
    case 'apply': {
      const failures = action.items.map((item) => {
        const error = apply(sim, item);
        return error === undefined ? undefined : `${item.where}: ${error}`;
      });
      const first = failures.find((f) => f !== undefined);
      return first;
    }
    case 'delete': {
      const kind = action.kind as Kind;
      if (!SIM_KINDS.has(kind)) return `kind ${action.kind} is not simulated`;
      const namespace = SIM_KINDS.get(kind)!.namespaced ? (action.namespace ?? 'default') : undefined;
      const result = sim.delete(kind, namespace, action.name);
      if (!result.ok) return refused(result.error);
      sim.events.trace(SOURCE, result.object, 'Delete', () => `kubectl delete ${resourceName(kind)}/${action.name}`);
      return undefined;
    }
    case 'scale': {
      const result = sim.scale(action.kind, action.namespace, action.name, action.replicas);
      if (!result.ok) return refused(result.error);
      const command = `kubectl scale ${resourceName(action.kind)}/${action.name} --replicas=${action.replicas}`;
      sim.events.trace(SOURCE, result.object, 'Scale', () => command);
      return undefined;
    }
    case 'fail-node':
      if (!sim.failNode(action.node)) return `fail-node: no running node ${action.node}`;
      return note(
        { kind: 'Node', metadata: { name: action.node } },
        'NodeFailed',
        `Node ${action.node} fails: its kubelet stops (no heartbeats, no status, no probes)`,
      );
    case 'recover-node':
      if (!sim.recoverNode(action.node)) return `recover-node: no failed node ${action.node}`;
      return note(
        { kind: 'Node', metadata: { name: action.node } },
        'NodeRecovered',
        `Node ${action.node} is back: its kubelet starts again`,
      );
    case 'crash-container':
    case 'fail-probe': {
      const pod = findPod(sim, action.target);
      if (pod === undefined) return `${action.type}: no ${describeTarget(action.target)}`;
      const container = action.target.container ?? pod.spec.containers[0]?.name ?? '';
      const crash = action.type === 'crash-container';
      const ok = crash
        ? sim.crashContainer(pod, container, action.exitCode)
        : sim.failProbe(pod, container, action.probe, action.forMs);
      const ref = `${pod.metadata.namespace}/${pod.metadata.name}`;
      if (!ok) return `${action.type}: container ${container} of pod ${ref} is not running`;
      const what = crash
        ? `Container ${container} exits with code ${action.exitCode}`
        : `${action.probe ?? 'every'} probe of container ${container} fails for ${action.forMs / 1000}s`;
      return note({ kind: 'Pod', metadata: pod.metadata }, crash ? 'ContainerCrashed' : 'ProbeFault', what);
    }
  }
}
