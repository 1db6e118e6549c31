/** Upstream plugin names (kube `plugins/names/names.go`). A leaf file: it imports nothing. */
export const PluginNames = {
  PrioritySort: 'PrioritySort',
  NodeResourcesFit: 'NodeResourcesFit',
} as const;
