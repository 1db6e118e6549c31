import { goIntDiv } from './go-math.js';

/**
 * Upstream `helper.DefaultNormalizeScore` (`plugins/helper/normalize_score.go`): scales `scores` in place so
 * that the highest becomes `maxPriority` (`maxPriority * score / max`, int64 division), then, when `reverse`,
 * replaces each with `maxPriority - score`. The max starts at 0, so negative scores never raise it. When the
 * max is 0 every score becomes `maxPriority` if `reverse`, and the scores are left as they are otherwise.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    const score = goIntDiv(maxPriority * scores[i]!, maxCount);
    scores[i] = reverse ? maxPriority - score : score;
  }
}
