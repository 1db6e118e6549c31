import { EXTENSION_POINTS, type ExtensionPoint, type PluginRegistry } from '../registry.js';
import { collectPluginConfig, parsePluginArgs } from './args.js';
import { expandPluginSets } from './expand.js';
import {
  customPluginSets,
  defaultPluginSets,
  type EnabledPlugin,
  LEGACY_IN_TREE_PLUGINS,
  mergePlugins,
  PLUGIN_SET_KEYS,
  type PluginSetEntries,
  UPSTREAM_IN_TREE_PLUGINS,
} from './plugin-sets.js';
import type { FieldPath, ProblemList } from './problems.js';
import type { RawProfile } from './schema.js';
import type { PluginSetKey, ResolvedProfile, ResolveOptions, SchedulerConfigApiVersion } from './types.js';

/** Score weights a user may write (0 is "unset", i.e. 1). Upstream v1.26 only rejects an overflowing total. */
export const MIN_SCORE_WEIGHT = 1;
export const MAX_SCORE_WEIGHT = 100;

/** Plugins that upstream rejects by name in a configuration version (validation.go `invalidPluginsByVersion`). */
const INVALID_PLUGINS: Readonly<Partial<Record<SchedulerConfigApiVersion, ReadonlySet<string>>>> = {
  'kubescheduler.config.k8s.io/v1': new Set(['SelectorSpread']),
};

export interface ProfileContext {
  readonly registry: PluginRegistry;
  readonly apiVersion: SchedulerConfigApiVersion;
  readonly options: ResolveOptions;
  readonly problems: ProblemList;
}

export interface ProfileResolution {
  readonly profile: ResolvedProfile;
  /** The merged queueSort set, which upstream requires to be the same in every profile. */
  readonly queueSortSet: PluginSetEntries;
  /** The args of the profile's queueSort plugin (parsed, or as written when it has no schema). */
  readonly queueSortArgs: unknown;
}

function unknownPluginMessage(name: string, registry: PluginRegistry): string {
  const near = registry.names().find((n) => n.toLowerCase() === name.toLowerCase());
  return `unknown plugin "${name}"${near !== undefined ? ` (did you mean "${near}"?)` : ''}`;
}

/**
 * Drops the enabled entries the registry does not know, reporting each: an error for an unknown plugin, a
 * warning for a legacy in-tree one. Also checks explicit weights. Returns the names every set enabled
 * (known or not) and the sets that lost an entry (or will, to a plugin enabled at a point it lacks).
 */
function keepRegistered(
  merged: Readonly<Record<PluginSetKey, PluginSetEntries>>,
  pluginsPath: FieldPath,
  ctx: ProfileContext,
): { known: Record<PluginSetKey, PluginSetEntries>; requested: Set<string>; incomplete: Set<PluginSetKey> } {
  const { registry, apiVersion, problems } = ctx;
  const known = {} as Record<PluginSetKey, PluginSetEntries>;
  const requested = new Set<string>();
  const incomplete = new Set<PluginSetKey>();
  for (const key of PLUGIN_SET_KEYS) {
    const enabled: EnabledPlugin[] = [];
    for (const p of merged[key].enabled) {
      requested.add(p.name);
      const at: FieldPath = p.path ? [...p.path, 'name'] : [...pluginsPath, key];
      if (INVALID_PLUGINS[apiVersion]?.has(p.name)) {
        problems.error(at, `plugin "${p.name}" was removed in version "${apiVersion}"`);
        incomplete.add(key);
      } else if (registry.has(p.name)) {
        enabled.push(p);
        // expandPluginSets reports it; the point's count checks would only repeat it.
        if (key !== 'multiPoint' && !registry.get(p.name)!.points.has(key)) incomplete.add(key);
      } else if (LEGACY_IN_TREE_PLUGINS.has(p.name)) {
        problems.warn(
          at,
          `in-tree plugin "${p.name}" is not implemented by peapod (a no-op under CSI migration); ignored`,
        );
      } else if (UPSTREAM_IN_TREE_PLUGINS.has(p.name)) {
        // A valid upstream configuration stays loadable while peapod grows its plugin set.
        problems.warn(at, `in-tree plugin "${p.name}" is not implemented by peapod yet; ignored`);
      } else {
        problems.error(at, unknownPluginMessage(p.name, registry));
        incomplete.add(key);
      }
      if (p.path && p.weight !== 0 && (p.weight < MIN_SCORE_WEIGHT || p.weight > MAX_SCORE_WEIGHT)) {
        problems.error(
          [...p.path, 'weight'],
          `must be between ${MIN_SCORE_WEIGHT} and ${MAX_SCORE_WEIGHT} (0 or unset means 1), got ${p.weight}`,
        );
      }
    }
    known[key] = { enabled, disabled: merged[key].disabled };
  }
  return { known, requested, incomplete };
}

