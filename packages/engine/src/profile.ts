import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, QueueSortPlugin, ScorePlugin } from '@peapod/core';
import { nodeResourcesFitFilter } from '@peapod/filters';
import { nodeResourcesFitScore, prioritySort } from '@peapod/scores';

export interface WeightedScorePlugin {
  readonly plugin: ScorePlugin;
  readonly weight: number;
}

/** The plugins of one scheduler profile at each extension point, in the order they run. */
export interface Profile {
  readonly schedulerName: string;
  readonly queueSort: QueueSortPlugin;
  readonly preFilter: readonly PreFilterPlugin[];
  readonly filter: readonly FilterPlugin[];
  readonly preScore: readonly PreScorePlugin[];
  readonly score: readonly WeightedScorePlugin[];
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/**
 * The default profile as far as peapod implements it today: PrioritySort and NodeResourcesFit
 * (filter, and LeastAllocated score with weight 1). Later plugins join here in upstream's order.
 */
export function defaultProfile(): Profile {
  const fitFilter = nodeResourcesFitFilter();
  const fitScore = nodeResourcesFitScore();
  return {
    schedulerName: DEFAULT_SCHEDULER_NAME,
    queueSort: prioritySort(),
    preFilter: [fitFilter],
    filter: [fitFilter],
    preScore: [fitScore],
    score: [{ plugin: fitScore, weight: 1 }],
  };
}
