/**
 * Cluster simulation benchmark: Deployments on thousands of nodes, from the first object to the steady
 * state (every pod Running and Ready behind its Service). Run:
 *   npx -y pnpm@12.4.2 --filter @peapod/benchmarks bench:simulate [nodes] [pods] [deployments] [--minimal]
 * Numbers go to docs/benchmarks.md with machine, command and date.
 */
import { Simulation } from '@peapod/cluster';
import {
  createDefaultRegistry,
  DEFAULT_RESOLVE_OPTIONS,
  loadSchedulerConfiguration,
  type SchedulerConfig,
  schedulerConfigFrom,
} from '@peapod/engine';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const nodes = Number(args[0] ?? 5_000);
const pods = Number(args[1] ?? 50_000);
const deployments = Number(args[2] ?? 50);
/** `--minimal`: schedule with NodeResourcesFit and TaintToleration only, to see the simulator's own cost. */
const minimal = process.argv.includes('--minimal');

const MINIMAL_PROFILE = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
  - schedulerName: default-scheduler
    plugins:
      multiPoint:
        disabled: [{name: "*"}]
        enabled: [{name: PrioritySort}, {name: NodeResourcesFit}, {name: TaintToleration}, {name: DefaultBinder}]
`;

function minimalConfig(): SchedulerConfig {
  const registry = createDefaultRegistry();
  return schedulerConfigFrom(
    loadSchedulerConfiguration(MINIMAL_PROFILE, 'minimal', registry, DEFAULT_RESOLVE_OPTIONS),
    registry,
  );
}

function node(i: number): Record<string, unknown> {
  const name = `node-${String(i).padStart(5, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: {
      allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
      capacity: { cpu: '16', memory: '64Gi', pods: '110' },
    },
  };
}

function workload(i: number, replicas: number): Record<string, unknown>[] {
  const app = `app-${i}`;
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: app },
      spec: { selector: { app }, ports: [{ port: 80, targetPort: 8080 }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: app },
      spec: {
        replicas,
        selector: { matchLabels: { app } },
        template: {
          metadata: { labels: { app } },
          spec: {
            containers: [
              {
                name: 'app',
                image: `registry.example.com/${app}:1.0`,
                ports: [{ containerPort: 8080 }],
                resources: { requests: { cpu: `${100 + (i % 5) * 100}m`, memory: '256Mi' } },
                readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 10 },
              },
            ],
          },
        },
      },
    },
  ];
}

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const sim = new Simulation({
  seed: 1,
  clusterCidr: '10.128.0.0/11',
  ...(minimal ? { schedulerConfig: minimalConfig() } : {}),
});
for (let i = 0; i < nodes; i++) {
  const r = sim.apply(node(i));
  if (!r.ok) throw new Error(r.error.message);
}
const perDeployment = Math.ceil(pods / deployments);
for (let i = 0; i < deployments; i++) {
  for (const o of workload(i, Math.min(perDeployment, pods - i * perDeployment))) {
    const r = sim.apply(o);
    if (!r.ok) throw new Error(r.error.message);
  }
}
const t1 = performance.now();
sim.run(3_600_000, { stopWhenSteady: true, notBefore: 1 });
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
const all = sim.api.list('Pod');
const ready = all.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
const mem = process.memoryUsage().heapUsed / 2 ** 20;
console.log(
  `simulate ${nodes} nodes x ${pods} pods in ${deployments} Deployments (${minimal ? 'minimal' : 'default'} profile): setup ${((t1 - t0) / 1000).toFixed(2)} s, ` +
    `run to steady ${((t2 - t1) / 1000).toFixed(2)} s wall (virtual ${sim.clock.now / 1000} s, steady ${sim.isSteady()}), ` +
    `${ready}/${all.length} pods Ready, ${sim.scheduler.metrics.attempts} scheduling attempts, ` +
    `${sim.events.events.length} events, ${sim.clock.processed} timers, heap ${mem.toFixed(0)} MiB, ` +
    `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`,
);
