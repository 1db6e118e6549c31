/**
 * Go's `int64` division: truncates toward zero. Exact for integers below 2^53 (the remainder is exact, and
 * so is the division of a multiple), where `Math.trunc(a / b)` could round a quotient just below an integer up.
 * `+ 0` turns a -0 quotient into 0, as Go has no negative zero.
 */
export function goIntDiv(a: number, b: number): number {
  return (a - (a % b)) / b + 0;
}

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
