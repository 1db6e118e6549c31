import {
  type ClusterListers,
  compileRequirement,
  type LabelMap,
  labelSelectorProblems,
  matchesLabelMap,
  type Pod,
  type Service,
} from '@peapod/core';
import { labelSelectorRequirements, mapRequirements, type SpreadSelector, selectorOf } from './selector.js';

/** Splits an ownerReference apiVersion like `schema.ParseGroupVersion`; undefined when it has several `/`. */
function parseGroupVersion(apiVersion: string): { group: string; version: string } | undefined {
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return undefined;
}

/**
 * Upstream `helper.DefaultSelector`: the selectors of the Services in the pod's namespace that select it
 * (a Service without a selector selects nothing), merged, plus the selector of the pod's controller
 * (first ownerReference with `controller: true`) when it is a `v1` ReplicationController or an `apps/v1`
 * ReplicaSet or StatefulSet that exists in the pod's namespace. Empty when nothing applies.
 */
export function defaultSelector(pod: Pod, cluster: ClusterListers): SpreadSelector {
  // PreFilter and PreScore both ask for the same pod: the second gets the first's answer without a key.
  const lists = [cluster.services, cluster.replicaSets, cluster.statefulSets, cluster.replicationControllers];
  const last = lastAnswer.get(pod);
  if (last?.lists.every((list, i) => list === lists[i] && last.lengths[i] === list.length)) {
    return last.selector;
  }
  const selector = memoisedDefaultSelector(pod, cluster);
  lastAnswer.set(pod, { lists, lengths: lists.map((l) => l.length), selector });
  return selector;
}

/** The answer last given for a pod, with the lists (and their lengths) it was computed from. */
const lastAnswer = new WeakMap<
  Pod,
  {
    readonly lists: readonly (readonly object[])[];
    readonly lengths: readonly number[];
    readonly selector: SpreadSelector;
  }
>();

