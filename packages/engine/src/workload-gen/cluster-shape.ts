/**
 * Nodes of the `basic` and `mixed` workloads, shaped like the clusters of `../shared/perf`: node pools
 * of several machine types over zones (one region for `basic`, two for `mixed`), well-known and custom
 * labels, GPU nodes tainted, a few cordoned nodes, and the images each node holds.
 */
import { cpuQuantity, type KubeObject, memoryQuantity, timestamp } from './objects.js';
import { type GenRandom, ordinalSuffix } from './random.js';

export type Pool = 'default' | 'highmem' | 'compute' | 'gpu';

export interface MachineType {
  readonly name: string;
  readonly pool: Pool;
  readonly cpu: number;
  readonly memoryGiB: number;
  /** Share of the nodes, relative to the other types. */
  readonly weight: number;
}

export interface Region {
  readonly name: string;
  readonly zones: readonly string[];
}

/** Taints, as bits: a node's set of taints is a mask. */
export const Taint = {
  Gpu: 1,
  Cordoned: 2,
  Spot: 4,
  Dedicated: 8,
  DedicatedNoExecute: 16,
} as const;

/** Taints that keep pods off (NoSchedule, NoExecute); PreferNoSchedule only lowers a score. */
export const HARD_TAINTS = Taint.Gpu | Taint.Cordoned | Taint.Dedicated | Taint.DedicatedNoExecute;