/**
 * One profile: upstream's defaulting (default plugins merged with the profile's), the framework's multiPoint
 * expansion and checks, and its args. Problems go to `ctx.problems`; the result is meaningful only when
 * there are none.
 */
export function resolveProfile(
  raw: RawProfile,
  index: number,
  schedulerName: string,
  ctx: ProfileContext,
): ProfileResolution {
  const { registry, problems } = ctx;
  const base: FieldPath = ['profiles', index];
  const pluginsPath: FieldPath = [...base, 'plugins'];
  const merged = mergePlugins(defaultPluginSets(registry, ctx.options), customPluginSets(raw.plugins, pluginsPath));
  const { known, requested, incomplete } = keepRegistered(merged, pluginsPath, ctx);
  const points = expandPluginSets(known, registry, pluginsPath, problems);

  // A point that lost an unknown plugin would only add a consequential error.
  const complete = (point: ExtensionPoint) => !incomplete.has(point) && !incomplete.has('multiPoint');
  if (points.queueSort.length !== 1 && complete('queueSort')) {
    const names = points.queueSort.map((p) => `"${p.name}"`).join(', ');
    problems.error(
      [...pluginsPath, 'queueSort'],
      `exactly one queueSort plugin is required, got ${points.queueSort.length}${names ? ` (${names})` : ''}`,
    );
  }
  if (points.bind.length === 0 && complete('bind')) {
    problems.error([...pluginsPath, 'bind'], 'at least one bind plugin is required');
  }

  const pct = raw.percentageOfNodesToScore;
  if (pct !== undefined && (pct < 0 || pct > 100)) {
    problems.error([...base, 'percentageOfNodesToScore'], `must be between 0 and 100, got ${pct}`);
  }

  const configs = collectPluginConfig(raw, base, problems);
  for (const [name, entry] of configs) {
    if (INVALID_PLUGINS[ctx.apiVersion]?.has(name)) {
      problems.error([...entry.path, 'name'], `plugin "${name}" was removed in version "${ctx.apiVersion}"`);
    }
  }
  const needed = new Set(PLUGIN_SET_KEYS.flatMap((key) => known[key].enabled.map((p) => p.name)));
  const parsed = parsePluginArgs(needed, requested, configs, registry, base, problems);

  const plugins: string[] = [];
  for (const point of EXTENSION_POINTS) {
    for (const p of points[point]) if (!plugins.includes(p.name)) plugins.push(p.name);
  }
  const args: Record<string, unknown> = {};
  for (const name of plugins) if (parsed.has(name)) args[name] = parsed.get(name);

  const queueSortName = points.queueSort[0]?.name;
  return {
    profile: {
      schedulerName,
      ...(pct !== undefined ? { percentageOfNodesToScore: pct } : {}),
      points,
      plugins,
      args,
    },
    queueSortSet: merged.queueSort,
    queueSortArgs:
      queueSortName === undefined ? undefined : (parsed.get(queueSortName) ?? configs.get(queueSortName)?.args),
  };
}
