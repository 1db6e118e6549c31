export * from './cycle-state.js';
export * from './define-plugin.js';
export * from './match-counts.js';
export * from './plugin.js';
export * from './pod-groups.js';
export * from './pod-info.js';
export * from './snapshot.js';
export * from './status.js';
