import { ErrorCodes, PeapodError, type Pod } from '@peapod/core';
import {
  createScheduler,
  defaultSchedulerConfig,
  type EvaluatorFactory,
  type SchedulerConfig,
  seededRandom,
  type TieBreak,
} from '@peapod/engine';
import { SIM_KINDS } from './api/kinds.js';
import { ApiServer } from './api/server.js';
import type { ApiObject, ApiResult, Kind } from './api/types.js';
import type { ComponentContext } from './controllers/context.js';
import { DeploymentController } from './controllers/deployment.js';
import { EndpointsController } from './controllers/endpoints.js';
import { GarbageCollector } from './controllers/garbage-collector.js';
import { NodeIpamController } from './controllers/node-ipam.js';
import { NODE_INDEX, NodeLifecycleController } from './controllers/node-lifecycle.js';
import { ReplicaSetController } from './controllers/replicaset.js';
import { TaintEvictionController } from './controllers/taint-eviction.js';
import { EventQueue } from './event-queue.js';
import { EventRecorder } from './events.js';
import type { ImageCatalog } from './kubelet/images.js';
import { Kubelets } from './kubelet/kubelets.js';
import type { ProbeKind } from './kubelet/probes.js';
import { StartupTracker } from './metrics.js';
import { type Cidr, parseCidr } from './net/ipv4.js';
import { Scheduler } from './scheduler/scheduler.js';

export const DEFAULT_CLOCK_START = Date.parse('2024-01-01T00:00:00Z');
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';
export const DEFAULT_NODE_CIDR_MASK = 24;
/** Images whose size the scenario does not give are this big (bytes). */
export const DEFAULT_IMAGE_SIZE = 100_000_000;
/** Registry bandwidth per node (bytes per second). */
export const DEFAULT_PULL_BYTES_PER_SECOND = 50_000_000;

export interface SimulationOptions {
  readonly seed?: number;
  /** Epoch ms of virtual time 0 (default 2024-01-01T00:00:00Z). */
  readonly clockStart?: number;
  /** Record trace lines (the control-plane steps that emit no Event). */
  readonly trace?: boolean;
  readonly serviceCidr?: string;
  readonly clusterCidr?: string;
  readonly nodeCidrMaskSize?: number;
  readonly imageSizes?: Readonly<Record<string, number>>;
  readonly missingImages?: readonly string[];
  readonly defaultImageSize?: number;
  readonly pullBytesPerSecond?: number;
  readonly schedulerConfig?: SchedulerConfig;
  readonly tieBreak?: TieBreak;
  /** Fans the scheduler's Filter and Score out to threads (`parallelEvaluator` of `@peapod/runner`). */
  readonly evaluator?: EvaluatorFactory;
}

function cidr(text: string, what: string): Cidr {
  const parsed = parseCidr(text);
  if (parsed === undefined)
    throw new PeapodError(ErrorCodes.InputInvalid, `${what}: invalid CIDR ${JSON.stringify(text)}`);
  return parsed;
}

/**
 * The simulated cluster: the API server, the controllers, the scheduler and one kubelet per node, wired
 * together on one virtual clock. Everything random is drawn from the seed, so a run is reproducible.
 */
export class Simulation {
  readonly clock = new EventQueue();
  readonly events: EventRecorder;
  readonly api: ApiServer;
  readonly scheduler: Scheduler;
  readonly kubelets: Kubelets;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly startup: StartupTracker;
  readonly clockStart: number;
  readonly seed: number;

