/**
 * Node constraints of the applications: nodeSelector, required and preferred node affinity over the
 * cluster's own labels (so that some nodes meet them), and tolerations; with upstream's matching rules,
 * so the generator can place bound replicas where a scheduler could have.
 */

import { EXTRA_TOLERATIONS } from './app-mix.js';
import type { ClusterShape, GenImage, Toleration } from './cluster-shape.js';
import type { KubeObject } from './objects.js';
import type { GenRandom } from './random.js';

export type Labels = Readonly<Record<string, string>>;

export interface NodeRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  readonly values?: readonly string[];
}

/** Upstream's node selector requirement semantics, on a node's labels. */
export function requirementMatches(r: NodeRequirement, labels: Labels): boolean {
  const value = labels[r.key];
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values!.includes(value);
    case 'NotIn':
      return value === undefined || !r.values!.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const have = Number(value);
      const want = Number(r.values![0]);
      return r.operator === 'Gt' ? have > want : have < want;
    }
  }
}

/** What the generator knows about a cluster, to make constraints that some of its nodes meet. */
export interface ClusterFacts {
  readonly shape: ClusterShape;
  readonly zones: readonly string[];
  readonly images: readonly GenImage[];
}

export interface NodeConstraint {
  readonly nodeSelector?: Record<string, string>;
  readonly required?: readonly NodeRequirement[];
  readonly preferred?: readonly KubeObject[];
}

function twoOf<T>(items: readonly T[], random: GenRandom): T[] {
  if (items.length < 2) return [...items];
  const first = random.int(items.length);
  const second = (first + 1 + random.int(items.length - 1)) % items.length;
  return [items[first]!, items[second]!];
}

export function nodeConstraint(facts: ClusterFacts, random: GenRandom): NodeConstraint {
  const machine = () => random.pick(facts.shape.machines).name;
  const zone = () => random.pick(facts.zones);
  const pool = () =>
    random.weighted([
      ['default', 1.3],
      ['highmem', 1.7],
      ['compute', 1.9],
      ['gpu', 4.6],
    ] as const);
  const nodeSelector = random.weighted<(() => Record<string, string>) | undefined>([
    [undefined, 53],
    [() => ({ 'kubernetes.io/os': 'linux' }), 24],
    [() => ({ 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' }), 1.4],
    [() => ({ 'kubernetes.io/arch': 'amd64' }), 2.8],
    [() => ({ 'example.com/pool': pool() }), 7],
    [() => ({ 'topology.kubernetes.io/zone': zone() }), 2.9],
    [() => ({ 'node.kubernetes.io/instance-type': machine() }), 3.6],
    [() => ({ 'kubernetes.io/os': 'linux', 'example.com/pool': pool() }), 3.3],
    [() => ({ 'kubernetes.io/os': 'linux', 'topology.kubernetes.io/zone': zone() }), 1],
    [() => ({ 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': machine() }), 1.3],
  ])?.();
  const kind = random.weighted([
    ['none', 70],
    ['required', 11.5],
    ['preferred', 15.7],
    ['both', 2.8],
  ] as const);
  const regions = facts.shape.regions.map((r) => r.name);
  const required =
    kind === 'required' || kind === 'both'
      ? random.weighted<() => NodeRequirement[]>([
          [() => [{ key: 'example.com/pool', operator: 'NotIn', values: ['default'] }], 3],
          [() => [{ key: 'example.com/pool', operator: 'In', values: ['highmem', 'compute'] }], 2],
          [() => [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: twoOf(facts.zones, random) }], 3],
          [
            () => [
              { key: 'example.com/disk-gb', operator: 'Lt', values: ['1000'] },
              { key: 'topology.kubernetes.io/zone', operator: 'In', values: twoOf(facts.zones, random) },
            ],
            2,
          ],
          [() => [{ key: 'example.com/cpu-generation', operator: 'Gt', values: [String(2 + random.int(3))] }], 2],
          [
            () => [
              {
                key: 'node.kubernetes.io/instance-type',
                operator: 'In',
                values: twoOf(
                  facts.shape.machines.map((m) => m.name),
                  random,
                ),
              },
            ],
            1,
          ],
          [() => [{ key: 'topology.kubernetes.io/region', operator: 'In', values: [random.pick(regions)] }], 1],
        ])()
      : undefined;
  const preference = (): KubeObject =>
    random.weighted<() => KubeObject>([
      [
        () => ({
          weight: random.pick([10, 50]),
          preference: {
            matchExpressions: [
              { key: 'topology.kubernetes.io/zone', operator: 'In', values: twoOf(facts.zones, random) },
            ],
          },
        }),
        4,
      ],
      [
        () => ({
          weight: 1,
          preference: { matchExpressions: [{ key: 'example.com/cpu-generation', operator: 'Gt', values: ['3'] }] },
        }),
        2,
      ],
      [
        () => ({
          weight: 20,
          preference: { matchExpressions: [{ key: 'example.com/pool', operator: 'In', values: ['highmem'] }] },
        }),
        1,
      ],
      [
        () => ({
          weight: 30,
          preference: { matchExpressions: [{ key: 'example.com/disk-gb', operator: 'Gt', values: ['200'] }] },
        }),
        1,
      ],
    ])();
  const preferred =
    kind === 'preferred' || kind === 'both'
      ? random.chance(0.3)
        ? [preference(), preference()]
        : [preference()]
      : undefined;
  return {
    ...(nodeSelector !== undefined ? { nodeSelector } : {}),
    ...(required !== undefined ? { required } : {}),
    ...(preferred !== undefined ? { preferred } : {}),
  };
}

export function tolerationsFor(constraint: NodeConstraint, random: GenRandom): Toleration[] {
  const extra: Toleration[] = [];
  if (random.chance(0.22)) {
    const count = random.weighted([
      [1, 75],
      [2, 15],
      [3, 10],
    ] as const);
    for (let i = 0; i < count; i++) extra.push(random.pick(EXTRA_TOLERATIONS));
  }
  // Pods pinned to the GPU pool tolerate its taint (most of them: the others stay pending, as in real dumps).
  const wantsGpu =
    constraint.nodeSelector?.['example.com/pool'] === 'gpu' ||
    isGpuMachine(constraint.nodeSelector?.['node.kubernetes.io/instance-type']);
  if (wantsGpu && random.chance(0.95)) extra.unshift({ key: 'nvidia.com/gpu', operator: 'Exists' });
  return extra;
}

const GPU_MACHINES = new Set([
  'g2-standard-96',
  'a2-highgpu-1g',
  'n1-standard-32',
  'p3.2xlarge',
  'g5.12xlarge',
  'p3.8xlarge',
]);

function isGpuMachine(name: string | undefined): boolean {
  return name !== undefined && GPU_MACHINES.has(name);
}
