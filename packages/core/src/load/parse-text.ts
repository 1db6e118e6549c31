import { loadAll, YAMLException } from 'js-yaml';
import { ErrorCodes, PeapodError } from '../errors.js';
import { findJsonError } from './json-error.js';

/** 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function syntaxError(file: string, position: string, reason: string, cause: unknown): PeapodError {
  return new PeapodError(ErrorCodes.InputSyntax, `${file}: ${position}${reason}`, { cause });
}

/**
 * The 1-based YAML document that holds a 0-based line: documents are separated by `---` lines, and content
 * before the first separator is document 1 (as loadAll numbers them).
 */
function documentAtLine(text: string, line: number): number {
  let document = 0;
  for (const current of text.split('\n', line + 1)) {
    if (/^---(\s|$)/.test(current)) document = document === 0 ? 1 : document + 1;
    else if (document === 0 && /^\s*[^\s#]/.test(current)) document = 1;
  }
  return Math.max(document, 1);
}

function yamlError(file: string, text: string, e: unknown): PeapodError {
  if (!(e instanceof YAMLException)) {
    return syntaxError(file, '', e instanceof Error ? e.message : String(e), e);
  }
  // js-yaml marks are 0-based.
  const at = e.mark
    ? `document ${documentAtLine(text, e.mark.line)}: line ${e.mark.line + 1}, column ${e.mark.column + 1}: `
    : '';
  return syntaxError(file, at, e.reason, e);
}

function jsonError(file: string, text: string, e: unknown): PeapodError {
  const found = findJsonError(text);
  if (found === undefined) return syntaxError(file, '', e instanceof Error ? e.message : String(e), e);
  const { line, column } = lineColumn(text, found.offset);
  return syntaxError(file, `line ${line}, column ${column}: `, found.reason, e);
}

function firstSignificantChar(text: string): string {
  const m = /\S/.exec(text);
  return m ? m[0] : '';
}

/** Files whose name says JSON are held to JSON; anything else that starts with a brace may be flow YAML. */
const JSON_NAME_RE = /\.json(\.gz)?$/i;

/** The documents of one manifest file. */
export interface ParsedText {
  readonly documents: unknown[];
  /**
   * Whether one object may sit at several places in a document: YAML aliases (`*name`, merge keys `<<: *name`)
   * load as one shared object. JSON.parse never shares objects, nor does YAML without a `*`.
   */
  readonly mayShare: boolean;
}

/** Whether some object or array is reachable at two places in the value (a YAML alias). */
export function sharesObjects(value: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (seen.has(v)) return true;
    seen.add(v);
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else for (const k in v) stack.push((v as Record<string, unknown>)[k]);
  }
  return false;
}

/**
 * Splits a manifest file into its documents: one for JSON (parsed with JSON.parse, the fast path for big
 * cluster dumps), any number for YAML. Empty YAML documents come back as null. Throws an InputSyntax
 * PeapodError naming the line and column.
 */
export function parseDocuments(text: string, file: string): ParsedText {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = firstSignificantChar(body);
  if (first === '{' || first === '[') {
    try {
      return { documents: [JSON.parse(body)], mayShare: false };
    } catch (e) {
      if (JSON_NAME_RE.test(file)) throw jsonError(file, body, e);
      // Flow-style YAML (unquoted keys, trailing commas, comments) also starts with a brace.
    }
  }
  try {
    // The default (YAML 1.2 core) schema keeps timestamps as strings, as the API server writes them.
    return { documents: loadAll(body), mayShare: body.includes('*') };
  } catch (e) {
    throw yamlError(file, body, e);
  }
}