  constructor(options: SimulationOptions = {}) {
    this.seed = options.seed ?? 0;
    this.clockStart = options.clockStart ?? DEFAULT_CLOCK_START;
    this.events = new EventRecorder(() => this.clock.now, options.trace === true);
    this.api = new ApiServer({
      clock: this.clock,
      clockStart: this.clockStart,
      // A stream of its own, so names and ClusterIPs do not shift when the scheduler breaks more ties.
      random: seededRandom((this.seed ^ 0x9e3779b9) >>> 0),
      serviceCidr: cidr(options.serviceCidr ?? DEFAULT_SERVICE_CIDR, 'serviceCIDR'),
    });
    this.api.store.addIndex('Pod', NODE_INDEX, (p) => (p.spec.nodeName ? [p.spec.nodeName] : []));
    const ctx: ComponentContext = {
      api: this.api,
      clock: this.clock,
      events: this.events,
      clockStart: this.clockStart,
    };
    const images: ImageCatalog = {
      sizeOf: (image) => options.imageSizes?.[image] ?? options.defaultImageSize ?? DEFAULT_IMAGE_SIZE,
      missing: (image) => options.missingImages?.includes(image) === true,
      bytesPerSecond: options.pullBytesPerSecond ?? DEFAULT_PULL_BYTES_PER_SECOND,
    };
    new NodeIpamController(
      ctx,
      cidr(options.clusterCidr ?? DEFAULT_CLUSTER_CIDR, 'clusterCIDR'),
      options.nodeCidrMaskSize ?? DEFAULT_NODE_CIDR_MASK,
    );
    this.nodeLifecycle = new NodeLifecycleController(ctx);
    this.taintEviction = new TaintEvictionController(ctx);
    new ReplicaSetController(ctx);
    new DeploymentController(ctx);
    new EndpointsController(ctx);
    new GarbageCollector(ctx);
    const engine = createScheduler(
      {
        seed: this.seed,
        clockStart: this.clockStart,
        ...(options.tieBreak ? { tieBreak: options.tieBreak } : {}),
        ...(options.evaluator ? { evaluator: options.evaluator } : {}),
      },
      options.schedulerConfig ?? defaultSchedulerConfig(),
    );
    this.scheduler = new Scheduler(ctx, engine);
    this.kubelets = new Kubelets(ctx, images);
    this.startup = new StartupTracker(this.api, this.clock);
  }

  /**
   * `kubectl apply`: creates the object, or updates the existing one's spec, labels and annotations (a pod's
   * spec is immutable: only its labels and annotations change).
   */
  apply(raw: unknown): ApiResult<ApiObject> & { readonly created?: boolean } {
    const kind = this.api.kindOf(raw);
    const meta = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
    if (kind !== undefined && typeof meta?.name === 'string') {
      const given = typeof meta.namespace === 'string' ? meta.namespace : undefined;
      const ns = SIM_KINDS.get(kind)!.namespaced ? (given ?? 'default') : undefined;
      const current = this.api.get(kind, ns, meta.name);
      if (current !== undefined) {
        const next = raw as ApiObject;
        const merged = {
          ...current,
          ...next,
          ...(kind === 'Pod' ? { spec: (current as Pod).spec } : {}),
          metadata: {
            ...current.metadata,
            labels: next.metadata.labels ?? current.metadata.labels,
            annotations: next.metadata.annotations ?? current.metadata.annotations,
            resourceVersion: undefined,
          },
        } as ApiObject;
        return { ...this.api.update(kind, merged as never), created: false };
      }
    }
    return { ...this.api.create(raw), created: true };
  }

  delete(kind: Kind, namespace: string | undefined, name: string): ApiResult<ApiObject> {
    return this.api.delete(kind, namespace, name);
  }

  /** `kubectl scale`: sets spec.replicas of a Deployment or ReplicaSet. */
  scale(kind: 'Deployment' | 'ReplicaSet', namespace: string, name: string, replicas: number): ApiResult<ApiObject> {
    const current = this.api.get(kind, namespace, name);
    if (current === undefined)
      return {
        ok: false,
        error: {
          reason: 'NotFound',
          message: `${kind === 'Deployment' ? 'deployments.apps' : 'replicasets.apps'} "${name}" not found`,
        },
      };
    return this.api.update(kind, { ...current, spec: { ...current.spec, replicas } } as never);
  }

  failNode(name: string): boolean {
    return this.kubelets.failNode(name);
  }

  recoverNode(name: string): boolean {
    return this.kubelets.recoverNode(name);
  }

  crashContainer(pod: Pod, container: string, exitCode: number): boolean {
    return this.kubelets.crashContainer(pod, container, exitCode);
  }

  failProbe(pod: Pod, container: string, kind: ProbeKind | undefined, forMs: number): boolean {
    return this.kubelets.failProbe(pod, container, kind, this.clock.now + forMs);
  }

  /**
   * Nothing is left to do but periodic chores (heartbeats, settled probes, monitor passes), and no failed
   * node still waits to be noticed: its heartbeats stopped, so a coming monitor pass will act.
   */
  isSteady(): boolean {
    return this.clock.pendingWork === 0 && !this.scheduler.busy && !this.kubelets.unnoticedFailure();
  }

  /** Runs the clock to `until` (ms); with `stopWhenSteady`, stops at the first steady moment after `notBefore`. */
  run(until: number, options: { stopWhenSteady?: boolean; notBefore?: number } = {}): void {
    const notBefore = options.notBefore ?? 0;
    const stop = options.stopWhenSteady ? () => this.clock.now >= notBefore && this.isSteady() : undefined;
    this.clock.runUntil(until, stop);
  }
}
