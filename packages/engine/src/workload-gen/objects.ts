/** Shared shapes and helpers of generated Kubernetes objects (plain JSON, written as `kind: List` items). */

/** A generated object: plain JSON, keys in the order they are written. */
export type KubeObject = Record<string, unknown>;

/** Creation times count from here: bound pods before `PENDING_EPOCH`, pending pods after it. */
export const BOUND_EPOCH = Date.UTC(2023, 10, 6, 9, 0, 0);
export const PENDING_EPOCH = Date.UTC(2023, 11, 31, 12, 0, 0);

/** RFC 3339 in seconds, as the API server writes timestamps. */
export function timestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `250m`, or `2` for whole cores. */
export function cpuQuantity(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** `512Mi`, or `2Gi` for whole gibibytes. */
export function memoryQuantity(mebibytes: number): string {
  return mebibytes % 1024 === 0 ? `${mebibytes / 1024}Gi` : `${mebibytes}Mi`;
}

export function namespaceObject(name: string, labels: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

/** Names numbered with leading zeros to `width` digits, so that they sort in creation order. */
export function numbered(prefix: string, index: number, width: number): string {
  return `${prefix}${String(index).padStart(width, '0')}`;
}

/** Digits needed to number `count` objects from 0 (at least 5, like generated names). */
export function widthFor(count: number): number {
  return Math.max(5, String(Math.max(0, count - 1)).length);
}

/** The two tolerations the DefaultTolerationSeconds admission plugin adds to every pod. */
export const DEFAULT_TOLERATIONS: readonly KubeObject[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

/** Status of a bound, running pod. */
export function runningStatus(startMs: number): KubeObject {
  return { phase: 'Running', startTime: timestamp(startMs) };
}

export const PENDING_STATUS: KubeObject = { phase: 'Pending' };
