export { EXPLAIN_OPTIONS, type ExplainSettings, explainAll, explainAttempt, explainPod } from './explain.js';
export { feasibleNodes } from './filters.js';
export type * from './types.js';
export { nodeVerdict } from './verdict.js';
