import type { z } from 'zod';
import { ErrorCodes, PeapodError } from '../errors.js';
import type {
  AnyPlugin,
  BindPlugin,
  FilterPlugin,
  Handle,
  PermitPlugin,
  PostBindPlugin,
  PostFilterPlugin,
  PreBindPlugin,
  PreEnqueuePlugin,
  PreFilterPlugin,
  PreScorePlugin,
  QueueSortPlugin,
  ReservePlugin,
  ScorePlugin,
} from './plugin.js';

/** Upstream's extension points, in KubeSchedulerConfiguration spelling (`plugins.<point>`). */
export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** The method that makes a plugin implement each point. */
export const POINT_METHOD: Readonly<Record<ExtensionPoint, keyof AnyPlugin>> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

/** The interface a plugin implements at each extension point. */
export interface PluginAtPoint {
  readonly preEnqueue: PreEnqueuePlugin;
  readonly queueSort: QueueSortPlugin;
  readonly preFilter: PreFilterPlugin;
  readonly filter: FilterPlugin;
  readonly postFilter: PostFilterPlugin;
  readonly preScore: PreScorePlugin;
  readonly score: ScorePlugin;
  readonly reserve: ReservePlugin;
  readonly permit: PermitPlugin;
  readonly preBind: PreBindPlugin;
  readonly bind: BindPlugin;
  readonly postBind: PostBindPlugin;
}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** A plugin that implements every point of `P`: `PluginAt<'filter' | 'score'>` is `FilterPlugin & ScorePlugin`. */
export type PluginAt<P extends ExtensionPoint> = UnionToIntersection<PluginAtPoint[P]>;

/**
 * What a plugin registry needs to know of a plugin before any instance exists: its name (as a
 * KubeSchedulerConfiguration spells it), the extension points its instances implement (so a profile is
 * validated at start-up), the zod schema of its `pluginConfig` args (parsed once, defaults applied; without
 * `kind`/`apiVersion`), and the factory called once per profile with the parsed args.
 * `@peapod/engine`'s `PluginRegistry.register` takes exactly this.
 */
export interface PluginDescriptor<A = unknown> {
  readonly name: string;
  readonly points: ReadonlySet<ExtensionPoint>;
  readonly argsSchema?: z.ZodType<A>;
  create(args: A, handle: Handle): AnyPlugin;
}

/** The input of `definePlugin`. */
export interface PluginDefinition<P extends ExtensionPoint, A> {
  /** The name a KubeSchedulerConfiguration enables it by, and that its `pluginConfig` entry carries. */
  readonly name: string;
  /** The extension points it implements; `create` must return the method of each, and of no other point. */
  readonly points: readonly P[];
  /** Parses its `pluginConfig` args (zod 4); omitted when it takes none. `{}` is parsed when none are given. */
  readonly argsSchema?: z.ZodType<A>;
  /** Called once per profile that enables it, with the parsed args; returns the plugin instance. */
  create(args: A, handle: Handle): PluginAt<P>;
}

function pluginError(name: string, message: string): PeapodError {
  return new PeapodError(ErrorCodes.Config, `plugin ${JSON.stringify(name)}: ${message}`);
}

/** The extension points `plugin` implements, from the methods it has, in EXTENSION_POINTS order. */
export function pointsOf(plugin: AnyPlugin): ExtensionPoint[] {
  return EXTENSION_POINTS.filter((point) => typeof plugin[POINT_METHOD[point]] === 'function');
}

/**
 * Problems with the shape of a would-be plugin descriptor, each a short phrase (`points: unknown
 * extension point "flter"`); empty when it is usable. Checks what a JavaScript caller could get wrong.
 */
export function descriptorProblems(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return [`expected an object, got ${typeName(value)}`];
  const d = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof d.name !== 'string' || d.name.trim() === '') problems.push('name: expected a non-empty string');
  const points = d.points;
  const list = points instanceof Set ? [...points] : Array.isArray(points) ? points : undefined;
  if (list === undefined) problems.push('points: expected a Set or an array of extension points');
  else if (list.length === 0) problems.push('points: expected at least one extension point');
  else {
    for (const p of list) {
      if (!(EXTENSION_POINTS as readonly unknown[]).includes(p)) {
        problems.push(`points: unknown extension point ${JSON.stringify(p)} (known: ${EXTENSION_POINTS.join(', ')})`);
      }
    }
  }
  const schema = d.argsSchema as { safeParse?: unknown; parse?: unknown } | undefined | null;
  if (
    schema !== undefined &&
    (typeof schema !== 'object' || schema === null || typeof schema.safeParse !== 'function')
  ) {
    problems.push('argsSchema: expected a zod schema');
  }
  if (typeof d.create !== 'function') problems.push('create: expected a function');
  return problems;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/**
 * Checks a created instance against its descriptor: an object with the descriptor's name, implementing
 * exactly the declared points (Reserve with its Unreserve). Throws a Config PeapodError naming the plugin.
 */
