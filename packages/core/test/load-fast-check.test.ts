import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { PeapodError } from '../src/errors.js';
import { FastCheckCompiler } from '../src/load/fast-check.js';
import { fastCheckOf, MODEL_REFINEMENTS } from '../src/load/fast-kinds.js';
import { type ClusterObjects, SUPPORTED_KINDS } from '../src/load/index.js';
import { issueMessage } from '../src/load/issues.js';
import { ManifestLoad } from '../src/load/session.js';
import { QuantitySchema } from '../src/model/meta.js';
import { NodeSchema } from '../src/model/node.js';
import { PodSchema } from '../src/model/pod.js';
import { mutatedObject, nodeArb, podArb, withOwnProto } from './fast-check-arbitraries.js';

/** The fast check's contract: true only when zod parses the value to an equal copy. */
function expectAgreesWithZod(schema: z.ZodType, check: (v: unknown) => boolean, value: unknown): void {
  if (!check(value)) return;
  const result = schema.safeParse(value, { error: issueMessage });
  expect(result.success, JSON.stringify(result.error?.issues)).toBe(true);
  expect(result.data).toStrictEqual(value);
}

describe('FastCheckCompiler on zod constructs', () => {
  const compiler = new FastCheckCompiler();
  const check = (schema: z.ZodType) => compiler.compile(schema);
  const refined = z.string().superRefine((v, ctx) => {
    if (v === 'bad') ctx.addIssue({ code: 'custom', message: 'bad' });
  });

  test.each<{ name: string; schema: z.ZodType; value: unknown; want: boolean }>([
    {
      name: 'loose object keeps unknown fields',
      schema: z.looseObject({ a: z.string() }),
      value: { a: 'x', b: [1] },
      want: true,
    },
    { name: 'missing required key', schema: z.looseObject({ a: z.string() }), value: { b: 1 }, want: false },
    { name: 'required unknown key absent', schema: z.looseObject({ a: z.unknown() }), value: {}, want: false },
    {
      name: 'required unknown key present',
      schema: z.looseObject({ a: z.unknown() }),
      value: { a: undefined },
      want: true,
    },
    {
      name: 'stripping object, declared keys only',
      schema: z.object({ a: z.string() }),
      value: { a: 'x' },
      want: true,
    },
    {
      name: 'stripping object drops an extra key',
      schema: z.object({ a: z.string() }),
      value: { a: 'x', b: 1 },
      want: false,
    },
    { name: 'strict object', schema: z.strictObject({ a: z.string() }), value: { a: 'x' }, want: false },
    {
      name: 'own __proto__ key',
      schema: z.looseObject({ a: z.string() }),
      value: withOwnProto({ a: 'x' }),
      want: false,
    },
    {
      name: 'record with own __proto__ key',
      schema: z.record(z.string(), z.number()),
      value: withOwnProto({ a: 1 }),
      want: false,
    },
    { name: 'array is not an object', schema: z.looseObject({}), value: [], want: false },
    { name: 'string min counts code points', schema: z.string().min(2), value: '😀', want: false },
    { name: 'string min, two letters', schema: z.string().min(2), value: 'ab', want: true },
    { name: 'string max counts code points', schema: z.string().max(1), value: '😀', want: true },
    { name: 'NaN is not a number', schema: z.number(), value: Number.NaN, want: false },
    { name: 'Infinity is not a number', schema: z.number(), value: Number.POSITIVE_INFINITY, want: false },
    { name: 'int rejects 1.5', schema: z.number().int(), value: 1.5, want: false },
    { name: 'int rejects 2^53', schema: z.number().int(), value: 2 ** 53, want: false },
    { name: 'int range', schema: z.number().int().min(1).max(3), value: 3, want: true },
    { name: 'exclusive bound', schema: z.number().gt(3), value: 3, want: false },
    { name: 'enum', schema: z.enum(['a', 'b']), value: 'b', want: true },
    { name: 'enum, other value', schema: z.enum(['a', 'b']), value: 'c', want: false },
    { name: 'union of primitives', schema: z.union([z.string(), z.number()]), value: 4, want: true },
    {
      name: 'union of objects is never vouched for',
      schema: z.union([z.looseObject({}), z.string()]),
      value: {},
      want: false,
    },
    { name: 'nullish accepts null', schema: z.string().nullish(), value: null, want: true },
    { name: 'nullable is not optional', schema: z.looseObject({ a: z.string().nullable() }), value: {}, want: false },
    {
      name: 'a default would fill the key',
      schema: z.looseObject({ a: z.string().default('x') }),
      value: {},
      want: false,
    },
    {
      name: 'a transform would change the value',
      schema: z.string().transform((s) => s.length),
      value: 'ab',
      want: false,
    },
    {
      name: 'an absent optional field of an unknown shape',
      schema: z.looseObject({
        a: z
          .string()
          .transform((s) => s)
          .optional(),
      }),
      value: {},
      want: true,
    },
    { name: 'an unregistered refinement', schema: refined, value: 'good', want: false },
    {
      name: 'exactOptional is not vouched for',
      schema: z.looseObject({ a: z.string().exactOptional() }),
      value: { a: undefined },
      want: false,
    },
    { name: 'a string format', schema: z.email(), value: 'a@b.co', want: false },
  ])('$name', ({ schema, value, want }) => {
    expect(check(schema)(value)).toBe(want);
    expectAgreesWithZod(schema, check(schema), value);
  });

  test('a registered refinement is checked with its predicate', () => {
    const withPredicate = new FastCheckCompiler(new Map([[refined, (v: string) => v !== 'bad']]));
    const fast = withPredicate.compile(refined);
    expect([fast('good'), fast('bad')]).toEqual([true, false]);
  });
});

