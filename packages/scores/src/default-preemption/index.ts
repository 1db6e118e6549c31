export * from './args.js';
export * from './pdb.js';
export * from './pick-node.js';
export * from './plugin.js';
export * from './reasons.js';
export * from './select-victims.js';
