/** Go's arithmetic where it differs from JavaScript's; score formulas must round exactly as upstream. */

/**
 * Go's `int64` division: truncates toward zero. Exact for integers below 2^53 (the remainder is exact, and
 * so is the division of a multiple), where `Math.trunc(a / b)` could round a quotient just below an integer up.
 * `+ 0` turns a -0 quotient into 0, as Go has no negative zero.
 */
export function goIntDiv(a: number, b: number): number {
  return (a - (a % b)) / b + 0;
}

/** Go's `math.Round`: half away from zero (JavaScript's `Math.round` rounds half toward +Infinity). */
export function goRound(x: number): number {
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}
