export * from './cluster-objects.js';
export { formatObjectRef, formatOrigin, type RefMeta, summarizeIgnoredKinds } from './format.js';
export { formatFieldPath, issueMessage } from './issues.js';
export { type KindInfo, SUPPORTED_KINDS } from './kinds.js';
export { type LoadManifestsOptions, loadManifests, parseManifests, STDIN_NAME } from './manifests.js';
export { parseDocuments } from './parse-text.js';
export { podPortWarnings } from './pod-warnings.js';
