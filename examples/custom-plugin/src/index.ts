export { type LabelPair, type NodeLabelPreferenceArgs, NodeLabelPreferenceArgsSchema } from './args.js';
export { ERR_REASON_AVOIDED_LABEL, NODE_LABEL_PREFERENCE } from './names.js';
/** What `peapod schedule --plugin <this module>` registers. */
export {
  nodeLabelPreference,
  nodeLabelPreferencePlugin,
  nodeLabelPreferencePlugin as plugin,
} from './node-label-preference.js';