export function checkCreatedPlugin(descriptor: Pick<PluginDescriptor, 'name' | 'points'>, plugin: unknown): AnyPlugin {
  const name = descriptor.name;
  if (typeof plugin !== 'object' || plugin === null) {
    throw pluginError(name, `create() returned ${typeName(plugin)}, expected a plugin object`);
  }
  const instance = plugin as AnyPlugin;
  if (instance.name !== name) {
    throw pluginError(name, `create() returned a plugin named ${JSON.stringify(instance.name)}`);
  }
  const has = new Set(pointsOf(instance));
  const missing = [...descriptor.points].filter((p) => !has.has(p));
  const extra = [...has].filter((p) => !descriptor.points.has(p));
  if (missing.length > 0) {
    const methods = missing.map((p) => POINT_METHOD[p]).join(', ');
    throw pluginError(name, `declares point(s) ${missing.join(', ')} but create() returned no ${methods} method`);
  }
  if (extra.length > 0) {
    throw pluginError(name, `create() returned methods of point(s) ${extra.join(', ')}, which it does not declare`);
  }
  if (has.has('reserve') && typeof instance.unreserve !== 'function') {
    throw pluginError(name, 'implements reserve but has no unreserve method');
  }
  return instance;
}

/**
 * Defines an out-of-tree plugin: returns the descriptor a plugin module exports (`export const plugin =
 * definePlugin({...})`) and `PluginRegistry.register` accepts. Two forms:
 *
 * - a plugin object (`{ name, filter, score... }`) for a plugin without args: its points are derived from
 *   the methods it has, and every profile shares the one object;
 * - `{ name, points, argsSchema, create }` for a plugin with args or per-profile state: TypeScript checks
 *   that `create` returns the methods of every declared point, and each instance is checked again when
 *   created (exactly the declared points, the descriptor's name), so a mistake fails at start-up with the
 *   plugin's name, never mid-run.
 *
 * The instance is used as is: nothing wraps its methods, so a defined plugin is as fast as an in-tree one.
 * Invalid definitions throw a Config PeapodError.
 *
 * @example
 * export const plugin = definePlugin({
 *   name: 'PreferZone',
 *   points: ['score'],
 *   argsSchema: z.object({ zone: z.string() }).strict(),
 *   create: ({ zone }) => ({
 *     name: 'PreferZone',
 *     score: (_state, _pod, node, handle) =>
 *       handle.snapshot.nodes[node]!.metadata.labels?.['topology.kubernetes.io/zone'] === zone ? 100 : 0,
 *   }),
 * });
 */
export function definePlugin<const P extends ExtensionPoint, A = undefined>(
  definition: PluginDefinition<P, A>,
): PluginDescriptor<A>;
export function definePlugin<T extends AnyPlugin>(
  plugin: T & { readonly create?: undefined; readonly points?: undefined },
): PluginDescriptor<undefined>;
export function definePlugin(definition: PluginDefinition<ExtensionPoint, unknown> | AnyPlugin): PluginDescriptor {
  if (typeof definition !== 'object' || definition === null) {
    throw pluginError('<unnamed>', `invalid definition: expected an object, got ${typeName(definition)}`);
  }
  if (!('create' in definition) || definition.create === undefined) return staticDescriptor(definition);
  const problems = descriptorProblems(definition);
  if (problems.length > 0) throw pluginError(nameOf(definition), `invalid definition: ${problems.join('; ')}`);
  const points: ReadonlySet<ExtensionPoint> = new Set(definition.points);
  const descriptor: PluginDescriptor = {
    name: definition.name,
    points,
    ...(definition.argsSchema !== undefined ? { argsSchema: definition.argsSchema } : {}),
    create: (args, handle) => checkCreatedPlugin(descriptor, definition.create(args, handle)),
  };
  return Object.freeze(descriptor);
}

function staticDescriptor(plugin: AnyPlugin): PluginDescriptor {
  if (typeof plugin?.name !== 'string' || plugin.name.trim() === '') {
    throw pluginError(nameOf(plugin), 'invalid definition: name: expected a non-empty string');
  }
  const points = pointsOf(plugin);
  if (points.length === 0) {
    throw pluginError(
      plugin.name,
      `invalid definition: no extension point method (${Object.values(POINT_METHOD).join(', ')})`,
    );
  }
  const descriptor: PluginDescriptor = { name: plugin.name, points: new Set(points), create: () => plugin };
  checkCreatedPlugin(descriptor, plugin);
  return Object.freeze(descriptor);
}

function nameOf(value: unknown): string {
  const name = (value as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' && name !== '' ? name : '<unnamed>';
}
