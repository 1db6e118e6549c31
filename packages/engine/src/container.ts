import 'reflect-metadata';
import type { ClusterObjects } from '@peapod/core';
import { container } from 'tsyringe';
import { createDefaultRegistry } from './default-registry.js';
import { defaultProfileSpec } from './defaults.js';
import { type RandomSource, seededRandom } from './random.js';
import { Scheduler, type SchedulerConfig } from './scheduler.js';
import { Tokens } from './tokens.js';
import type { ScheduleOptions, ScheduleResult } from './types.js';

/** Upstream's defaults: the in-tree registry, one `default-scheduler` profile, adaptive node percentage. */
export function defaultSchedulerConfig(): SchedulerConfig {
  const registry = createDefaultRegistry();
  return { registry, profiles: [defaultProfileSpec(registry)], percentageOfNodesToScore: 0 };
}

/**
 * The composition root: wires configuration, random source and options into a Scheduler. Each call gets
 * its own child container, so concurrent runs with different seeds never share state. The Scheduler is
 * built by a factory rather than parameter decorators, so the sources also run under tsx/esbuild unchanged.
 */
export function createScheduler(
  options: ScheduleOptions = {},
  config: SchedulerConfig = defaultSchedulerConfig(),
): Scheduler {
  const scope = container.createChildContainer();
  scope.register(Tokens.Options, { useValue: options });
  scope.register(Tokens.Config, { useValue: config });
  scope.register(Tokens.Random, { useValue: seededRandom(options.seed ?? 0) });
  scope.register(Scheduler, {
    useFactory: (c) =>
      new Scheduler(
        c.resolve<SchedulerConfig>(Tokens.Config),
        c.resolve<RandomSource>(Tokens.Random),
        c.resolve<ScheduleOptions>(Tokens.Options),
      ),
  });
  return scope.resolve(Scheduler);
}

/** Schedules every pending pod of `objects` once, in PrioritySort order, with the default profile. */
export function scheduleCluster(objects: ClusterObjects, options: ScheduleOptions = {}): ScheduleResult {
  return createScheduler(options).run(objects);
}
