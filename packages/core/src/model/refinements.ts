/**
 * The refinements (`superRefine`) of the model's schemas as plain predicates, shared by the schemas and by the
 * loader's fast check (load/fast-check.ts), so the two cannot drift apart. Internal: not re-exported.
 */
import { isQuantity } from '../quantity.js';

/** What is wrong with a quantity field's value, or undefined when it is a valid non-negative quantity. */
export function quantityIssue(v: string | number): string | undefined {
  if (!isQuantity(v)) return `invalid quantity ${JSON.stringify(String(v))}`;
  if (typeof v === 'string' ? v.startsWith('-') : v < 0) {
    return `must be greater than or equal to 0, got ${JSON.stringify(String(v))}`;
  }
  return undefined;
}

/** Whether a quantity field's value is valid (no `quantityIssue`), without building a message. */
export function isValidQuantityField(v: string | number): boolean {
  return isQuantity(v) && (typeof v === 'string' ? !v.startsWith('-') : v >= 0);
}

const PERCENT_RE = /^[0-9]+%$/;

/** Whether a number or string is a valid IntOrPercent: a non-negative safe integer or `"25%"`. */
export function isIntOrPercent(v: number | string): boolean {
  return typeof v === 'number' ? Number.isSafeInteger(v) && v >= 0 : PERCENT_RE.test(v);
}

/** PodDisruptionBudget spec: minAvailable and maxUnavailable are not both set. */
export function hasOneBudget(spec: { readonly minAvailable?: unknown; readonly maxUnavailable?: unknown }): boolean {
  return spec.minAvailable == null || spec.maxUnavailable == null;
}
