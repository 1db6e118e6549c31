import { describe, expect, test } from 'vitest';
import { ErrorCodes } from '../src/errors.js';
import { parseManifests } from '../src/load/index.js';
import { type LoadErrorCase, loadError, pod, requests, yamlOf } from './load-helpers.js';

const podList = (items: unknown[], kind = 'List'): string => JSON.stringify({ apiVersion: 'v1', kind, items });

const { InputInvalid, InputInconsistent } = ErrorCodes;

describe('lists name the item', () => {
  const items = Array.from({ length: 8 }, (_, i) => pod(`web-${i}`));
  items[6] = pod('web-1', requests({ cpu: '12x' }));
  test.each<LoadErrorCase>([
    {
      name: 'an invalid item of a kind: List (printed 1-based)',
      file: 'cluster.json',
      text: podList(items.map((p, i) => (i === 6 ? p : { ...p, metadata: { name: `p${i}` } }))),
      code: InputInvalid,
      message:
        'cluster.json: document 1, item 7 (Pod default/web-1): spec.containers[0].resources.requests.cpu: invalid quantity "12x"',
    },
    {
      name: 'an item of a kind: List without kind',
      file: 'cluster.json',
      text: podList([pod('a'), { metadata: { name: 'b' } }]),
      code: InputInvalid,
      message: 'cluster.json: document 1, item 2: kind: kind is required',
    },
    {
      name: 'a PodList item whose kind is inferred',
      file: 'pods.json',
      text: podList([{ metadata: { name: 'web-1' }, spec: { containers: 'x' } }], 'PodList'),
      code: InputInvalid,
      message: 'pods.json: document 1, item 1 (Pod default/web-1): spec.containers: expected an array, got "x"',
    },
    {
      name: 'a nested list',
      file: 'cluster.json',
      text: podList([{ kind: 'List', items: [] }]),
      code: InputInvalid,
      message: 'cluster.json: document 1, item 1 (List): nested lists are not supported',
    },
    {
      name: 'items that are not an array',
      text: yamlOf({ apiVersion: 'v1', kind: 'NodeList', items: { name: 'n1' } }),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (NodeList): items: expected an array, got an object',
    },
    {
      name: 'a null item',
      text: yamlOf({ kind: 'List', items: [null] }),
      code: InputInvalid,
      message: 'cluster.yaml: document 1, item 1: expected an object with a kind, got null',
    },
  ])('$name', ({ text, file = 'cluster.yaml', code, message }) => {
    const e = loadError(text, file);
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
  });
});

describe('duplicates and many problems', () => {
  test('a duplicate object names both origins', () => {
    const e = loadError(yamlOf(pod('web-1'), pod('web-2'), pod('web-1')), 'cluster.yaml');
    expect({ code: e.code, message: e.message }).toEqual({
      code: InputInconsistent,
      message:
        'cluster.yaml: document 3 (Pod default/web-1): duplicate object, first defined at cluster.yaml: document 1',
    });
  });

  test('the same name in another namespace or of another kind is no duplicate', () => {
    const text = yamlOf(pod('web-1'), pod('web-1', {}, { namespace: 'prod' }), {
      kind: 'Service',
      metadata: { name: 'web-1' },
    });
    const objects = parseManifests(text, 'cluster.yaml');
    expect(objects.pods.map((p) => p.metadata.namespace)).toEqual(['default', 'prod']);
    expect(objects.services).toHaveLength(1);
  });

  test('every problem of a load is listed, with a count first', () => {
    const text = yamlOf(pod(undefined), pod('b', { containers: 'x' }), { metadata: {} }, pod('c'), pod('c'));
    const e = loadError(text, 'cluster.yaml');
    expect(e.code).toBe(InputInvalid);
    expect(e.message).toBe(
      [
        '4 problems in the input:',
        '  cluster.yaml: document 1 (Pod default/<unnamed>): metadata.name: name is required',
        '  cluster.yaml: document 2 (Pod default/b): spec.containers: expected an array, got "x"',
        '  cluster.yaml: document 3: kind: kind is required',
        '  cluster.yaml: document 5 (Pod default/c): duplicate object, first defined at cluster.yaml: document 4',
      ].join('\n'),
    );
  });

  test('one object can have several problems', () => {
    const e = loadError(yamlOf(pod('web-1', { priority: 1.5, nodeName: 3 })), 'cluster.yaml');
    expect(e.message.split('\n')).toEqual([
      '2 problems in the input:',
      '  cluster.yaml: document 1 (Pod default/web-1): spec.nodeName: expected a string, got 3',
      '  cluster.yaml: document 1 (Pod default/web-1): spec.priority: expected an integer, got 1.5',
    ]);
  });

  test('after 20 problems the rest are counted', () => {
    const e = loadError(yamlOf(...Array.from({ length: 23 }, () => 'x')), 'cluster.yaml');
    const lines = e.message.split('\n');
    expect(lines[0]).toBe('23 problems in the input:');
    expect(lines[20]).toBe('  cluster.yaml: document 20: expected an object with a kind, got "x"');
    expect(lines.slice(21)).toEqual(['  ... and 3 more']);
  });
});
