import { ErrorCodes, formatFieldPath, PeapodError } from '@peapod/core';
import { z } from 'zod';

const count = z.number().int().min(0);
const podKey = z.string().regex(/^[^/]+\/[^/]+$/, 'expected "namespace/name"');
const scoreMap = z.record(z.string(), z.number());

/**
 * One line of a decision log (the fidelity corpus's `expected.jsonl`): one scheduling attempt as the real
 * kube-scheduler made it. Fields that do not apply are left out. Unknown fields are accepted and ignored,
 * so logs with more detail, and peapod's own `schedule -o jsonl` output (`node: null`, `scores` instead of
 * `pluginScores`), verify as they are.
 */
export const ExpectedDecisionSchema = z
  .looseObject({
    /** 0-based attempt counter over the whole run. */
    seq: count,
    /** 0-based position of the pod among the pending pods of the cluster file. */
    index: count,
    /** `namespace/name` */
    pod: podKey,
    /** 1, or 2 for the immediate retry after a preemption. */
    attempt: z.number().int().min(1),
    scheduled: z.boolean(),
    /** The chosen node (scheduled attempts only). */
    node: z.string().min(1).nullable().optional(),
    evaluatedNodes: count.optional(),
    feasibleNodes: count.optional(),
    allFeasibleNodes: count.optional(),
    topNodes: z.array(z.string()).optional(),
    topScore: z.number().optional(),
    /** The chosen node's weighted score per score plugin. */
    pluginScores: scoreMap.optional(),
    /** peapod's name for `pluginScores` (`schedule -o jsonl`); used when `pluginScores` is absent. */
    scores: scoreMap.optional(),
    reason: z.string().optional(),
    message: z.string().optional(),
    reasonCounts: z.record(z.string(), count).optional(),
    unschedulablePlugins: z.array(z.string()).optional(),
    /** Node nominated by a successful preemption; the pod is retried at once. */
    nominatedNode: z.string().min(1).optional(),
    /** Sorted `namespace/name` of the pods the preemption evicted. */
    victims: z.array(podKey).optional(),
    preemptionTopNodes: z.array(z.string()).optional(),
  })
  .superRefine((d, ctx) => {
    if (d.scheduled && (d.node === undefined || d.node === null)) {
      ctx.addIssue({ code: 'custom', path: ['node'], message: 'node is required when scheduled is true' });
    }
  });

export type ExpectedDecision = z.output<typeof ExpectedDecisionSchema>;

/** At most this many problems are listed in one error; the rest are counted. */
const MAX_LISTED_PROBLEMS = 20;

interface Problem {
  readonly code: typeof ErrorCodes.InputSyntax | typeof ErrorCodes.InputInvalid;
  readonly message: string;
}

/**
 * Parses a decision log: one JSON object per line, blank lines ignored. Every problem is reported with
 * the file and the 1-based line (`decisions.jsonl: line 3: invalid JSON: ...`); a log with problems throws
 * one PeapodError (InputSyntax when the first problem is bad JSON, InputInvalid otherwise) listing them.
 */
export function parseDecisionLog(text: string, file: string): ExpectedDecision[] {
  const decisions: ExpectedDecision[] = [];
  const problems: Problem[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const where = `${file}: line ${i + 1}`;
    let line = lines[i]!;
    if (i === 0 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      problems.push({ code: ErrorCodes.InputSyntax, message: `${where}: invalid JSON: ${reason}` });
      continue;
    }
    const parsed = ExpectedDecisionSchema.safeParse(value);
    if (parsed.success) {
      decisions.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      const path = formatFieldPath(issue.path);
      problems.push({ code: ErrorCodes.InputInvalid, message: `${where}: ${path ? `${path}: ` : ''}${issue.message}` });
    }
  }
  const [first] = problems;
  if (first === undefined) return decisions;
  if (problems.length === 1) throw new PeapodError(first.code, first.message);
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ${p.message}`);
  const more = problems.length - MAX_LISTED_PROBLEMS;
  if (more > 0) listed.push(`  ... and ${more} more`);
  throw new PeapodError(first.code, [`${problems.length} problems in ${file}:`, ...listed].join('\n'));
}
