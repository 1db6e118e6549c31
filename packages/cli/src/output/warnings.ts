import { type ClusterObjects, formatOrigin, summarizeIgnoredKinds } from '@peapod/core';
import type { OutputStream } from '../io.js';

/** kubectl style: `Warning: <file>: document 3 (Pod default/web-1): <message>`, then the ignored kinds. */
export function writeLoadWarnings(objects: ClusterObjects, stderr: OutputStream): void {
  for (const { origin, object, message } of objects.warnings) {
    stderr.write(`Warning: ${formatOrigin(origin)} (${object}): ${message}\n`);
  }
  const ignored = summarizeIgnoredKinds(objects.ignoredKinds);
  if (ignored !== undefined) stderr.write(`Warning: ${ignored}\n`);
}
