import { type NodeAffinity, NodeAffinitySchema, nodeSelectorProblems, nodeSelectorTermProblems } from '@peapod/core';
import { z } from 'zod';

/** A problem of the plugin's args, with the path of the field it is in. */
export interface NodeAffinityArgsProblem {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

const ADDED_AFFINITY_FIELDS: ReadonlySet<string> = new Set([
  'requiredDuringSchedulingIgnoredDuringExecution',
  'preferredDuringSchedulingIgnoredDuringExecution',
]);

/**
 * What upstream `ValidateNodeAffinityArgs` rejects in `addedAffinity`: the parse errors of the required node
 * selector (`nodeaffinity.NewNodeSelector`) and of every preferred term's preference
 * (`NewPreferredSchedulingTerms`, which skips weight-0 and empty terms). Unknown fields are also reported, as the
 * scheduler's strict config decoding does.
 */
export function nodeAffinityArgsProblems(addedAffinity: NodeAffinity | null | undefined): NodeAffinityArgsProblem[] {
  if (addedAffinity == null) return [];
  const problems: NodeAffinityArgsProblem[] = [];
  for (const key of Object.keys(addedAffinity)) {
    if (!ADDED_AFFINITY_FIELDS.has(key)) problems.push({ path: ['addedAffinity', key], message: 'unknown field' });
  }
  const required = addedAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (required != null) {
    const path = ['addedAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'];
    for (const message of nodeSelectorProblems(required)) problems.push({ path, message });
  }
  (addedAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
    const path = ['addedAffinity', 'preferredDuringSchedulingIgnoredDuringExecution', i];
    for (const message of nodeSelectorTermProblems(term.preference, 'preference')) problems.push({ path, message });
  });
  return problems;
}

/**
 * NodeAffinity plugin args (upstream `NodeAffinityArgs`): `addedAffinity` is enforced on every pod the profile
 * schedules, on top of the pod's own node affinity (required terms filter, preferred terms score).
 */
export const NodeAffinityArgsSchema = z
  .strictObject({
    addedAffinity: NodeAffinitySchema.nullish(),
  })
  .superRefine((args, ctx) => {
    for (const { path, message } of nodeAffinityArgsProblems(args.addedAffinity)) {
      ctx.addIssue({ code: 'custom', path: [...path], message });
    }
  });

export type NodeAffinityArgs = z.infer<typeof NodeAffinityArgsSchema>;