describe('the model kinds: fast check and zod agree', () => {
  test('well-formed pods and nodes take the fast path', () => {
    fc.assert(
      fc.property(podArb, nodeArb, (pod, node) => {
        expect(fastCheckOf(SUPPORTED_KINDS.get('Pod')!)(pod)).toBe(true);
        expect(fastCheckOf(SUPPORTED_KINDS.get('Node')!)(node)).toBe(true);
        expect(PodSchema.parse(pod)).toStrictEqual(pod);
        expect(NodeSchema.parse(node)).toStrictEqual(node);
      }),
      { numRuns: 200 },
    );
  });

  test.each([...SUPPORTED_KINDS.values()].map((info) => ({ kind: info.kind, info })))(
    '$kind: a vouched-for object parses to an equal copy',
    ({ info }) => {
      const fast = fastCheckOf(info);
      fc.assert(
        fc.property(mutatedObject(info.kind), (value) => {
          expectAgreesWithZod(info.schema, fast, value);
        }),
        { numRuns: 150 },
      );
    },
  );

  test.each<string | number>(['100m', '1Gi', '1e3', 2, 0, 0.5, '-1', -1, '1e999', 'abc', ' 1', '', Number.NaN])(
    'quantity %s: the refinement predicate stands for the schema’s refinement',
    (q) => {
      const fast = new FastCheckCompiler(MODEL_REFINEMENTS).compile(QuantitySchema);
      expect(fast(q)).toBe(QuantitySchema.safeParse(q).success);
    },
  );
});

/** Everything a load produced, with the origins of its objects, or the error it threw. */
function loadAll(text: string, file: string, fastCheck: boolean): unknown {
  const load = new ManifestLoad(undefined, { fastCheck });
  load.addText(text, file);
  let objects: ClusterObjects;
  try {
    objects = load.finish();
  } catch (e) {
    if (e instanceof PeapodError) return { code: e.code, message: e.message };
    throw e;
  }
  const { origins, ...rest } = objects;
  return { ...rest, origins: [...objects.pods, ...objects.nodes].map((o) => origins.get(o)) };
}

/** Where the loaded objects share an object or array: each second path to it, with the first. */
function sharing(objects: readonly unknown[]): string[] {
  const first = new Map<object, string>();
  const out: string[] = [];
  const visit = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null) return;
    const earlier = first.get(v);
    if (earlier !== undefined) {
      out.push(`${path} = ${earlier}`);
      return;
    }
    first.set(v, path);
    for (const [k, x] of Object.entries(v)) visit(x, `${path}.${k}`);
  };
  for (const [i, o] of objects.entries()) visit(o, `[${i}]`);
  return out;
}

/** The objects of a load, in order, or [] when it failed. */
function loaded(result: unknown): unknown[] {
  if (typeof result !== 'object' || result === null || !('pods' in result)) return [];
  const objects = result as ClusterObjects;
  return [...objects.pods, ...objects.nodes];
}

describe('the loader: fast path and zod path give the same result', () => {
  const items = fc.array(fc.oneof(mutatedObject('Pod'), mutatedObject('Node'), podArb, nodeArb), {
    minLength: 1,
    maxLength: 6,
  });

  test('JSON lists: same objects, origins and warnings, or the same error message', () => {
    fc.assert(
      fc.property(items, (list) => {
        const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: list });
        expect(loadAll(text, 'l.json', true)).toEqual(loadAll(text, 'l.json', false));
      }),
      { numRuns: 300 },
    );
  });

  test('YAML with aliases: the same result, sharing the same objects', () => {
    fc.assert(
      fc.property(items, fc.nat(), fc.constantFrom('metadata', 'spec', 'status'), (list, pick, field) => {
        // One item's field becomes another's too: js-yaml dumps it once with an anchor and loads one shared object.
        const docs = list.map((o) => ({ ...o }));
        const from = docs[pick % docs.length]!;
        const to = docs[(pick + 1) % docs.length]!;
        if (from[field] !== undefined) to[field] = from[field];
        const text = dump({ apiVersion: 'v1', kind: 'List', items: docs });
        const fast = loadAll(text, 'l.yaml', true);
        const zod = loadAll(text, 'l.yaml', false);
        expect(fast).toEqual(zod);
        expect(sharing(loaded(fast))).toEqual(sharing(loaded(zod)));
      }),
      { numRuns: 200 },
    );
  });

  test('an own __proto__ key goes through zod, which leaves it out', () => {
    const text = `{"kind":"Pod","metadata":{"name":"a","__proto__":{"x":1}},"spec":{"containers":[{"name":"c"}]}}`;
    expect(loadAll(text, 'p.json', true)).toEqual(loadAll(text, 'p.json', false));
    const load = new ManifestLoad();
    load.addText(text, 'p.json');
    expect(Object.hasOwn(load.finish().pods[0]!.metadata, '__proto__')).toBe(false);
  });
});
