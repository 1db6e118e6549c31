/**
 * The error catalog: every thrown error is a PeapodError with a stable code. Expected outcomes (a node
 * that does not fit, an unschedulable pod) are returned as data, never thrown.
 */

export const ErrorCodes = {
  /** A manifest could not be read (missing file, unreadable folder, bad gzip). */
  InputRead: 'PEAPOD_INPUT_READ',
  /** A document is not valid YAML or JSON. */
  InputSyntax: 'PEAPOD_INPUT_SYNTAX',
  /** An object failed validation (wrong type, bad quantity, missing name...). */
  InputInvalid: 'PEAPOD_INPUT_INVALID',
  /** The objects are valid one by one but contradict each other (duplicates, dangling references). */
  InputInconsistent: 'PEAPOD_INPUT_INCONSISTENT',
  /** A command-line flag or argument is wrong. */
  Usage: 'PEAPOD_USAGE',
  /** Scheduler configuration is invalid. */
  Config: 'PEAPOD_CONFIG',
  /** A bug: an invariant of the engine did not hold. */
  Internal: 'PEAPOD_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export class PeapodError extends Error {
  override readonly name = 'PeapodError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPeapodError(e: unknown): e is PeapodError {
  return e instanceof PeapodError;
}
