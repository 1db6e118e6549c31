import type { Node, Taint } from '@peapod/core';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE } from '../api/admission.js';
import type { NodeCondition } from '../api/types.js';

export function nodeConditions(node: Node): NodeCondition[] {
  return (node.status?.conditions ?? []) as NodeCondition[];
}

/** The Ready condition's status: `True`, `False`, `Unknown`, or undefined before the kubelet reported. */
export function nodeReady(node: Node): NodeCondition['status'] | undefined {
  return nodeConditions(node).find((c) => c.type === 'Ready')?.status;
}

export function nodeTaints(node: Node): Taint[] {
  return node.spec?.taints ?? [];
}

const CONDITION_TAINT_KEYS = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE]);

/**
 * The taints the node lifecycle controller keeps in step with a node's state: the NoSchedule ones of
 * TaintNodesByCondition, and the NoExecute ones of taint-based eviction when `withNoExecute`.
 */
export function conditionTaints(
  node: Node,
  withNoExecute: boolean,
): { key: string; effect: 'NoSchedule' | 'NoExecute' }[] {
  const ready = nodeReady(node);
  const keys: string[] = [];
  if (ready === 'False') keys.push(TAINT_NOT_READY);
  if (ready === 'Unknown') keys.push(TAINT_UNREACHABLE);
  const taints: { key: string; effect: 'NoSchedule' | 'NoExecute' }[] = keys.map((key) => ({
    key,
    effect: 'NoSchedule',
  }));
  if (node.spec?.unschedulable) taints.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  if (withNoExecute) for (const key of keys) taints.push({ key, effect: 'NoExecute' });
  return taints;
}

/**
 * The node's taints with the controller-managed ones of `effects` replaced by `wanted`; taints set by hand
 * stay. Returns undefined when nothing changes. New taints get `timeAdded`.
 */
export function replaceManagedTaints(
  node: Node,
  wanted: readonly { key: string; effect: 'NoSchedule' | 'NoExecute' }[],
  effects: ReadonlySet<string>,
  now: string,
): Taint[] | undefined {
  const current = nodeTaints(node);
  const managed = (t: Taint) => CONDITION_TAINT_KEYS.has(t.key) && effects.has(t.effect);
  const kept = current.filter((t) => !managed(t) || wanted.some((w) => w.key === t.key && w.effect === t.effect));
  const added = wanted
    .filter((w) => effects.has(w.effect) && !current.some((t) => t.key === w.key && t.effect === w.effect))
    .map((w) => ({ key: w.key, effect: w.effect, timeAdded: now }));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
