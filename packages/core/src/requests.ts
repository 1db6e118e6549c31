/**
 * Effective pod resource requests with the semantics of upstream component-helpers `resource.PodRequests`
 * and the scheduler's NodeInfo "non-zero" requests (`pkg/scheduler/framework/types.go` calculateResource).
 *
 * Amounts are plain numbers: cpu in millicores, every other resource in whole units (bytes, pods, devices).
 * Each container's quantity is rounded up on its own before summing, as v1.26's `framework.Resource.Add` does.
 */

import type { ResourceList } from './model/meta.js';
import type { Container, Pod } from './model/pod.js';
import { resourceAmount } from './quantity.js';

/** Resource name → amount (cpu in millicores, the rest in whole units). A listed zero stays as a key with 0. */
export type ResourceAmounts = Record<string, number>;

/** A container without a cpu request counts as this many millicores when scoring (upstream `DefaultMilliCPURequest`). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** A container without a memory request counts as 200 MiB when scoring (upstream `DefaultMemoryRequest`). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

const HUGEPAGES_PREFIX = 'hugepages-';

export interface PodRequestsOptions {
  /**
   * Amounts used for each resource a container (regular or init) does not list; a listed value, even 0, is kept
   * (upstream `NonMissingContainerRequests`).
   */
  readonly nonMissingContainerRequests?: Readonly<ResourceAmounts>;
  /** Leave `spec.overhead` out (upstream `ExcludeOverhead`). */
  readonly excludeOverhead?: boolean;
}

/** Converts a ResourceList to amounts: cpu in millicores, everything else in whole units, rounded up. */
export function resourceAmounts(list: ResourceList | null | undefined): ResourceAmounts {
  const out: ResourceAmounts = {};
  if (list == null) return out;
  for (const name of Object.keys(list)) out[name] = resourceAmount(name, list[name]!);
  return out;
}

function addInto(target: ResourceAmounts, source: Readonly<ResourceAmounts>): void {
  for (const name of Object.keys(source)) target[name] = (target[name] ?? 0) + source[name]!;
}

function maxInto(target: ResourceAmounts, source: Readonly<ResourceAmounts>): void {
  for (const name of Object.keys(source)) {
    const v = source[name]!;
    if (!Object.hasOwn(target, name) || v > target[name]!) target[name] = v;
  }
}

/** A restartable init container (`restartPolicy: Always`): a sidecar that keeps running beside the app. */
export function isSidecarContainer(container: Pick<Container, 'restartPolicy'>): boolean {
  return container.restartPolicy === 'Always';
}

/** Resources that pod-level `spec.resources` may set (upstream `IsSupportedPodLevelResource`). */
export function isSupportedPodLevelResource(name: string): boolean {
  return name === 'cpu' || name === 'memory' || name.startsWith(HUGEPAGES_PREFIX);
}

/** Whether `spec.resources.requests` names a supported resource (upstream `IsPodLevelRequestsSet`). */
export function isPodLevelRequestsSet(pod: Pod): boolean {
  const requests = pod.spec.resources?.requests;
  return requests != null && Object.keys(requests).some(isSupportedPodLevelResource);
}

/**
 * A container's requests after API defaulting: a resource with a limit but no request requests its limit
 * (kube-apiserver `SetDefaults_Pod`), so manifests that set only limits schedule as they would in a cluster.
 */
export function defaultedContainerRequests(container: Container): ResourceAmounts {
  const requests = resourceAmounts(container.resources?.requests);
  const limits = container.resources?.limits;
  if (limits != null) {
    for (const name of Object.keys(limits)) {
      if (!Object.hasOwn(requests, name)) requests[name] = resourceAmount(name, limits[name]!);
    }
  }
  return requests;
}

function containerRequests(container: Container, nonMissing: Readonly<ResourceAmounts> | undefined): ResourceAmounts {
  const requests = defaultedContainerRequests(container);
  if (nonMissing !== undefined) {
    for (const name of Object.keys(nonMissing)) {
      if (!Object.hasOwn(requests, name)) requests[name] = nonMissing[name]!;
    }
  }
  return requests;
}

/**
 * The pod's effective requests, per resource:
 * `max(Σ containers + Σ sidecars, max over init containers i of (init_i + Σ sidecars declared before i))`,
 * then pod-level `spec.resources.requests` replace cpu, memory and hugepages-* when set, then `spec.overhead` is
 * added. A resource listed anywhere with 0 is present with 0.
 */
export function podRequests(pod: Pod, options: PodRequestsOptions = {}): ResourceAmounts {
  const nonMissing = options.nonMissingContainerRequests;
  const requests: ResourceAmounts = {};
  for (const container of pod.spec.containers) addInto(requests, containerRequests(container, nonMissing));

  const sidecars: ResourceAmounts = {};
  const initMax: ResourceAmounts = {};
  for (const container of pod.spec.initContainers ?? []) {
    const own = containerRequests(container, nonMissing);
    if (isSidecarContainer(container)) {
      addInto(requests, own);
      addInto(sidecars, own);
      maxInto(initMax, sidecars);
    } else {
      addInto(own, sidecars);
      maxInto(initMax, own);
    }
  }
  maxInto(requests, initMax);

  const podLevel = pod.spec.resources?.requests;
  if (podLevel != null && isPodLevelRequestsSet(pod)) {
    for (const name of Object.keys(podLevel)) {
      if (isSupportedPodLevelResource(name)) requests[name] = resourceAmount(name, podLevel[name]!);
    }
  }
  if (options.excludeOverhead !== true && pod.spec.overhead != null) {
    addInto(requests, resourceAmounts(pod.spec.overhead));
  }
  return requests;
}

const NON_MISSING_DEFAULTS: Readonly<ResourceAmounts> = {
  cpu: DEFAULT_MILLI_CPU_REQUEST,
  memory: DEFAULT_MEMORY_REQUEST,
};

/**
 * The cpu (millicores) and memory (bytes) the scheduler books as NodeInfo `NonZeroRequested` and that
 * LeastAllocated/MostAllocated score with: every container, regular or init, that does not list cpu counts
 * `DEFAULT_MILLI_CPU_REQUEST`, and one that does not list memory counts `DEFAULT_MEMORY_REQUEST`; an explicit 0
 * stays 0. With pod-level requests set, the defaults only apply to a resource that neither the containers, the
 * pod level nor the overhead list (upstream `getNonMissingContainerRequests`).
 */
export function nonZeroPodRequests(pod: Pod): { cpu: number; memory: number } {
  if (!isPodLevelRequestsSet(pod)) {
    // Without pod-level requests both defaults always apply: one pass over the containers.
    const nonZero = podRequests(pod, { nonMissingContainerRequests: NON_MISSING_DEFAULTS });
    return { cpu: nonZero.cpu ?? 0, memory: nonZero.memory ?? 0 };
  }
  const requests = podRequests(pod);
  const nonMissing: ResourceAmounts = {};
  if (!Object.hasOwn(requests, 'cpu')) nonMissing.cpu = DEFAULT_MILLI_CPU_REQUEST;
  if (!Object.hasOwn(requests, 'memory')) nonMissing.memory = DEFAULT_MEMORY_REQUEST;
  const nonZero =
    Object.keys(nonMissing).length > 0 ? podRequests(pod, { nonMissingContainerRequests: nonMissing }) : requests;
  return { cpu: nonZero.cpu ?? 0, memory: nonZero.memory ?? 0 };
}

/** A pod in phase Succeeded or Failed: it no longer holds resources on its node. */
export function isPodTerminal(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}
