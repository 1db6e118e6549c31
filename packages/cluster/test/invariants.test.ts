import type { Pod } from '@peapod/core';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cidrContains, parseCidr, parseIPv4 } from '../src/net/ipv4.js';
import { isPodReady, isPodTerminal } from '../src/objects.js';
import { Simulation } from '../src/simulation.js';
import { container, deployment, must, node, podTemplate, replicaSet, service } from './builders.js';

interface Workload {
  readonly kind: 'ReplicaSet' | 'Deployment';
  readonly replicas: number;
  readonly cpu: number;
  readonly probe: boolean;
}

type Step =
  | { readonly type: 'scale'; readonly workload: number; readonly replicas: number }
  | { readonly type: 'fail-node' | 'recover-node'; readonly node: number }
  | { readonly type: 'crash' | 'fail-probe' | 'delete-pod'; readonly workload: number }
  | { readonly type: 'rollout'; readonly workload: number };

interface Plan {
  readonly seed: number;
  readonly nodes: readonly number[];
  readonly workloads: readonly Workload[];
  readonly steps: readonly Step[];
}

const workloadArb = fc.record({
  kind: fc.constantFrom('ReplicaSet' as const, 'Deployment' as const),
  replicas: fc.integer({ min: 0, max: 5 }),
  cpu: fc.integer({ min: 1, max: 12 }).map((n) => n * 100),
  probe: fc.boolean(),
});

const planArb: fc.Arbitrary<Plan> = fc.record({
  seed: fc.integer({ min: 0, max: 1000 }),
  nodes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
  workloads: fc.array(workloadArb, { minLength: 1, maxLength: 3 }),
  steps: fc.array(
    fc.oneof(
      fc.record({ type: fc.constant('scale' as const), workload: fc.nat(2), replicas: fc.integer({ min: 0, max: 6 }) }),
      fc.record({ type: fc.constantFrom('fail-node' as const, 'recover-node' as const), node: fc.nat(3) }),
      fc.record({
        type: fc.constantFrom('crash' as const, 'fail-probe' as const, 'delete-pod' as const, 'rollout' as const),
        workload: fc.nat(2),
      }),
    ),
    { maxLength: 4 },
  ),
});

function build(plan: Plan): Simulation {
  const sim = new Simulation({ seed: plan.seed });
  for (const [i, cpu] of plan.nodes.entries()) must(sim, node(`node-${i}`, String(cpu)));
  plan.workloads.forEach((w, i) => {
    const name = `w${i}`;
    const template = podTemplate(name, [
      container({ cpu: `${w.cpu}m`, port: 80, readiness: w.probe, liveness: w.probe }),
    ]);
    must(sim, service(name, name));
    must(
      sim,
      w.kind === 'ReplicaSet' ? replicaSet(name, w.replicas, template) : deployment(name, w.replicas, template),
    );
  });
  return sim;
}

function livePods(sim: Simulation, app?: string): Pod[] {
  return sim.api.list('Pod').filter((p) => !isPodTerminal(p) && (app === undefined || p.metadata.labels?.app === app));
}

function apply(sim: Simulation, plan: Plan, step: Step): void {
  const workload = 'workload' in step ? plan.workloads[step.workload % plan.workloads.length]! : undefined;
  const name = 'workload' in step ? `w${step.workload % plan.workloads.length}` : '';
  const somePod = livePods(sim, name).filter((p) => p.spec.nodeName && !p.metadata.deletionTimestamp)[0];
  switch (step.type) {
    case 'scale':
      sim.scale(workload!.kind, 'default', name, step.replicas);
      return;
    case 'fail-node':
      sim.failNode(`node-${step.node % plan.nodes.length}`);
      return;
    case 'recover-node':
      sim.recoverNode(`node-${step.node % plan.nodes.length}`);
      return;
    case 'crash':
      if (somePod) sim.crashContainer(somePod, 'app', 1);
      return;
    case 'fail-probe':
      if (somePod) sim.failProbe(somePod, 'app', undefined, 40_000);
      return;
    case 'delete-pod':
      if (somePod) sim.delete('Pod', 'default', somePod.metadata.name);
      return;
    case 'rollout': {
      if (workload?.kind !== 'Deployment') return;
      const current = sim.api.get('Deployment', 'default', name)!;
      const template = podTemplate(name, [
        container({ cpu: `${workload.cpu}m`, port: 80, image: `app:${sim.clock.now}`, readiness: workload.probe }),
      ]);
      must(sim, deployment(name, current.spec.replicas ?? 1, template));
    }
  }
}

