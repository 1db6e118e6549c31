import { IntOrPercentSchema } from '../model/int-or-string.js';
import { QuantitySchema } from '../model/meta.js';
import { PodDisruptionBudgetSpecSchema } from '../model/pod-disruption-budget.js';
import { hasOneBudget, isIntOrPercent, isValidQuantityField } from '../model/refinements.js';
import { type FastCheck, FastCheckCompiler, type RefinementPredicate } from './fast-check.js';
import { type KindInfo, SUPPORTED_KINDS } from './kinds.js';

/** Every refined schema of the model, with the predicate its refinement stands for. */
export const MODEL_REFINEMENTS: ReadonlyMap<object, RefinementPredicate> = new Map<object, RefinementPredicate>([
  [QuantitySchema, isValidQuantityField],
  [IntOrPercentSchema, isIntOrPercent],
  [PodDisruptionBudgetSpecSchema, hasOneBudget],
]);

let byKind: ReadonlyMap<KindInfo, FastCheck> | undefined;

/** The fast check of a supported kind's schema; all kinds are compiled together on first use. */
export function fastCheckOf(info: KindInfo): FastCheck {
  if (byKind === undefined) {
    const kinds = [...SUPPORTED_KINDS.values()];
    const checks = new FastCheckCompiler(MODEL_REFINEMENTS).compileAll(kinds.map((k) => k.schema));
    byKind = new Map(kinds.map((k, i) => [k, checks[i]!]));
  }
  return byKind.get(info) ?? (() => false);
}
