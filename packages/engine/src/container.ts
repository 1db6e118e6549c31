import 'reflect-metadata';
import type { ClusterObjects } from '@peapod/core';
import { container } from 'tsyringe';
import { defaultProfile, type Profile } from './profile.js';
import { seededRandom } from './random.js';
import { Scheduler } from './scheduler.js';
import { Tokens } from './tokens.js';
import type { ScheduleOptions, ScheduleResult } from './types.js';

/**
 * The composition root: wires profile, random source and options into a Scheduler. Each call gets its
 * own child container, so concurrent runs with different seeds never share state.
 */
export function createScheduler(options: ScheduleOptions = {}, profile: Profile = defaultProfile()): Scheduler {
  const scope = container.createChildContainer();
  scope.register(Tokens.Options, { useValue: options });
  scope.register(Tokens.Profile, { useValue: profile });
  scope.register(Tokens.Random, { useValue: seededRandom(options.seed ?? 0) });
  return scope.resolve(Scheduler);
}

/** Schedules every pending pod of `objects` once, in PrioritySort order. */
export function scheduleCluster(objects: ClusterObjects, options: ScheduleOptions = {}): ScheduleResult {
  return createScheduler(options).run(objects);
}
