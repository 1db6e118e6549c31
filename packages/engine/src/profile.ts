import type {
  BindPlugin,
  FilterPlugin,
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
} from '@peapod/core';

export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** The plugin instances of one scheduler profile at each extension point, in the order they run. */
export interface Profile {
  readonly schedulerName: string;
  /** 0 = upstream's adaptive percentage; undefined = the scheduler-wide setting. */
  readonly percentageOfNodesToScore?: number;
  readonly preEnqueue: readonly PreEnqueuePlugin[];
  readonly queueSort: QueueSortPlugin;
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly postFilter: readonly PostFilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly WeightedScorePlugin[];
  readonly reserve: readonly ReservePlugin[];
  readonly permit: readonly PermitPlugin[];
  readonly preBind: readonly PreBindPlugin[];
  readonly bind: readonly BindPlugin[];
  readonly postBind: readonly PostBindPlugin[];
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
