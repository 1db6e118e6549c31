import { z } from 'zod';

/**
 * InterPodAffinity's plugin args (upstream `InterPodAffinityArgs`, v1 defaulting and `ValidateInterPodAffinityArgs`).
 * The filter half takes none; both fields belong to the score half.
 * - `hardPodAffinityWeight`: what each REQUIRED affinity term of an existing pod that selects the incoming pod adds
 *   to its topology domain (the "symmetric" part of required affinity). 0..100, default 1; 0 turns it off.
 * - `ignorePreferredTermsOfExistingPods` (a v1.27 field, accepted here): when the incoming pod has no preferred
 *   (anti-)affinity terms, do not score at all, instead of scoring by the existing pods' terms. Default false.
 */
export const InterPodAffinityArgsSchema = z.strictObject({
  hardPodAffinityWeight: z.number().int().min(0).max(100).default(1),
  ignorePreferredTermsOfExistingPods: z.boolean().default(false),
});

/** The parsed args, defaults applied. */
export type InterPodAffinityArgs = z.infer<typeof InterPodAffinityArgsSchema>;

/** The args as a caller may write them (every field optional). */
export type InterPodAffinityArgsInput = z.input<typeof InterPodAffinityArgsSchema>;
