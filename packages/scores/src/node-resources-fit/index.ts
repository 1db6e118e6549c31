export {
  DEFAULT_SCORING_RESOURCES,
  nodeRequested,
  type ResourceWeight,
  type ScoredResources,
  scoredResources,
  scoringCpuRequest,
  scoringPodRequest,
} from './resource-allocation.js';
export { type NodeResourcesFitScoreArgs, nodeResourcesFitScore } from './score.js';
export {
  brokenLinearFunction,
  leastAllocatedScorer,
  leastRequestedScore,
  MAX_CUSTOM_PRIORITY_SCORE,
  mostAllocatedScorer,
  mostRequestedScore,
  type ResourceScorer,
  requestedToCapacityRatioScorer,
  type ScoringStrategyType,
  type UtilizationShapePoint,
} from './strategies.js';