interface TaintSpec {
  readonly bit: number;
  readonly key: string;
  readonly value?: string;
  readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export const TAINTS: readonly TaintSpec[] = [
  { bit: Taint.Gpu, key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' },
  { bit: Taint.Cordoned, key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
  { bit: Taint.Spot, key: 'example.com/spot', value: 'true', effect: 'PreferNoSchedule' },
  { bit: Taint.Dedicated, key: 'dedicated', value: 'infra', effect: 'NoSchedule' },
  { bit: Taint.DedicatedNoExecute, key: 'dedicated', value: 'infra', effect: 'NoExecute' },
];

/** A toleration as pods write it. */
export interface Toleration {
  readonly key?: string;
  readonly operator?: 'Exists' | 'Equal';
  readonly value?: string;
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  readonly tolerationSeconds?: number;
}

/** The taints (as a mask) that a list of tolerations tolerates, by upstream's ToleratesTaint rule. */
export function toleratedMask(tolerations: readonly Toleration[]): number {
  let mask = 0;
  for (const taint of TAINTS) {
    const tolerated = tolerations.some(
      (t) =>
        (t.effect === undefined || t.effect === taint.effect) &&
        (t.key === undefined || t.key === '' ? t.operator === 'Exists' : t.key === taint.key) &&
        (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')),
    );
    if (tolerated) mask |= taint.bit;
  }
  return mask;
}

/** One generated node, as the pod generator and placement see it. */
export interface GenNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: number;
  readonly cpuMilli: number;
  readonly memoryMi: number;
  readonly pods: number;
}

/** An image nodes may hold and containers may run. */
export interface GenImage {
  readonly name: string;
  readonly sizeBytes: number;
}

/** What differs between the `basic` (GKE-like) and `mixed` (EKS-like) clusters. */
export interface ClusterShape {
  readonly provider: 'gke' | 'eks';
  readonly regions: readonly Region[];
  readonly machines: readonly MachineType[];
  /** Share of nodes cordoned (spec.unschedulable and its taint). */
  readonly cordoned: number;
  /** Share of nodes with each soft/dedicated taint, beyond the GPU pool's. */
  readonly spot: number;
  readonly dedicated: number;
  readonly dedicatedNoExecute: number;
}

export const GKE_MACHINES: readonly MachineType[] = [
  { name: 'e2-standard-4', pool: 'default', cpu: 4, memoryGiB: 16, weight: 20 },
  { name: 'e2-standard-8', pool: 'default', cpu: 8, memoryGiB: 32, weight: 20 },
  { name: 'n2-standard-16', pool: 'default', cpu: 16, memoryGiB: 64, weight: 20 },
  { name: 'n2-highmem-8', pool: 'highmem', cpu: 8, memoryGiB: 64, weight: 10 },
  { name: 'n2-highmem-16', pool: 'highmem', cpu: 16, memoryGiB: 128, weight: 10 },
  { name: 'c2-standard-16', pool: 'compute', cpu: 16, memoryGiB: 64, weight: 7 },
  { name: 'c2d-highcpu-32', pool: 'compute', cpu: 32, memoryGiB: 32, weight: 7.5 },
  { name: 'g2-standard-96', pool: 'gpu', cpu: 96, memoryGiB: 384, weight: 1.8 },
  { name: 'a2-highgpu-1g', pool: 'gpu', cpu: 12, memoryGiB: 85, weight: 1.8 },
  { name: 'n1-standard-32', pool: 'gpu', cpu: 32, memoryGiB: 120, weight: 1.5 },
];

export const EKS_MACHINES: readonly MachineType[] = [
  { name: 'm5.xlarge', pool: 'default', cpu: 4, memoryGiB: 16, weight: 20 },
  { name: 'm5.2xlarge', pool: 'default', cpu: 8, memoryGiB: 32, weight: 20 },
  { name: 'm5.4xlarge', pool: 'default', cpu: 16, memoryGiB: 64, weight: 20 },
  { name: 'r5.2xlarge', pool: 'highmem', cpu: 8, memoryGiB: 64, weight: 10 },
  { name: 'r5.4xlarge', pool: 'highmem', cpu: 16, memoryGiB: 128, weight: 10 },
  { name: 'c5.4xlarge', pool: 'compute', cpu: 16, memoryGiB: 32, weight: 7 },
  { name: 'c5.9xlarge', pool: 'compute', cpu: 36, memoryGiB: 72, weight: 7.5 },
  { name: 'p3.2xlarge', pool: 'gpu', cpu: 8, memoryGiB: 61, weight: 1.8 },
  { name: 'g5.12xlarge', pool: 'gpu', cpu: 48, memoryGiB: 192, weight: 1.8 },
  { name: 'p3.8xlarge', pool: 'gpu', cpu: 32, memoryGiB: 244, weight: 1.5 },
];

export const BASIC_CLUSTER: ClusterShape = {
  provider: 'gke',
  regions: [{ name: 'us-central1', zones: ['us-central1-a', 'us-central1-b', 'us-central1-c'] }],
  machines: GKE_MACHINES,
  cordoned: 0.018,
  spot: 0,
  dedicated: 0,
  dedicatedNoExecute: 0,
};

export const MIXED_CLUSTER: ClusterShape = {
  provider: 'eks',
  regions: [
    { name: 'us-east-1', zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
    { name: 'us-west-2', zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] },
  ],
  machines: EKS_MACHINES,
  cordoned: 0.013,
  spot: 0.12,
  dedicated: 0.02,
  dedicatedNoExecute: 0.015,
};

export const RACKS_PER_ZONE = 8;

/** Images every node holds, whatever runs on it. */
const SYSTEM_IMAGES: readonly GenImage[] = [
  { name: 'quay.io/prometheus/node-exporter:v1.7.0', sizeBytes: 23_080_000 },
  { name: 'registry.k8s.io/kube-proxy:v1.26.7', sizeBytes: 21_572_000 },
  { name: 'registry.k8s.io/pause:3.9', sizeBytes: 321_520 },
];

const TEAMS = ['search', 'checkout', 'data', 'web', 'ml', 'platform'] as const;

/** The application images of a cluster: 72 private images and a few public ones, with their sizes. */
export function imageCatalogue(random: GenRandom): GenImage[] {
  const images: GenImage[] = [];
  for (let i = 0; i < 72; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const version = `v1.${random.int(22)}.${random.int(10)}`;
    // Log-uniform from 10 MB to 4 GB: most images are small, a few are huge (ImageLocality cares).
    const sizeBytes = Math.round(10_000_000 * 400 ** random.float());
    images.push({ name: `registry.example.com/${team}/svc-${String(i).padStart(2, '0')}:${version}`, sizeBytes });
  }
  images.push(
    { name: 'docker.io/library/nginx:1.25.3', sizeBytes: 187_899_397 },
    { name: 'docker.io/library/redis:7.2.4', sizeBytes: 138_421_012 },
    { name: 'docker.io/envoyproxy/envoy:v1.28.0', sizeBytes: 161_632_980 },
  );
  return images;
}

/** Node names as the provider makes them: `gke-prod-<pool>-pool-<group>-<suffix>` or `ip-10-…compute.internal`. */
function nodeName(
  shape: ClusterShape,
  index: number,
  pool: Pool,
  zone: string,
  regionIndex: number,
  zoneIndex: number,
): string {
  if (shape.provider === 'eks') {
    const region = shape.regions[regionIndex]!.name;
    return `ip-10-${20 + regionIndex * 8 + zoneIndex}-${(index >> 8) & 255}-${index & 255}.${region}.compute.internal`;
  }
  // One instance group per pool and zone; its id is fixed, its nodes are told apart by a suffix.
  let group = 0;
  for (const c of `${pool}/${zone}`) group = (Math.imul(group, 31) + c.charCodeAt(0)) >>> 0;
  return `gke-prod-${pool}-pool-${group.toString(16).padStart(8, '0')}-${ordinalSuffix(index, group)}`;
}

/** The nodes of a cluster, with the objects to write for them. */
export function* generateNodes(
  shape: ClusterShape,
  count: number,
  images: readonly GenImage[],
  random: GenRandom,
  into: GenNode[],
): Generator<KubeObject> {
  const machineChoices = shape.machines.map((m) => [m, m.weight] as const);
  const zones = shape.regions.flatMap((region, r) => region.zones.map((zone, z) => ({ region, zone, r, z })));
  for (let i = 0; i < count; i++) {
    const machine = random.weighted(machineChoices);
    const place = zones[random.int(zones.length)]!;
    const name = nodeName(shape, i, machine.pool, place.zone, place.r, place.z);
    const generation = machine.pool === 'gpu' ? 7 : 3 + random.int(5);
    const diskGb = random.pick([100, 200, 500, 1000]);
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': machine.name,
      'topology.kubernetes.io/region': place.region.name,
      'topology.kubernetes.io/zone': place.zone,
      'example.com/pool': machine.pool,
      'example.com/cpu-generation': String(generation),
      'example.com/disk-gb': String(diskGb),
      'example.com/rack': `${place.zone}-rack-${random.int(RACKS_PER_ZONE)}`,
    };
    let taints = machine.pool === 'gpu' ? Taint.Gpu : 0;
    if (random.chance(shape.spot)) taints |= Taint.Spot;
    const dedicated = random.float();
    if (dedicated < shape.dedicated) taints |= Taint.Dedicated;
    else if (dedicated < shape.dedicated + shape.dedicatedNoExecute) taints |= Taint.DedicatedNoExecute;
    const cordoned = random.chance(shape.cordoned);
    if (cordoned) taints |= Taint.Cordoned;

    const cpuMilli = machine.cpu * 1000 - Math.round(70 + 2.5 * machine.cpu);
    const capacityMi = Math.round(machine.memoryGiB * 1024 * 0.967);
    const memoryMi = Math.round(capacityMi * 0.83);
    into.push({ name, labels, taints, cpuMilli, memoryMi, pods: 110 });

    const nodeImages: GenImage[] = [];
    const seen = new Set<string>();
    for (let k = 0; k < 5; k++) {
      const image = random.pick(images);
      if (seen.has(image.name)) continue;
      seen.add(image.name);
      nodeImages.push(image);
    }
    nodeImages.push(...SYSTEM_IMAGES);
    nodeImages.sort((a, b) => b.sizeBytes - a.sizeBytes);

    const spec: KubeObject = {};
    if (cordoned) spec.unschedulable = true;
    if (taints !== 0) {
      const addedMs = Date.UTC(2023, 11, 26) + random.int(4 * 24 * 60) * 60_000;
      spec.taints = TAINTS.filter((t) => (taints & t.bit) !== 0).map((t) => ({
        key: t.key,
        ...(t.value !== undefined ? { value: t.value } : {}),
        effect: t.effect,
        ...(t.bit === Taint.Cordoned ? { timeAdded: timestamp(addedMs) } : {}),
      }));
    }
    yield {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        creationTimestamp: timestamp(Date.UTC(2023, 10, 6, 9) + random.int(30 * 24 * 60) * 60_000),
        labels,
      },
      spec,
      status: {
        capacity: {
          cpu: String(machine.cpu),
          'ephemeral-storage': `${diskGb}G`,
          memory: memoryQuantity(capacityMi),
          pods: '110',
        },
        allocatable: {
          cpu: cpuQuantity(cpuMilli),
          'ephemeral-storage': `${Math.round(diskGb * 0.9)}G`,
          memory: memoryQuantity(memoryMi),
          pods: '110',
        },
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
        images: nodeImages.map((image) => ({ names: [image.name], sizeBytes: image.sizeBytes })),
      },
    };
  }
}
