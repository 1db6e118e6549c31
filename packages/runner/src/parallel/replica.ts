import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  defaultSchedulerConfig,
  readSchedulerConfiguration,
  registerPluginModules,
  type Scheduler,
  type SchedulerConfig,
  schedulerConfigFrom,
} from '@peapod/engine';
import type { ReplicaRecipe } from './protocol.js';

/**
 * The scheduler configuration a recipe names: its plugin modules registered, then its configuration file read
 * (upstream's default profile without one), as `peapod schedule --plugin … --config …` builds it.
 */
export async function recipeConfig(recipe: ReplicaRecipe): Promise<SchedulerConfig> {
  const registry = createDefaultRegistry();
  await registerPluginModules(recipe.plugins ?? [], registry);
  if (recipe.config === undefined) return defaultSchedulerConfig(registry);
  return schedulerConfigFrom(
    await readSchedulerConfiguration(recipe.config, registry, DEFAULT_RESOLVE_OPTIONS),
    registry,
  );
}

/**
 * The scheduler a replica's sessions come from. Options are left at their defaults: Filter and Score read
 * none of them (the seed, tie-break, percentage and clock serve steps that stay in the main thread).
 */
export async function replicaScheduler(recipe: ReplicaRecipe): Promise<Scheduler> {
  return createScheduler({}, await recipeConfig(recipe));
}
