export {
  defaultConfiguration,
  loadSchedulerConfiguration,
  parseConfigurationText,
  readSchedulerConfiguration,
} from './load.js';
export {
  DEFAULT_MULTI_POINT_PLUGINS,
  type EnabledPlugin,
  LEGACY_IN_TREE_PLUGINS,
  mergePluginSet,
  mergePlugins,
  PLUGIN_SET_KEYS,
  type PluginSetEntries,
  type PluginSets,
  UPSTREAM_IN_TREE_PLUGINS,
} from './plugin-sets.js';
export { MAX_SCORE_WEIGHT, MIN_SCORE_WEIGHT } from './profile.js';
export { resolveSchedulerConfiguration } from './resolve.js';
export { SchedulerConfigurationSchema } from './schema.js';
export * from './types.js';
