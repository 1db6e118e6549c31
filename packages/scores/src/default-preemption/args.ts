import { z } from 'zod';

/**
 * `DefaultPreemptionArgs` (upstream v1 defaults and `ValidateDefaultPreemptionArgs`): the dry run looks for at
 * least `max(numNodes * minCandidateNodesPercentage / 100, minCandidateNodesAbsolute)` candidates (capped at the
 * number of potential nodes). Both may not be 0.
 */
export const DefaultPreemptionArgsSchema = z
  .strictObject({
    minCandidateNodesPercentage: z.number().int().default(10),
    minCandidateNodesAbsolute: z.number().int().default(100),
  })
  .superRefine((args, ctx) => {
    const { minCandidateNodesPercentage: percentage, minCandidateNodesAbsolute: absolute } = args;
    if (percentage < 0 || percentage > 100) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCandidateNodesPercentage'],
        message: `Invalid value: ${percentage}: not in valid range [0, 100]`,
      });
    }
    if (absolute < 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCandidateNodesAbsolute'],
        message: `Invalid value: ${absolute}: not in valid range [0, inf)`,
      });
    }
    if (percentage === 0 && absolute === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['minCandidateNodesPercentage'],
        message: 'Invalid value: 0: cannot be zero at the same time as minCandidateNodesAbsolute',
      });
      ctx.addIssue({
        code: 'custom',
        path: ['minCandidateNodesAbsolute'],
        message: 'Invalid value: 0: cannot be zero at the same time as minCandidateNodesPercentage',
      });
    }
  });
export type DefaultPreemptionArgs = z.infer<typeof DefaultPreemptionArgsSchema>;
export type DefaultPreemptionArgsInput = z.input<typeof DefaultPreemptionArgsSchema>;

/**
 * Upstream `calculateNumCandidates`: how many candidates the dry run must find among `numNodes` potential
 * nodes (int32 arithmetic, truncating division), never more than `numNodes`.
 */
export function calculateNumCandidates(numNodes: number, args: DefaultPreemptionArgs): number {
  let n = Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100);
  if (n < args.minCandidateNodesAbsolute) n = args.minCandidateNodesAbsolute;
  if (n > numNodes) n = numNodes;
  return n;
}
