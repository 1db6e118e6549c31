import {
  type MaybeStatus,
  NODE_NAME_FIELD,
  type NodeSelectorTerm,
  type PreFilterResult,
  unresolvable,
} from '@peapod/core';
import { ReasonNodeAffinityConflict } from '../reasons.js';

const CONFLICT = Object.freeze(unresolvable(ReasonNodeAffinityConflict));

/**
 * The nodes a pod's required node affinity pins it to by name (upstream v1.26 NodeAffinity PreFilter), as
 * DaemonSet pods do with `matchFields: [{key: metadata.name, operator: In, values: [node]}]`:
 * - a term without a `metadata.name In` requirement can match any node, so nothing is narrowed (null);
 * - within a term, the values of its `metadata.name In` requirements are intersected (they are ANDed);
 * - across terms, the per-term sets are united (terms are ORed).
 * v1.26 rejects the pod (`pod affinity terms conflict`, UnschedulableAndUnresolvable) as soon as one term's
 * intersection is empty, even if a later term could match; v1.27 (k/k#116465) only when every term's is.
 * Terms are read in order, so a term without `metadata.name` before the empty one wins (null).
 * `terms` must not be empty.
 */
export function requiredNodeNames(terms: readonly NodeSelectorTerm[]): MaybeStatus | PreFilterResult {
  const names = new Set<string>();
  for (const term of terms) {
    let termNames: Set<string> | undefined;
    for (const r of term.matchFields ?? []) {
      if (r.key !== NODE_NAME_FIELD || r.operator !== 'In') continue;
      const values = r.values ?? [];
      termNames = termNames === undefined ? new Set(values) : new Set(values.filter((v) => termNames!.has(v)));
    }
    if (termNames === undefined) return null;
    if (termNames.size === 0) return CONFLICT;
    for (const name of termNames) names.add(name);
  }
  return { nodeNames: names };
}
