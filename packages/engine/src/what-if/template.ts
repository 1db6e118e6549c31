import {
  type ClusterObjects,
  ErrorCodes,
  formatObjectRef,
  type Node,
  type OwnerReference,
  PeapodError,
  type Pod,
  type PodTemplateSpec,
  type ReplicaSet,
  type StatefulSet,
} from '@peapod/core';

/** The kinds a replica template may be: a Pod, or a workload whose pod template is used. */
export type ReplicaTemplateKind = 'Pod' | 'Deployment' | 'ReplicaSet' | 'StatefulSet';

const TEMPLATE_KINDS = 'Pod, Deployment, ReplicaSet or StatefulSet';

/** Makes the replicas of one pod template, and the controller objects the cluster needs for them. */
export interface ReplicaTemplate {
  readonly kind: ReplicaTemplateKind;
  readonly namespace: string;
  readonly name: string;
  /** Replica `i` (1-based), named `<name>-capacity-<i>`: a fresh pending pod object each call. */
  replica(i: number): Pod;
  /**
   * The cluster with the replicas' controller in it, so default topology spreading selects them as upstream
   * would: the template ReplicaSet or StatefulSet when the cluster has none of that name, and for a
   * Deployment a ReplicaSet `<name>-capacity` with the Deployment's selector. `objects` is not changed.
   */
  withController(objects: ClusterObjects): ClusterObjects;
}

/** `Pod default/web`, `Node n1`, `1 object of kind Job` for every object of a template file. */
function describeObjects(objects: ClusterObjects): string[] {
  const refs = [
    ...objects.nodes.map((o) => formatObjectRef('Node', o.metadata)),
    ...objects.pods.map((o) => formatObjectRef('Pod', o.metadata)),
    ...objects.deployments.map((o) => formatObjectRef('Deployment', o.metadata)),
    ...objects.replicaSets.map((o) => formatObjectRef('ReplicaSet', o.metadata)),
    ...objects.statefulSets.map((o) => formatObjectRef('StatefulSet', o.metadata)),
    ...objects.namespaces.map((o) => formatObjectRef('Namespace', o.metadata)),
    ...objects.priorityClasses.map((o) => formatObjectRef('PriorityClass', o.metadata)),
    ...objects.podDisruptionBudgets.map((o) => formatObjectRef('PodDisruptionBudget', o.metadata)),
    ...objects.services.map((o) => formatObjectRef('Service', o.metadata)),
    ...objects.replicationControllers.map((o) => formatObjectRef('ReplicationController', o.metadata)),
    ...objects.persistentVolumes.map((o) => formatObjectRef('PersistentVolume', o.metadata)),
    ...objects.persistentVolumeClaims.map((o) => formatObjectRef('PersistentVolumeClaim', o.metadata)),
    ...objects.storageClasses.map((o) => formatObjectRef('StorageClass', o.metadata)),
  ];
  for (const kind of Object.keys(objects.ignoredKinds).sort()) {
    const n = objects.ignoredKinds[kind] ?? 0;
    refs.push(n === 1 ? `1 object of kind ${kind}` : `${n} objects of kind ${kind}`);
  }
  return refs;
}

function expectedOne(source: string, expected: string, objects: ClusterObjects): PeapodError {
  const found = describeObjects(objects);
  const total = objectCount(objects);
  const list = `${found.slice(0, 3).join(', ')}${found.length > 3 ? ', ...' : ''}`;
  const what = total === 0 ? 'found no object' : total === 1 ? `found ${list}` : `found ${total} objects: ${list}`;
  return new PeapodError(ErrorCodes.InputInvalid, `${source}: expected one ${expected}, ${what}`);
}

/** Every object of the file, those of kinds the scheduler does not read included. */
function objectCount(objects: ClusterObjects): number {
  const ignored = Object.values(objects.ignoredKinds).reduce((sum, n) => sum + n, 0);
  return describeObjects(objects).length - Object.keys(objects.ignoredKinds).length + ignored;
}

/** True when the file holds exactly one object in total (of any kind, ignored kinds included). */
function holdsOneObject(objects: ClusterObjects): boolean {
  return objectCount(objects) === 1 && Object.keys(objects.ignoredKinds).length === 0;
}

/**
 * The replica template of a file that holds exactly one Pod, Deployment, ReplicaSet or StatefulSet
 * (`source` names the file in messages). Anything else is an input error.
 */
