import { type ClusterObjects, emptyClusterObjects, type Pod, type PodInfo, type QueuedPodInfo } from '@peapod/core';
import type { Scheduler as EngineScheduler, SchedulingSession, SkippedPod } from '@peapod/engine';
import type { ApiServer } from '../api/server.js';
import { isPodTerminal, podKey } from '../objects.js';

/**
 * The scheduler's view of the cluster: an engine session whose snapshot holds the nodes and the bound,
 * unfinished pods. Pod binds and deletions update it in place; a change the snapshot cannot take
 * incrementally (a node added, removed or changed, or an object the plugins read) marks it stale, and the
 * next cycle rebuilds it from the API server's objects.
 */
export class SchedulerCache {
  private session: SchedulingSession | undefined;
  /** Pods accounted in the session, by key, with the version accounted. */
  private readonly placed = new Map<
    string,
    { readonly uid: string; readonly node: number; readonly deleting: boolean }
  >();
  private readonly infos = new Map<string, QueuedPodInfo>();
  rebuilds = 0;

  constructor(
    private readonly api: ApiServer,
    private readonly engine: EngineScheduler,
    private readonly startTimeOf: (pod: Pod) => number,
  ) {}

  invalidate(): void {
    this.session = undefined;
  }

  isPlaced(key: string): boolean {
    return this.placed.has(key);
  }

  /** Whether the accounted version of a bound pod is out of date (another uid, or now terminating). */
  isStale(pod: Pod): boolean {
    const placed = this.placed.get(podKey(pod));
    return (
      placed !== undefined &&
      (placed.uid !== (pod.metadata.uid ?? '') || placed.deleting !== !!pod.metadata.deletionTimestamp)
    );
  }

  /** The current session, rebuilt first when stale. */
  current(): SchedulingSession {
    if (this.session !== undefined) return this.session;
    this.rebuilds++;
    const objects = this.objects();
    const session = this.engine.session(objects);
    this.placed.clear();
    this.infos.clear();
    for (const pod of objects.pods) {
      const node = session.snapshot.nodeIndex(pod.spec.nodeName!);
      if (node >= 0)
        this.placed.set(podKey(pod), { uid: pod.metadata.uid ?? '', node, deleting: !!pod.metadata.deletionTimestamp });
    }
    this.session = session;
    // Nominations live in pod status, so they survive a rebuild.
    for (const pod of this.api.list('Pod')) {
      const nominated = pod.status?.nominatedNodeName;
      if (nominated && !pod.spec.nodeName) {
        const info = this.pendingInfo(pod);
        if ('podInfo' in info) session.nominate(info.podInfo, nominated);
      }
    }
    return session;
  }

  /** The pending pod admitted into the session (priority, profile, PreEnqueue), cached per object version. */
  pendingInfo(pod: Pod): QueuedPodInfo | SkippedPod {
    const key = podKey(pod);
    const cached = this.infos.get(key);
    if (cached !== undefined && cached.podInfo.pod === pod) return cached;
    const entry = this.current().addPendingPod(pod);
    if ('podInfo' in entry) this.infos.set(key, entry);
    return entry;
  }

  forget(key: string): void {
    this.infos.delete(key);
  }

  /** Accounts a bound pod (bound by this scheduler or by anyone else). */
  add(pod: Pod, info?: PodInfo): void {
    const key = podKey(pod);
    if (this.session === undefined || this.placed.has(key) || isPodTerminal(pod)) return;
    const node = this.session.snapshot.nodeIndex(pod.spec.nodeName!);
    if (node < 0) return;
    const podInfo = info ?? this.boundInfo(pod);
    if (podInfo === undefined) return;
    const failed = this.session.bind(podInfo, node, this.startTimeOf(pod));
    if (failed === null)
      this.placed.set(key, { uid: pod.metadata.uid ?? '', node, deleting: !!pod.metadata.deletionTimestamp });
    else this.invalidate();
  }

  /** Marks a pod as accounted by the binding cycle that just placed it. */
  assume(key: string, uid: string, node: number): void {
    this.placed.set(key, { uid, node, deleting: false });
  }

  remove(key: string): void {
    if (!this.placed.has(key)) return;
    this.placed.delete(key);
    this.infos.delete(key);
    this.session?.deletePod(key);
  }

  /** Replaces the accounted version of a bound pod (e.g. it is now terminating: preemption reads that). */
  replace(pod: Pod): void {
    this.remove(podKey(pod));
    this.add(pod);
  }

  private boundInfo(pod: Pod): PodInfo | undefined {
    // The session admits only pending pods; a bound pod is admitted as its pending twin would be.
    const twin = { ...pod, spec: { ...pod.spec, nodeName: undefined } };
    const entry = this.current().addPendingPod(twin);
    if (!('podInfo' in entry)) return undefined;
    return { ...entry.podInfo, pod };
  }

  private objects(): ClusterObjects {
    const api = this.api;
    const objects = emptyClusterObjects();
    objects.nodes.push(...api.list('Node'));
    for (const pod of api.list('Pod')) if (pod.spec.nodeName && !isPodTerminal(pod)) objects.pods.push(pod);
    objects.namespaces.push(...api.list('Namespace'));
    objects.priorityClasses.push(...api.list('PriorityClass'));
    objects.podDisruptionBudgets.push(...api.list('PodDisruptionBudget'));
    objects.services.push(...api.list('Service'));
    objects.replicaSets.push(...api.list('ReplicaSet'));
    objects.replicationControllers.push(...api.list('ReplicationController'));
    objects.deployments.push(...api.list('Deployment'));
    objects.statefulSets.push(...api.list('StatefulSet'));
    objects.persistentVolumes.push(...api.list('PersistentVolume'));
    objects.persistentVolumeClaims.push(...api.list('PersistentVolumeClaim'));
    objects.storageClasses.push(...api.list('StorageClass'));
    return objects;
  }
}
