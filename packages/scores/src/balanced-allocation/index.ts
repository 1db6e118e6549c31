export {
  balancedResourceScore,
  type NodeResourcesBalancedAllocationArgs,
  nodeResourcesBalancedAllocationScore,
} from './score.js';