export function replicaTemplateFrom(objects: ClusterObjects, source: string): ReplicaTemplate {
  if (!holdsOneObject(objects)) throw expectedOne(source, TEMPLATE_KINDS, objects);
  const [pod] = objects.pods;
  if (pod !== undefined) return podTemplate(pod);
  const [deployment] = objects.deployments;
  if (deployment !== undefined) {
    const { name, namespace = 'default' } = deployment.metadata;
    const controller: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${name}-capacity`,
        namespace,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name, controller: true }],
      },
      spec: { selector: deployment.spec.selector, template: deployment.spec.template },
    };
    return workloadTemplate('Deployment', name, namespace, deployment.spec.template, {
      kind: 'ReplicaSet',
      object: controller,
    });
  }
  const [replicaSet] = objects.replicaSets;
  if (replicaSet !== undefined) {
    const { name, namespace = 'default' } = replicaSet.metadata;
    return workloadTemplate('ReplicaSet', name, namespace, replicaSet.spec.template, {
      kind: 'ReplicaSet',
      object: replicaSet,
    });
  }
  const [statefulSet] = objects.statefulSets;
  if (statefulSet !== undefined) {
    const { name, namespace = 'default' } = statefulSet.metadata;
    return workloadTemplate('StatefulSet', name, namespace, statefulSet.spec.template, {
      kind: 'StatefulSet',
      object: statefulSet,
    });
  }
  throw expectedOne(source, TEMPLATE_KINDS, objects);
}

/** The Node of a file that holds exactly one Node. */
export function nodeTemplateFrom(objects: ClusterObjects, source: string): Node {
  const [node] = objects.nodes;
  if (node === undefined || !holdsOneObject(objects)) throw expectedOne(source, 'Node', objects);
  return node;
}

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/**
 * Copy `i` (1-based) of a node template, named `<name>-<i>`, with its `kubernetes.io/hostname` label set to
 * that name, as a kubelet would register it (so hostname topology sees each copy as its own domain).
 */
export function nodeCopy(template: Node, i: number): Node {
  const name = `${template.metadata.name}-${i}`;
  const { uid: _uid, resourceVersion: _rv, creationTimestamp: _ts, ...metadata } = template.metadata;
  return {
    ...template,
    metadata: { ...metadata, name, labels: { ...(template.metadata.labels ?? {}), [HOSTNAME_LABEL]: name } },
  };
}

function replicaName(base: string, i: number): string {
  return `${base}-capacity-${i}`;
}

function podTemplate(pod: Pod): ReplicaTemplate {
  const { name, namespace = 'default' } = pod.metadata;
  const { nodeName: _nodeName, ...spec } = pod.spec;
  return {
    kind: 'Pod',
    name,
    namespace,
    replica: (i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: replicaName(name, i),
        namespace,
        ...(pod.metadata.labels ? { labels: { ...pod.metadata.labels } } : {}),
        ...(pod.metadata.annotations ? { annotations: { ...pod.metadata.annotations } } : {}),
        ...(pod.metadata.ownerReferences ? { ownerReferences: pod.metadata.ownerReferences } : {}),
      },
      spec,
    }),
    withController: (objects) => objects,
  };
}

/** The object that owns the replicas (the `controller: true` ownerReference). */
type Controller =
  | { readonly kind: 'ReplicaSet'; readonly object: ReplicaSet }
  | { readonly kind: 'StatefulSet'; readonly object: StatefulSet };

type Named = { readonly metadata: { readonly name: string; readonly namespace?: string | undefined } };

function workloadTemplate(
  kind: ReplicaTemplateKind,
  name: string,
  namespace: string,
  template: PodTemplateSpec,
  controller: Controller,
): ReplicaTemplate {
  const controllerName = controller.object.metadata.name;
  const owner: OwnerReference = {
    apiVersion: 'apps/v1',
    kind: controller.kind,
    name: controllerName,
    controller: true,
  };
  const meta = template.metadata;
  return {
    kind,
    name,
    namespace,
    replica: (i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: replicaName(name, i),
        namespace,
        ...(meta?.labels ? { labels: { ...meta.labels } } : {}),
        ...(meta?.annotations ? { annotations: { ...meta.annotations } } : {}),
        ownerReferences: [owner],
      },
      spec: template.spec,
    }),
    withController: (objects) => {
      const sameName = (o: Named) =>
        o.metadata.name === controllerName && (o.metadata.namespace ?? 'default') === namespace;
      if (controller.kind === 'StatefulSet') {
        if (objects.statefulSets.some(sameName)) return objects;
        return { ...objects, statefulSets: [...objects.statefulSets, controller.object] };
      }
      if (objects.replicaSets.some(sameName)) return objects;
      return { ...objects, replicaSets: [...objects.replicaSets, controller.object] };
    },
  };
}
