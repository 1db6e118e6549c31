import type { Pod } from '@peapod/core';
import type { EndpointSubset } from './api/types.js';
import { nodeReady } from './controllers/node-conditions.js';
import { podDisplayStatus, podReadyColumn } from './display.js';
import type { TimelineEvent } from './events.js';
import { percentile } from './metrics.js';
import { podRestarts } from './objects.js';
import type { Simulation } from './simulation.js';

export const RESULT_API_VERSION = 'peapod.dev/v1alpha1';

/** A timeline line as `-o json` writes it: a TimelineEvent, its `time` in seconds. */
export type EventRecord = TimelineEvent;

export interface PodRecord {
  readonly namespace: string;
  readonly name: string;
  readonly node: string | null;
  readonly podIP: string | null;
  readonly phase: string;
  /** `kubectl get pods` STATUS. */
  readonly status: string;
  readonly ready: string;
  readonly restarts: number;
  readonly owner: string | null;
}

export interface ServiceRecord {
  readonly namespace: string;
  readonly name: string;
  readonly clusterIP: string | null;
  /** Ready endpoint IPs, sorted. */
  readonly endpoints: string[];
  readonly notReadyEndpoints: string[];
}

export interface NodeRecord {
  readonly name: string;
  readonly ready: string;
  readonly podCIDR: string | null;
  readonly pods: number;
  readonly taints: string[];
}

export interface SimulationMetrics {
  /** Creation to first Ready, in seconds, over pods created during the run that became Ready. */
  readonly podStartupLatency: { readonly p50: number; readonly p99: number; readonly count: number };
  readonly schedulingAttempts: number;
  readonly scheduled: number;
  readonly schedulingFailures: number;
  readonly preemptions: number;
  readonly evictions: number;
  readonly podsCreated: number;
  readonly podsDeleted: number;
  readonly containerRestarts: number;
  readonly events: number;
}

export interface SimulationResult {
  readonly apiVersion: string;
  readonly kind: 'SimulationResult';
  readonly scenario: string;
  readonly seed: number;
  /** Virtual seconds when the run ended. */
  readonly endTime: number;
  /** The run ended because nothing was left to do (rather than at `until`). */
  readonly steady: boolean;
  readonly events: EventRecord[];
  readonly pods: PodRecord[];
  readonly services: ServiceRecord[];
  readonly nodes: NodeRecord[];
  readonly metrics: SimulationMetrics;
}

const seconds = (ms: number) => Math.round(ms) / 1000;

function byName<T extends { namespace?: string; name: string }>(a: T, b: T): number {
  const ka = `${a.namespace ?? ''}/${a.name}`;
  const kb = `${b.namespace ?? ''}/${b.name}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

function podRecord(pod: Pod): PodRecord {
  const owner = pod.metadata.ownerReferences?.find((r) => r.controller === true);
  return {
    namespace: pod.metadata.namespace ?? 'default',
    name: pod.metadata.name,
    node: pod.spec.nodeName ?? null,
    podIP: pod.status?.podIP ?? null,
    phase: pod.status?.phase ?? 'Pending',
    status: podDisplayStatus(pod),
    ready: podReadyColumn(pod),
    restarts: podRestarts(pod),
    owner: owner ? `${owner.kind}/${owner.name}` : null,
  };
}

function ips(subsets: readonly EndpointSubset[] | undefined, field: 'addresses' | 'notReadyAddresses'): string[] {
  return (subsets ?? []).flatMap((s) => (s[field] ?? []).map((a) => a.ip)).sort();
}

/** The run's outcome: the timeline, the final state of pods, Services and nodes, and the metrics. */
export function collectResult(sim: Simulation, scenario: string, steady: boolean): SimulationResult {
  const api = sim.api;
  const pods = api.list('Pod').map(podRecord).sort(byName);
  const services = api
    .list('Service')
    .map((svc): ServiceRecord => {
      const ep = api.get('Endpoints', svc.metadata.namespace, svc.metadata.name);
      return {
        namespace: svc.metadata.namespace ?? 'default',
        name: svc.metadata.name,
        clusterIP: svc.spec?.clusterIP ?? null,
        endpoints: ips(ep?.subsets, 'addresses'),
        notReadyEndpoints: ips(ep?.subsets, 'notReadyAddresses'),
      };
    })
    .sort(byName);
  const podsPerNode = new Map<string, number>();
  for (const p of pods) if (p.node) podsPerNode.set(p.node, (podsPerNode.get(p.node) ?? 0) + 1);
  const nodes = api
    .list('Node')
    .map(
      (n): NodeRecord => ({
        name: n.metadata.name,
        ready: nodeReady(n) ?? 'Unknown',
        podCIDR: n.spec?.podCIDR ?? null,
        pods: podsPerNode.get(n.metadata.name) ?? 0,
        taints: (n.spec?.taints ?? []).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`),
      }),
    )
    .sort(byName);
  const latencies = [...sim.startup.latencies].sort((a, b) => a - b);
  const m = sim.scheduler.metrics;
  return {
    apiVersion: RESULT_API_VERSION,
    kind: 'SimulationResult',
    scenario,
    seed: sim.seed,
    endTime: seconds(sim.clock.now),
    steady,
    events: sim.events.events.map((e) => ({ ...e, time: seconds(e.time) })),
    pods,
    services,
    nodes,
    metrics: {
      podStartupLatency: {
        p50: seconds(percentile(latencies, 50)),
        p99: seconds(percentile(latencies, 99)),
        count: latencies.length,
      },
      schedulingAttempts: m.attempts,
      scheduled: m.scheduled,
      schedulingFailures: m.failed,
      preemptions: m.preemptions,
      evictions: sim.taintEviction.evictions,
      podsCreated: sim.startup.podsCreated,
      podsDeleted: sim.startup.podsDeleted,
      containerRestarts: pods.reduce((n, p) => n + p.restarts, 0),
      events: sim.events.events.filter((e) => e.type !== 'Trace').length,
    },
  };
}
