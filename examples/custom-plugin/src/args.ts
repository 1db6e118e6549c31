import { z } from 'zod';

/** A `key=value` label, parsed once at start-up. */
export interface LabelPair {
  readonly key: string;
  readonly value: string;
}

const LABEL_PAIR = /^([^=\s]+)=([^=\s]*)$/;

const LabelPairSchema = z.string().transform((text, ctx): LabelPair => {
  const match = LABEL_PAIR.exec(text);
  if (match === null) {
    ctx.addIssue({ code: 'custom', message: `expected key=value, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return { key: match[1]!, value: match[2]! };
});

/**
 * `pluginConfig` args of NodeLabelPreference (without `kind`/`apiVersion`, which the config loader strips):
 *
 * - `avoid`: labels (`key=value`) a node must not have; Filter rejects a node with any of them.
 * - `prefer`: labels with a weight (1-100); a node's raw score is the sum of the weights of those it has,
 *   normalised so the best feasible node gets 100.
 */
export const NodeLabelPreferenceArgsSchema = z.strictObject({
  avoid: z.array(LabelPairSchema).default([]),
  prefer: z
    .array(z.strictObject({ label: LabelPairSchema, weight: z.number().int().min(1).max(100).default(1) }))
    .default([]),
});

export type NodeLabelPreferenceArgs = z.infer<typeof NodeLabelPreferenceArgsSchema>;
