import type { z } from 'zod';

const IDENTIFIER_RE = /^[A-Za-z_$][\w$]*$/;

/**
 * A field path as Kubernetes prints it: `spec.containers[0].resources.requests.cpu`. Map keys that are not
 * identifiers go in brackets, unquoted, as upstream's `field.Path.Key` does: `requests[example.com/gpu]`.
 */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && IDENTIFIER_RE.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${String(key)}]`;
  }
  return out;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  array: 'an array',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'a boolean',
  null: 'null',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

/** A short rendering of a value found in the input, for "got ..." messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  return String(v);
}

function quoteList(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function lastKey(path: readonly PropertyKey[] | undefined): string {
  const key = path?.[path.length - 1];
  return typeof key === 'string' ? key : 'value';
}

/** Messages for the branches of a failed union: the types or values they would have accepted. */
function unionMessage(iss: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>): string | undefined {
  const roots = iss.errors.map((branch) => branch.filter((e) => e.path.length === 0));
  const flat = roots.flat();
  if (flat.length === 0 || roots.some((r) => r.length === 0)) return undefined;
  if (flat.every((e) => e.code === 'invalid_type')) {
    const expected = [...new Set(flat.map((e) => typeName(e.expected)))];
    return `expected ${expected.join(' or ')}, got ${describeValue(iss.input)}`;
  }
  if (flat.every((e) => e.code === 'invalid_value')) {
    return `unsupported value ${describeValue(iss.input)}, expected one of ${quoteList(flat.flatMap((e) => e.values))}`;
  }
  return undefined;
}

/**
 * A zod error map that words issues the way peapod reports them (`expected an array, got "x"`,
 * `name is required`). Messages written into the schemas themselves take precedence over it.
 */
export function issueMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return `${lastKey(iss.path)} is required`;
      return `expected ${typeName(iss.expected)}, got ${describeValue(iss.input)}`;
    case 'invalid_value':
      if (iss.values.length === 1) return `expected ${JSON.stringify(iss.values[0])}, got ${describeValue(iss.input)}`;
      return `unsupported value ${describeValue(iss.input)}, expected one of ${quoteList(iss.values)}`;
    case 'invalid_union':
      return unionMessage(iss);
    case 'too_small': {
      const min = String(iss.minimum);
      if (iss.origin === 'array') return `must have at least ${min} item${min === '1' ? '' : 's'}`;
      if (iss.origin === 'string')
        return iss.minimum === 1 ? 'must not be empty' : `must be at least ${min} characters`;
      return `must be greater than ${iss.inclusive ? 'or equal to ' : ''}${min}, got ${describeValue(iss.input)}`;
    }
    case 'too_big': {
      const max = String(iss.maximum);
      if (iss.origin === 'array') return `must have at most ${max} items`;
      if (iss.origin === 'string') return `must be at most ${max} characters`;
      return `must be less than ${iss.inclusive ? 'or equal to ' : ''}${max}, got ${describeValue(iss.input)}`;
    }
    default:
      return undefined;
  }
}
