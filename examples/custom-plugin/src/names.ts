/** The plugin's name, as a KubeSchedulerConfiguration enables it, and its reason string. Imports nothing. */
export const NODE_LABEL_PREFERENCE = 'NodeLabelPreference';

/** Why Filter rejects a node, in the `0/N nodes are available: ...` message. */
export const ERR_REASON_AVOIDED_LABEL = 'node(s) had a label the scheduler avoids';
