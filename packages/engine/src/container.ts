import 'reflect-metadata';
import type { ClusterObjects } from '@peapod/core';
import { container } from 'tsyringe';
import { defaultConfiguration, type ResolvedConfiguration, type ResolveOptions } from './config/index.js';
import { createDefaultRegistry } from './default-registry.js';
import { type RandomSource, seededRandom } from './random.js';
import type { PluginRegistry } from './registry.js';
import { Scheduler, type SchedulerConfig } from './scheduler.js';
import { Tokens } from './tokens.js';
import type { ScheduleOptions, ScheduleResult } from './types.js';

/**
 * Feature gates peapod turns on by default: scheduling gates are honoured (PodSchedulingReadiness, GA in
 * v1.30). In v1.26 the gate was off and the API server dropped `spec.schedulingGates`, so a v1.26 cluster
 * dump never carries them; honouring them changes nothing for such input.
 */
export const DEFAULT_RESOLVE_OPTIONS: ResolveOptions = { featureGates: { PodSchedulingReadiness: true } };

/** A Scheduler configuration from a resolved KubeSchedulerConfiguration. */
export function schedulerConfigFrom(configuration: ResolvedConfiguration, registry: PluginRegistry): SchedulerConfig {
  return {
    registry,
    profiles: configuration.profiles,
    percentageOfNodesToScore: configuration.percentageOfNodesToScore,
  };
}

/** Upstream's defaults: the in-tree registry, one `default-scheduler` profile, adaptive node percentage. */
export function defaultSchedulerConfig(registry: PluginRegistry = createDefaultRegistry()): SchedulerConfig {
  return schedulerConfigFrom(defaultConfiguration(registry, DEFAULT_RESOLVE_OPTIONS), registry);
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
