export {
  type CapacityResult,
  type CapacityStop,
  type NodeReplicas,
  type PendingOutcome,
  runCapacity,
} from './capacity.js';
export {
  type Balance,
  balanceOf,
  type ComparedRun,
  type Comparison,
  compareResults,
  type Placement,
  type PlacementDifference,
  type PlacementStatus,
  type Utilisation,
  utilisationOf,
} from './compare.js';
export { type NodeSearchResult, type NodeSearchStatus, type NodeSearchStep, searchNodes } from './node-search.js';
export {
  HOSTNAME_LABEL,
  nodeCopy,
  nodeTemplateFrom,
  type ReplicaTemplate,
  type ReplicaTemplateKind,
  replicaTemplateFrom,
} from './template.js';
