import {
  createDefaultRegistry,
  createScheduler,
  DEFAULT_RESOLVE_OPTIONS,
  defaultSchedulerConfig,
  readSchedulerConfiguration,
  registerPluginModules,
  type Scheduler,
  schedulerConfigFrom,
} from '@peapod/engine';
import type { ReplicaRecipe } from './protocol.js';

/**
 * The scheduler a replica's sessions come from: the recipe's plugin modules, then its configuration, as
 * `peapod schedule --plugin … --config …` builds them. Options are left at their defaults: Filter and Score
 * read none of them (the seed, tie-break, percentage and clock serve steps that stay in the main thread).
 */
export async function replicaScheduler(recipe: ReplicaRecipe): Promise<Scheduler> {
  const registry = createDefaultRegistry();
  await registerPluginModules(recipe.plugins ?? [], registry);
  const config =
    recipe.config === undefined
      ? defaultSchedulerConfig(registry)
      : schedulerConfigFrom(
          await readSchedulerConfiguration(recipe.config, registry, DEFAULT_RESOLVE_OPTIONS),
          registry,
        );
  return createScheduler({}, config);
}
