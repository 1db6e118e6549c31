import {
  type AnyPlugin,
  type BindPlugin,
  ErrorCodes,
  type FilterPlugin,
  type Handle,
  PeapodError,
  type PermitPlugin,
  type PostBindPlugin,
  type PostFilterPlugin,
  type PreBindPlugin,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreScorePlugin,
  type QueueSortPlugin,
  type ReservePlugin,
  type ScorePlugin,
} from '@peapod/core';
import type { Profile } from './profile.js';
import { type ExtensionPoint, type PluginRegistry, POINT_METHOD } from './registry.js';

/** One enabled plugin at an extension point; `weight` only matters for score. */
export interface PluginEntry {
  readonly name: string;
  readonly weight?: number;
}

/** A profile as configuration describes it (validated): the names per point and the parsed args. */
export interface ProfileSpec {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore?: number;
  readonly points: Readonly<Partial<Record<ExtensionPoint, readonly PluginEntry[]>>>;
  /** Parsed args by plugin name (defaults applied); a plugin without an entry gets its schema's defaults. */
  readonly args: Readonly<Record<string, unknown>>;
}

/**
 * Instantiates a profile's plugins from the registry, one instance per plugin name shared by every point
 * it is enabled at (as upstream), and lists them per point in configuration order.
 */
export function buildProfile(spec: ProfileSpec, registry: PluginRegistry, handle: Handle): Profile {
  const instances = new Map<string, AnyPlugin>();
  const instance = (name: string, point: ExtensionPoint): AnyPlugin => {
    let plugin = instances.get(name);
    if (plugin === undefined) {
      const registration = registry.get(name);
      if (registration === undefined) throw configError(`${spec.schedulerName}: unknown plugin "${name}"`);
      const args = spec.args[name] ?? registration.argsSchema?.parse({});
      plugin = registration.create(args, handle);
      instances.set(name, plugin);
    }
    if (typeof plugin[POINT_METHOD[point]] !== 'function') {
      throw configError(`${spec.schedulerName}: plugin "${name}" does not implement extension point ${point}`);
    }
    return plugin;
  };
  const at = <T>(point: ExtensionPoint): T[] => (spec.points[point] ?? []).map((e) => instance(e.name, point) as T);

  const queueSorts = at<QueueSortPlugin>('queueSort');
  if (queueSorts.length !== 1) {
    throw configError(`${spec.schedulerName}: exactly one queueSort plugin is needed, got ${queueSorts.length}`);
  }
  return {
    schedulerName: spec.schedulerName,
    ...(spec.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: spec.percentageOfNodesToScore } : {}),
    preEnqueue: at<PreEnqueuePlugin>('preEnqueue'),
    queueSort: queueSorts[0]!,
    preFilter: at<PreFilterPlugin>('preFilter'),
    filter: at<FilterPlugin>('filter'),
    postFilter: at<PostFilterPlugin>('postFilter'),
    preScore: at<PreScorePlugin>('preScore'),
    score: (spec.points.score ?? []).map((e) => ({
      plugin: instance(e.name, 'score') as ScorePlugin,
      weight: e.weight ?? 1,
    })),
    reserve: at<ReservePlugin>('reserve'),
    permit: at<PermitPlugin>('permit'),
    preBind: at<PreBindPlugin>('preBind'),
    bind: at<BindPlugin>('bind'),
    postBind: at<PostBindPlugin>('postBind'),
  };
}

function configError(message: string): PeapodError {
  return new PeapodError(ErrorCodes.Config, message);
}
