export {
  COMPARE_ASPECTS,
  type CompareAspect,
  comparableMessage,
  type FieldDisagreement,
  VERIFY_FIELDS,
  type VerifyField,
} from './aspects.js';
export { type ExpectedDecision, ExpectedDecisionSchema, parseDecisionLog } from './decision-log.js';
export { formatAttemptDisagreement, formatFieldDisagreement, formatVerifySummary } from './format.js';
export {
  type AttemptDisagreement,
  type VerifyOptions,
  type VerifyReport,
  type VerifySummary,
  verifyDecisions,
} from './replay.js';
