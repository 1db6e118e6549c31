import { formatFieldPath } from '@peapod/core';
import type { z } from 'zod';

export type FieldPath = readonly PropertyKey[];

/**
 * Collects every problem of one configuration, each as `path: message` (upstream's field.Path spelling),
 * so that a user sees them all at once. Identical lines are kept once.
 */
export class ProblemList {
  readonly errors: string[] = [];
  readonly warnings: string[] = [];
  private readonly seen = new Set<string>();

  error(path: FieldPath | undefined, message: string): void {
    this.add(this.errors, path, message);
  }

  warn(path: FieldPath | undefined, message: string): void {
    this.add(this.warnings, path, message);
  }

  /** Adds the issues of a failed zod parse, each under `base`. */
  zodIssues(base: FieldPath, issues: readonly z.core.$ZodIssue[]): void {
    for (const issue of issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.error([...base, ...issue.path, key], 'unknown field');
      } else {
        this.error([...base, ...issue.path], issue.message);
      }
    }
  }

  private add(list: string[], path: FieldPath | undefined, message: string): void {
    const where = path === undefined ? '' : formatFieldPath(path);
    const line = where === '' ? message : `${where}: ${message}`;
    const key = `${list === this.errors ? 'E' : 'W'}${line}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    list.push(line);
  }
}

/** A short rendering of a value found in the input, for "got ..." messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: 'an array',
  object: 'an object',
  record: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
};

/** A zod error map wording issues as peapod's manifest loader does (`expected an integer, got "x"`). */
export function issueText(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'required value';
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
    case 'invalid_value':
      if (iss.input === undefined) return 'required value';
      if (iss.values.length === 1) return `expected ${JSON.stringify(iss.values[0])}, got ${describeValue(iss.input)}`;
      return `unsupported value ${describeValue(iss.input)}, expected one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (iss.origin === 'array') return `must have at least ${String(iss.minimum)} item(s)`;
      if (iss.origin === 'string') return 'must not be empty';
      return `must be greater than ${iss.inclusive ? 'or equal to ' : ''}${String(iss.minimum)}, got ${describeValue(iss.input)}`;
    case 'too_big':
      if (iss.origin === 'array') return `must have at most ${String(iss.maximum)} items`;
      return `must be less than ${iss.inclusive ? 'or equal to ' : ''}${String(iss.maximum)}, got ${describeValue(iss.input)}`;
    default:
      return undefined;
  }
}