/** The checks that hold whenever the cluster has settled. */
function checkSettled(sim: Simulation, plan: Plan): void {
  const pods = livePods(sim);
  const ips = new Map<string, string>();
  for (const p of pods) {
    const ip = p.status?.podIP;
    if (!ip || !p.spec.nodeName) continue;
    expect(ips.get(ip), `IP ${ip} of ${p.metadata.name} is also ${ips.get(ip)}'s`).toBeUndefined();
    ips.set(ip, p.metadata.name);
    const cidr = parseCidr(sim.api.get('Node', undefined, p.spec.nodeName)!.spec!.podCIDR!)!;
    expect(cidrContains(cidr, parseIPv4(ip)!), `${ip} in ${p.spec.nodeName}'s podCIDR`).toBe(true);
  }
  // Every ReplicaSet owns exactly the pods it wants (not counting pods being deleted).
  for (const rs of sim.api.list('ReplicaSet')) {
    const owned = pods.filter(
      (p) => p.metadata.ownerReferences?.[0]?.uid === rs.metadata.uid && !p.metadata.deletionTimestamp,
    );
    expect(owned.length, `ReplicaSet ${rs.metadata.name} converges to ${rs.spec.replicas}`).toBe(rs.spec.replicas);
  }
  plan.workloads.forEach((w, i) => {
    const name = `w${i}`;
    const want = sim.api.get(w.kind, 'default', name)!.spec.replicas ?? 1;
    const active = pods.filter((p) => p.metadata.labels?.app === name && !p.metadata.deletionTimestamp);
    if (w.kind === 'Deployment') {
      // Converged, or a rollout held back by new pods that cannot become available (maxUnavailable 0).
      const sets = sim.api.list('ReplicaSet').filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name);
      const newest = sets.find(
        (rs) =>
          rs.spec.template.spec.containers[0]!.image ===
          sim.api.get('Deployment', 'default', name)!.spec.template.spec.containers[0]!.image,
      )!;
      const blocked = (newest.status?.availableReplicas ?? 0) < (newest.spec.replicas ?? 0);
      if (!blocked) expect(active.length, `Deployment ${name} converges to ${want}`).toBe(want);
      expect(active.length).toBeLessThanOrEqual(want + Math.ceil(want / 4));
    } else {
      expect(active.length, `ReplicaSet ${name} converges to ${want}`).toBe(want);
    }
    for (const p of active) {
      const alive = p.spec.nodeName ? sim.kubelets.byNode.get(p.spec.nodeName)?.alive : false;
      if (!p.spec.nodeName) {
        const condition = (p.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
        expect(condition?.reason, `pending pod ${p.metadata.name} says why`).toBe('Unschedulable');
      } else if (alive) {
        expect(p.status?.phase, `${p.metadata.name} runs`).toBe('Running');
      }
    }
    const ready = pods
      .filter(
        (p) => p.metadata.labels?.app === name && !p.metadata.deletionTimestamp && isPodReady(p) && p.status?.podIP,
      )
      .map((p) => p.status!.podIP!)
      .sort();
    const endpoints = (sim.api.get('Endpoints', 'default', name)?.subsets ?? [])
      .flatMap((s) => (s.addresses ?? []).map((a) => a.ip))
      .sort();
    expect(endpoints, `endpoints of ${name}`).toEqual(ready);
  });
}

describe('invariants over random scenarios', () => {
  test('IPs are unique and in podCIDRs, replicas converge, endpoints follow readiness, no pod is lost or bound twice', () => {
    fc.assert(
      fc.property(planArb, (plan) => {
        const sim = build(plan);
        const boundTo = new Map<string, string>();
        const created = new Set<string>();
        const deleted = new Map<string, string>();
        sim.api.watch('Pod', (e) => {
          const uid = e.object.metadata.uid!;
          if (e.type === 'ADDED') created.add(uid);
          if (e.type === 'DELETED') deleted.set(uid, e.object.metadata.name);
          const nodeName = e.object.spec.nodeName;
          if (nodeName) {
            expect(boundTo.get(uid) ?? nodeName, `pod ${e.object.metadata.name} bound once`).toBe(nodeName);
            boundTo.set(uid, nodeName);
          }
        });
        let time = 0;
        const settle = () => {
          time = sim.clock.now + 20 * 60_000;
          sim.run(time, { stopWhenSteady: true, notBefore: sim.clock.now + 1 });
          checkSettled(sim, plan);
        };
        settle();
        for (const step of plan.steps) {
          apply(sim, plan, step);
          settle();
        }
        // Every pod that is gone left an event saying why.
        const why = new Set(['SuccessfulDelete', 'TaintManagerEviction', 'Preempted', 'Killing']);
        for (const [uid, name] of deleted) {
          expect(
            sim.events.events.some((e) => (e.name === name || e.message.includes(name)) && why.has(e.reason)),
            `why ${name} (${uid}) went`,
          ).toBe(true);
        }
        expect(created.size).toBeGreaterThanOrEqual(deleted.size);
      }),
      { numRuns: 30, seed: 42 },
    );
  });
});