function memoisedDefaultSelector(pod: Pod, cluster: ClusterListers): SpreadSelector {
  // Replicas share labels and controller: the Services are scanned once per distinct pair.
  let memo = defaultSelectorMemo.get(cluster.services);
  if (memo === undefined) {
    memo = new Map();
    defaultSelectorMemo.set(cluster.services, memo);
  }
  const owner = (pod.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
  const key = JSON.stringify([
    pod.metadata.namespace ?? 'default',
    pod.metadata.labels ?? null,
    owner === undefined ? null : [owner.apiVersion, owner.kind, owner.name],
    cluster.services.length,
    cluster.replicaSets.length,
    cluster.statefulSets.length,
    cluster.replicationControllers.length,
  ]);
  let selector = memo.get(key);
  if (selector === undefined) {
    selector = computeDefaultSelector(pod, cluster);
    if (memo.size >= 65536) memo.clear();
    memo.set(key, selector);
  }
  return selector;
}

const defaultSelectorMemo = new WeakMap<object, Map<string, SpreadSelector>>();
interface NamedIndex {
  /** The list's length when indexed: a longer list (objects appended) is indexed again. */
  readonly length: number;
  readonly byKey: Map<string, unknown>;
}

const namedIndexes = new WeakMap<readonly object[], NamedIndex>();

/** The first object of `list` with that namespace and name, from an index built once per list. */
function byName<T extends { readonly metadata: { readonly name: string; readonly namespace?: string } }>(
  list: readonly T[],
  namespace: string,
  name: string,
): T | undefined {
  let index = namedIndexes.get(list);
  if (index === undefined || index.length !== list.length) {
    const byKey = new Map<string, unknown>();
    for (const o of list) {
      const key = `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
      if (!byKey.has(key)) byKey.set(key, o);
    }
    index = { length: list.length, byKey };
    namedIndexes.set(list, index);
  }
  return index.byKey.get(`${namespace}/${name}`) as T | undefined;
}

/** A namespace's Services with a selector, indexed by one `key=value` pair each selector requires. */
interface ServiceIndex {
  readonly byPair: Map<string, Service[]>;
  /** Services whose selector is `{}` (they select every pod of the namespace). */
  readonly everyPod: Service[];
}

const serviceIndexes = new WeakMap<readonly Service[], { length: number; byNamespace: Map<string, ServiceIndex> }>();

/**
 * The Services of `namespace` whose selector selects a pod with these labels: only those requiring one of
 * its labels are checked, not every Service of the namespace. Indexed once per Service list.
 */
function servicesSelecting(services: readonly Service[], namespace: string, labels: LabelMap): Service[] {
  let indexed = serviceIndexes.get(services);
  if (indexed === undefined || indexed.length !== services.length) {
    const byNamespace = new Map<string, ServiceIndex>();
    for (const service of services) {
      const selector = service.spec?.selector;
      // A Service without a selector selects nothing (upstream skips it).
      if (selector == null) continue;
      const ns = service.metadata.namespace ?? 'default';
      let index = byNamespace.get(ns);
      if (index === undefined) {
        index = { byPair: new Map(), everyPod: [] };
        byNamespace.set(ns, index);
      }
      const first = Object.keys(selector)[0];
      if (first === undefined) index.everyPod.push(service);
      else {
        const pair = `${first}=${selector[first]}`;
        const list = index.byPair.get(pair);
        if (list === undefined) index.byPair.set(pair, [service]);
        else list.push(service);
      }
    }
    indexed = { length: services.length, byNamespace };
    serviceIndexes.set(services, indexed);
  }
  const index = indexed.byNamespace.get(namespace);
  if (index === undefined) return [];
  const selecting = [...index.everyPod];
  if (labels != null) {
    for (const key of Object.keys(labels)) {
      for (const service of index.byPair.get(`${key}=${labels[key]}`) ?? []) {
        if (matchesLabelMap(service.spec!.selector, labels)) selecting.push(service);
      }
    }
  }
  return selecting;
}

function computeDefaultSelector(pod: Pod, cluster: ClusterListers): SpreadSelector {
  const namespace = pod.metadata.namespace ?? 'default';
  const podLabels = pod.metadata.labels;
  const labelSet: Record<string, string> = {};
  // The merged set does not depend on the Services' order: two selecting the same key require the same value.
  for (const service of servicesSelecting(cluster.services, namespace, podLabels)) {
    Object.assign(labelSet, service.spec!.selector);
  }
  let requirements = mapRequirements(labelSet).map(compileRequirement);
  const owner = (pod.metadata.ownerReferences ?? []).find((ref) => ref.controller === true);
  const gv = owner === undefined ? undefined : parseGroupVersion(owner.apiVersion ?? '');
  if (owner === undefined || gv === undefined) return selectorOf(requirements);
  if (gv.group === '' && gv.version === 'v1' && owner.kind === 'ReplicationController') {
    const rc = byName(cluster.replicationControllers, namespace, owner.name);
    if (rc !== undefined) {
      // API defaulting: an RC without a selector selects its template's labels.
      const rcSelector = rc.spec.selector ?? {};
      const effective = Object.keys(rcSelector).length > 0 ? rcSelector : (rc.spec.template?.metadata?.labels ?? {});
      requirements = mapRequirements({ ...labelSet, ...effective }).map(compileRequirement);
    }
  } else if (
    gv.group === 'apps' &&
    gv.version === 'v1' &&
    (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')
  ) {
    const controller =
      owner.kind === 'ReplicaSet'
        ? byName(cluster.replicaSets, namespace, owner.name)
        : byName(cluster.statefulSets, namespace, owner.name);
    const selector = controller?.spec.selector;
    // A nil or invalid selector adds nothing; `{}` has no requirements to add.
    if (selector != null && labelSelectorProblems(selector).length === 0) {
      requirements = [...requirements, ...labelSelectorRequirements(selector)];
    }
  }
  return selectorOf(requirements);
}
