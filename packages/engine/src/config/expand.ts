import { EXTENSION_POINTS, type ExtensionPoint, type PluginRegistry } from '../registry.js';
import type { EnabledPlugin, PluginSets } from './plugin-sets.js';
import type { FieldPath, ProblemList } from './problems.js';
import type { ConfiguredPlugin } from './types.js';

function namePath(p: EnabledPlugin, fallback: FieldPath): FieldPath {
  return p.path ? [...p.path, 'name'] : fallback;
}

/**
 * The framework's plugin lists for one extension point (upstream runtime/framework.go `updatePluginList`
 * then `expandMultiPointPlugins`). Every name in `sets` must be registered (the caller drops the others).
 *
 * - A plugin enabled at the point itself must implement it and be enabled there once.
 * - Unless the point disables `*`, each multiPoint plugin that implements the point joins it, except where
 *   the point disables it by name, or enables it itself (an override: the point's own entry wins).
 * - Order: overridden plugins (in the point's order), then multiPoint plugins, then the point's other plugins.
 */
function expandPoint(
  point: ExtensionPoint,
  sets: PluginSets,
  registry: PluginRegistry,
  setsPath: FieldPath,
  problems: ProblemList,
): string[] {
  const implementsPoint = (name: string) => registry.get(name)?.points.has(point) === true;
  const specific: string[] = [];
  for (const p of sets[point].enabled) {
    if (!implementsPoint(p.name)) {
      problems.error(namePath(p, [...setsPath, point]), `plugin "${p.name}" does not implement ${point}`);
    } else if (specific.includes(p.name)) {
      problems.error(namePath(p, [...setsPath, point]), `plugin "${p.name}" is enabled more than once at ${point}`);
    } else {
      specific.push(p.name);
    }
  }
  const disabled = new Set(sets[point].disabled);
  if (disabled.has('*') || sets.multiPoint.enabled.length === 0) return specific;

  const overrides = new Set<string>();
  const fromMultiPoint: string[] = [];
  for (const p of sets.multiPoint.enabled) {
    if (!implementsPoint(p.name) || disabled.has(p.name)) continue;
    if (specific.includes(p.name)) {
      overrides.add(p.name);
    } else if (fromMultiPoint.includes(p.name)) {
      problems.error(namePath(p, [...setsPath, 'multiPoint']), `plugin "${p.name}" is enabled more than once`);
    } else {
      fromMultiPoint.push(p.name);
    }
  }
  return [
    ...specific.filter((name) => overrides.has(name)),
    ...fromMultiPoint,
    ...specific.filter((name) => !overrides.has(name)),
  ];
}

/**
 * Score weights as upstream's `getScoreWeights`: the first of the score point's own entries, then the
 * multiPoint entries, that names a plugin decides its weight; an unset (0) weight is 1. So a plugin enabled
 * at score without a weight gets 1 even if its multiPoint entry has one.
 */
function scoreWeights(sets: PluginSets, registry: PluginRegistry): Map<string, number> {
  const weights = new Map<string, number>();
  for (const p of [...sets.score.enabled, ...sets.multiPoint.enabled]) {
    if (weights.has(p.name) || registry.get(p.name)?.points.has('score') !== true) continue;
    weights.set(p.name, p.weight === 0 ? 1 : p.weight);
  }
  return weights;
}

/** Every extension point's plugins, score entries with their weights; problems go to `problems`. */
export function expandPluginSets(
  sets: PluginSets,
  registry: PluginRegistry,
  setsPath: FieldPath,
  problems: ProblemList,
): Record<ExtensionPoint, ConfiguredPlugin[]> {
  const weights = scoreWeights(sets, registry);
  const points = {} as Record<ExtensionPoint, ConfiguredPlugin[]>;
  for (const point of EXTENSION_POINTS) {
    const names = expandPoint(point, sets, registry, setsPath, problems);
    points[point] =
      point === 'score'
        ? names.map((name) => ({ name, weight: weights.get(name) ?? 1 }))
        : names.map((name) => ({ name }));
  }
  return points;
}
