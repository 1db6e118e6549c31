import {
  definePlugin,
  type FilterPlugin,
  type Handle,
  MAX_NODE_SCORE,
  type MaybeStatus,
  type ScorePlugin,
  unschedulable,
} from '@peapod/core';
import { type LabelPair, type NodeLabelPreferenceArgs, NodeLabelPreferenceArgsSchema } from './args.js';
import { ERR_REASON_AVOIDED_LABEL, NODE_LABEL_PREFERENCE } from './names.js';

/** One status object for every rejected node: no allocation in Filter. */
const AVOIDED = unschedulable(ERR_REASON_AVOIDED_LABEL);

function hasLabel(handle: Handle, node: number, label: LabelPair): boolean {
  return handle.snapshot.nodes[node]!.metadata.labels?.[label.key] === label.value;
}

/**
 * The plugin instance for parsed args. Filter rejects nodes carrying an avoided label; Score sums the
 * weights of the preferred labels a node carries, and NormalizeScore scales the best feasible node to 100
 * (as upstream's NodeAffinity does with preferred terms). Both are pure and read only node labels.
 */
export function nodeLabelPreference(args: NodeLabelPreferenceArgs): FilterPlugin & ScorePlugin {
  const { avoid, prefer } = args;
  return {
    name: NODE_LABEL_PREFERENCE,
    filter(_state, _pod, node, handle): MaybeStatus {
      for (const label of avoid) if (hasLabel(handle, node, label)) return AVOIDED;
      return null;
    },
    score(_state, _pod, node, handle): number {
      let sum = 0;
      for (const { label, weight } of prefer) if (hasLabel(handle, node, label)) sum += weight;
      return sum;
    },
    normalizeScore(_state, _pod, _feasibleNodes, scores): MaybeStatus {
      let max = 0;
      for (const s of scores) if (s > max) max = s;
      if (max === 0) return null;
      for (let i = 0; i < scores.length; i++) scores[i] = Math.floor((scores[i]! * MAX_NODE_SCORE) / max);
      return null;
    },
  } satisfies FilterPlugin & ScorePlugin;
}

/** The descriptor `peapod --plugin` loads and `PluginRegistry.register` takes. */
export const nodeLabelPreferencePlugin = definePlugin({
  name: NODE_LABEL_PREFERENCE,
  points: ['filter', 'score'],
  argsSchema: NodeLabelPreferenceArgsSchema,
  create: (args) => nodeLabelPreference(args),
});
