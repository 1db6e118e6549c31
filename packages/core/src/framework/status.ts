/**
 * The outcome of running a plugin, as plain data (it survives JSON, logs and worker threads).
 * Codes are kube-scheduler's. Plugins never set `plugin`; the framework does, in one place.
 */
export type StatusCode =
  | 'Success'
  | 'Error'
  | 'Unschedulable'
  | 'UnschedulableAndUnresolvable'
  | 'Wait'
  | 'Skip'
  | 'Pending';

export interface Status {
  readonly code: StatusCode;
  readonly reasons: readonly string[];
  /** Name of the plugin that returned it; filled in by the framework. */
  readonly plugin?: string;
}

/** `null` is success, as a nil *Status is upstream; it keeps the hot path allocation-free. */
export type MaybeStatus = Status | null;

export function status(code: StatusCode, ...reasons: string[]): Status {
  return { code, reasons };
}

export function unschedulable(...reasons: string[]): Status {
  return { code: 'Unschedulable', reasons };
}

export function unresolvable(...reasons: string[]): Status {
  return { code: 'UnschedulableAndUnresolvable', reasons };
}

export function errorStatus(message: string): Status {
  return { code: 'Error', reasons: [message] };
}

export function isSuccess(s: MaybeStatus): boolean {
  return s === null || s.code === 'Success';
}

/** Unschedulable or UnschedulableAndUnresolvable: the pod does not fit; anything else non-success is a fault. */
export function isRejection(s: MaybeStatus): boolean {
  return s !== null && (s.code === 'Unschedulable' || s.code === 'UnschedulableAndUnresolvable');
}
