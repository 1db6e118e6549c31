import { describe, expect, test } from 'vitest';
import { parseManifests } from '../src/load/index.js';
import { findJsonError } from '../src/load/json-error.js';

describe('findJsonError locates what JSON.parse rejected', () => {
  test.each([
    { name: 'valid JSON', text: '{"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]}', want: undefined },
    { name: 'empty input', text: '', want: { offset: 0, reason: 'unexpected end of input, expected a value' } },
    { name: 'a missing value', text: '{"a": }', want: { offset: 6, reason: "unexpected '}', expected a value" } },
    { name: 'a bad literal', text: '[tru]', want: { offset: 1, reason: "unexpected 't', expected a value" } },
    { name: 'NaN', text: '[NaN]', want: { offset: 1, reason: "unexpected 'N', expected a value" } },
    { name: 'a trailing comma in an array', text: '[1,\n]', want: { offset: 2, reason: "trailing comma before ']'" } },
    {
      name: 'a trailing comma in an object',
      text: '{"a":1 , }',
      want: { offset: 7, reason: "trailing comma before '}'" },
    },
    { name: 'a missing comma', text: '[1 2]', want: { offset: 3, reason: "expected ',' or ']', got '2'" } },
    { name: 'a missing colon', text: '{"a" 1}', want: { offset: 5, reason: "expected ':', got '1'" } },
    {
      name: 'a single-quoted key',
      text: "{'a': 1}",
      want: { offset: 1, reason: `expected a property name in double quotes, got '''` },
    },
    {
      name: 'text after the value',
      text: '{} x',
      want: { offset: 3, reason: "unexpected 'x' after the end of the JSON value" },
    },
    { name: 'a bad escape', text: '["\\q"]', want: { offset: 2, reason: 'invalid escape sequence' } },
    { name: 'a short unicode escape', text: '["\\u12"]', want: { offset: 2, reason: 'invalid escape sequence' } },
    { name: 'a raw newline in a string', text: '["a\nb"]', want: { offset: 3, reason: 'control character in string' } },
    { name: 'an unterminated string', text: '["abc', want: { offset: 5, reason: 'unterminated string' } },
    { name: 'a tab as the bad character', text: '[1\t\t,]', want: { offset: 4, reason: "trailing comma before ']'" } },
    {
      name: 'a control character where a value goes',
      text: '[\u0001]',
      want: { offset: 1, reason: 'unexpected "\\u0001", expected a value' },
    },
  ])('$name', ({ text, want }) => {
    expect(findJsonError(text)).toEqual(want);
  });

  test('nesting deeper than the stack is left to the caller', () => {
    expect(findJsonError('['.repeat(200_000))).toBeUndefined();
  });
});

describe('files that only look like JSON', () => {
  test('a non-.json file starting with a brace may be flow-style YAML', () => {
    const objects = parseManifests('{kind: Node, metadata: {name: n1,},} # flow YAML\n', 'node.yaml');
    expect(objects.nodes).toHaveLength(1);
  });

  test('a .json file is held to JSON', () => {
    expect(() => parseManifests('{kind: Node}', 'node.json')).toThrow(
      "node.json: line 1, column 2: expected a property name in double quotes, got 'k'",
    );
  });

  test('a flow-style YAML error is reported by the YAML parser', () => {
    expect(() => parseManifests('{kind: Node, metadata: {name: n1}', 'node.yaml')).toThrow(
      'node.yaml: document 1: line 1, column 34: unexpected end of the stream within a flow collection',
    );
  });
});
