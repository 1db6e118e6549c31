/**
 * The mix of the `basic` and `mixed` applications, from `../shared/perf`: how common each owner kind,
 * replica count, namespace, priority class, request and toleration is (each entry `[value, weight]`).
 */
import type { Toleration } from './cluster-shape.js';

export type OwnerKind = 'ReplicaSet' | 'StatefulSet' | 'ReplicationController' | 'Job' | 'None';

export interface PriorityClassSpec {
  readonly name: string;
  readonly value: number;
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

export const PRIORITY_CLASSES: readonly PriorityClassSpec[] = [
  { name: 'system-cluster-critical', value: 2_000_000_000, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'system-node-critical', value: 2_000_001_000, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'critical', value: 1_000_000, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'high', value: 10_000, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'high-nonpreempting', value: 10_000, preemptionPolicy: 'Never' },
  { name: 'medium', value: 1000, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'batch-nonpreempting', value: 500, preemptionPolicy: 'Never' },
  { name: 'low', value: 100, preemptionPolicy: 'PreemptLowerPriority' },
  { name: 'preemptible', value: -10, preemptionPolicy: 'PreemptLowerPriority' },
];

const classNamed = (name: string): PriorityClassSpec => PRIORITY_CLASSES.find((c) => c.name === name)!;

/** Priority classes of application pods and how common each is; `undefined`: no class (priority 0). */
export const PRIORITY_MIX: readonly (readonly [PriorityClassSpec | undefined, number])[] = [
  [undefined, 52],
  [classNamed('critical'), 3.5],
  [classNamed('high'), 7.4],
  [classNamed('high-nonpreempting'), 1.5],
  [classNamed('medium'), 17.5],
  [classNamed('batch-nonpreempting'), 2.7],
  [classNamed('low'), 12],
  [classNamed('preemptible'), 3],
];

export const NAMESPACES: readonly (readonly [string, Readonly<Record<string, string>>])[] = [
  ['default', {}],
  ['kube-system', {}],
  ['prod', { env: 'prod', team: 'platform' }],
  ['staging', { env: 'staging', team: 'platform' }],
  ['payments', { env: 'prod', team: 'payments', pci: 'true' }],
  ['batch', { env: 'prod', team: 'data' }],
  ['monitoring', { env: 'prod', team: 'sre' }],
  ['ml', { env: 'prod', team: 'ml' }],
];

export const APP_NAMESPACES: readonly (readonly [string, number])[] = [
  ['prod', 21],
  ['batch', 18.5],
  ['ml', 15],
  ['staging', 11.7],
  ['payments', 11.5],
  ['monitoring', 11.5],
  ['default', 10.7],
];

export const BASES = [
  'api',
  'web',
  'cart',
  'db',
  'search',
  'worker',
  'notifier',
  'pricing',
  'etl',
  'indexer',
  'ingest',
  'cache',
  'auth',
  'queue',
  'ledger',
  'trainer',
  'frontend',
] as const;

export const OWNERS: readonly (readonly [OwnerKind, number])[] = [
  ['ReplicaSet', 78.5],
  ['StatefulSet', 6.4],
  ['Job', 9.6],
  ['ReplicationController', 3.2],
  ['None', 2.3],
];

/** Replicas per application (ReplicaSets of ../shared/perf, without the scaled-down old revisions). */
export const REPLICAS: readonly (readonly [number, number])[] = [
  [1, 10],
  [2, 10],
  [3, 11],
  [4, 11],
  [5, 12],
  [6, 11],
  [7, 9],
  [8, 7],
  [9, 5],
  [10, 3],
  [12, 2.5],
  [15, 1.5],
  [20, 1],
  [25, 0.6],
  [32, 0.4],
  [50, 0.1],
];

export const CPU_REQUESTS: readonly (readonly [number | undefined, number])[] = [
  [100, 35],
  [1000, 22],
  [2000, 12],
  [500, 12],
  [3000, 10],
  [250, 3.5],
  [750, 2],
  [50, 2],
  [undefined, 1.5],
];

export const MEMORY_REQUESTS: readonly (readonly [number | undefined, number])[] = [
  [2048, 21],
  [undefined, 17],
  [1024, 12],
  [4096, 11],
  [6144, 11],
  [256, 3.5],
  [512, 2],
  [64, 2],
  [1536, 2],
  [128, 2],
];

export const EXTRA_TOLERATIONS: readonly Toleration[] = [
  { key: 'dedicated', operator: 'Equal', value: 'infra' },
  { key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' },
  { key: 'example.com/spot', operator: 'Equal', value: 'true', effect: 'PreferNoSchedule' },
  { key: 'example.com/noisy', operator: 'Exists', effect: 'PreferNoSchedule' },
  { key: 'nvidia.com/gpu', operator: 'Exists' },
  { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
  { operator: 'Exists' },
  { operator: 'Exists', effect: 'NoSchedule' },
  { key: 'example.com/draining', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3600 },
  { key: 'example.com/maintenance-window', operator: 'Equal', value: 'night' },
  { key: 'example.com/team', operator: 'Equal', value: 'a', effect: 'NoSchedule' },
  { key: 'example.com/team', operator: 'Equal', value: 'b', effect: 'NoSchedule' },
];
