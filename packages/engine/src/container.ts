import 'reflect-metadata';
import type { ClusterObjects } from '@peapod/core';
import { container } from 'tsyringe';
import { defaultProfile, type Profile } from './profile.js';
import { type RandomSource, seededRandom } from './random.js';
import { Scheduler } from './scheduler.js';
import { Tokens } from './tokens.js';
import type { ScheduleOptions, ScheduleResult } from './types.js';

/**
 * The composition root: wires profile, random source and options into a Scheduler. Each call gets its
 * own child container, so concurrent runs with different seeds never share state. The Scheduler is built
 * by a factory rather than parameter decorators, so the sources also run under tsx/esbuild unchanged.
 */
export function createScheduler(options: ScheduleOptions = {}, profile: Profile = defaultProfile()): Scheduler {
  const scope = container.createChildContainer();
  scope.register(Tokens.Options, { useValue: options });
  scope.register(Tokens.Profile, { useValue: profile });
  scope.register(Tokens.Random, { useValue: seededRandom(options.seed ?? 0) });
  scope.register(Scheduler, {
    useFactory: (c) =>
      new Scheduler(
        c.resolve<Profile>(Tokens.Profile),
        c.resolve<RandomSource>(Tokens.Random),
        c.resolve<ScheduleOptions>(Tokens.Options),
      ),
  });
  return scope.resolve(Scheduler);
}

/** Schedules every pending pod of `objects` once, in PrioritySort order. */
export function scheduleCluster(objects: ClusterObjects, options: ScheduleOptions = {}): ScheduleResult {
  return createScheduler(options).run(objects);
}
