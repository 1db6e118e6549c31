import { describe, expect, expectTypeOf, test } from 'vitest';
import { z } from 'zod';
import { PeapodError } from '../src/errors.js';
import { ClusterSnapshot } from '../src/framework/snapshot.js';
import {
  checkCreatedPlugin,
  definePlugin,
  descriptorProblems,
  EXTENSION_POINTS,
  type FilterPlugin,
  type Handle,
  MAX_NODE_SCORE,
  NodeSchema,
  type PluginAt,
  type PluginDescriptor,
  pointsOf,
  type ScorePlugin,
  unschedulable,
} from '../src/index.js';
import { emptyClusterObjects } from '../src/load/cluster-objects.js';

const handle: Handle = { snapshot: new ClusterSnapshot([]), cluster: emptyClusterObjects() };
const NO = unschedulable('no');

function thrown(fn: () => unknown): PeapodError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PeapodError) return e;
    throw e;
  }
  throw new Error('expected a PeapodError');
}

describe('definePlugin with create', () => {
  const ArgsSchema = z.object({ threshold: z.number().int().default(3) }).strict();
  const plugin = definePlugin({
    name: 'Threshold',
    points: ['filter', 'score'],
    argsSchema: ArgsSchema,
    create: ({ threshold }) => ({
      name: 'Threshold',
      filter: (_s, _p, node) => (node < threshold ? null : NO),
      score: (_s, _p, node) => node * threshold,
    }),
  });

  test('returns a frozen descriptor with the declared points and the schema', () => {
    expect(plugin.name).toBe('Threshold');
    expect([...plugin.points]).toEqual(['filter', 'score']);
    expect(plugin.argsSchema).toBe(ArgsSchema);
    expect(Object.isFrozen(plugin)).toBe(true);
    expectTypeOf(plugin).toEqualTypeOf<PluginDescriptor<{ threshold: number }>>();
  });

  test('create passes the parsed args and returns the instance itself, unwrapped', () => {
    const instance = plugin.create(ArgsSchema.parse({ threshold: 2 }), handle);
    expect(pointsOf(instance)).toEqual(['filter', 'score']);
    expect(instance.filter?.(undefined as never, undefined as never, 1, handle)).toBeNull();
    expect(instance.filter?.(undefined as never, undefined as never, 2, handle)).toBe(NO);
    expect(instance.score?.(undefined as never, undefined as never, 5, handle)).toBe(10);
  });

  test('without argsSchema the args are undefined', () => {
    const p = definePlugin({
      name: 'NoArgs',
      points: ['filter'],
      create: () => ({ name: 'NoArgs', filter: (): null => null }),
    });
    expect(p.argsSchema).toBeUndefined();
    expectTypeOf(p).toEqualTypeOf<PluginDescriptor<undefined>>();
    expect(p.create(undefined, handle).name).toBe('NoArgs');
  });

  test('TypeScript requires the method of every declared point', () => {
    definePlugin({
      name: 'Missing',
      points: ['filter', 'score'],
      // @ts-expect-error score is declared but not returned
      create: () => ({ name: 'Missing', filter: (): null => null }),
    });
    expectTypeOf<PluginAt<'filter' | 'score'>>().toEqualTypeOf<FilterPlugin & ScorePlugin>();
  });

  test.each([
    {
      name: 'a missing method',
      points: ['filter', 'score'] as const,
      instance: { name: 'X', filter: (): null => null },
      want: 'plugin "X": declares point(s) score but create() returned no score method',
    },
    {
      name: 'a method of an undeclared point',
      points: ['filter'] as const,
      instance: { name: 'X', filter: (): null => null, less: () => true },
      want: 'plugin "X": create() returned methods of point(s) queueSort, which it does not declare',
    },
    {
      name: 'another name',
      points: ['filter'] as const,
      instance: { name: 'Y', filter: (): null => null },
      want: 'plugin "X": create() returned a plugin named "Y"',
    },
    {
      name: 'not an object',
      points: ['filter'] as const,
      instance: undefined,
      want: 'plugin "X": create() returned undefined, expected a plugin object',
    },
  ])('the instance is checked when created: $name', ({ points, instance, want }) => {
    const p = definePlugin({ name: 'X', points: [...points], create: () => instance as never });
    const error = thrown(() => p.create(undefined, handle));
    expect(error.code).toBe('PEAPOD_CONFIG');
    expect(error.message).toBe(want);
  });

  test('a reserve plugin needs unreserve', () => {
    const error = thrown(() =>
      checkCreatedPlugin({ name: 'R', points: new Set(['reserve']) }, { name: 'R', reserve: () => null }),
    );
    expect(error.message).toBe('plugin "R": implements reserve but has no unreserve method');
  });

  test.each([
    {
      name: 'empty name',
      def: { name: '', points: ['filter'], create: (): null => null },
      want: 'name: expected a non-empty string',
    },
    {
      name: 'no points',
      def: { name: 'X', points: [], create: (): null => null },
      want: 'points: expected at least one extension point',
    },
    {
      name: 'unknown point',
      def: { name: 'X', points: ['flter'], create: (): null => null },
      want: `points: unknown extension point "flter" (known: ${EXTENSION_POINTS.join(', ')})`,
    },
    {
      name: 'bad schema',
      def: { name: 'X', points: ['filter'], argsSchema: {}, create: (): null => null },
      want: 'argsSchema: expected a zod schema',
    },
  ])('a bad definition (as JavaScript may pass) throws at once: $name', ({ def, want }) => {
    const error = thrown(() => definePlugin(def as never));
    expect(error.code).toBe('PEAPOD_CONFIG');
    expect(error.message).toContain(`invalid definition: ${want}`);
  });
});

describe('definePlugin with a plugin object', () => {
  test('derives the points from the methods and shares the one object', () => {
    const instance = {
      name: 'Static',
      preFilter: () => null,
      filter: (): null => null,
      score: () => 0,
      normalizeScore: () => null,
    } satisfies FilterPlugin & ScorePlugin & { preFilter(): null };
    const p = definePlugin(instance);
    expect([...p.points]).toEqual(['preFilter', 'filter', 'score']);
    expect(p.argsSchema).toBeUndefined();
    expect(p.create(undefined, handle)).toBe(instance);
  });

  test('method parameters are typed from the contract', () => {
    definePlugin({
      name: 'Typed',
      filter(_state, _pod, node, h) {
        expectTypeOf(node).toEqualTypeOf<number>();
        expectTypeOf(h).toEqualTypeOf<Handle>();
        return null;
      },
    });
  });

  test('not an object (as JavaScript may pass) is refused', () => {
    expect(thrown(() => definePlugin(null as never)).message).toBe(
      'plugin "<unnamed>": invalid definition: expected an object, got null',
    );
  });

  test('an object without a point method is refused', () => {
    const error = thrown(() => definePlugin({ name: 'Nothing' }));
    expect(error.message).toMatch(
      /^plugin "Nothing": invalid definition: no extension point method \(preEnqueue, less, /,
    );
  });
});

describe('descriptorProblems', () => {
  test('lists every problem of a hand-written descriptor', () => {
    expect(descriptorProblems({ name: 1, points: 'filter' })).toEqual([
      'name: expected a non-empty string',
      'points: expected a Set or an array of extension points',
      'create: expected a function',
    ]);
    expect(descriptorProblems(null)).toEqual(['expected an object, got null']);
    expect(descriptorProblems({ name: 'Ok', points: new Set(['score']), create: () => ({}) })).toEqual([]);
  });
});

// The examples of docs/writing-a-plugin.md, kept compiling and working here.
describe('the examples of docs/writing-a-plugin.md', () => {
  const ArgsSchema = z.strictObject({ avoid: z.array(z.string()).default([]) });
  const AVOIDED = unschedulable('node(s) had a label the scheduler avoids');

  const avoidLabels = definePlugin({
    name: 'AvoidLabels',
    points: ['filter'],
    argsSchema: ArgsSchema,
    create: ({ avoid }) => ({
      name: 'AvoidLabels',
      filter: (_state, _pod, node, handle) => {
        const labels = handle.snapshot.nodes[node]!.metadata.labels;
        for (const key of avoid) if (labels?.[key] !== undefined) return AVOIDED;
        return null;
      },
    }),
  });

  const preferSpot = definePlugin({
    name: 'PreferSpot',
    score: (_state, _pod, node, handle) =>
      handle.snapshot.nodes[node]!.metadata.labels?.lifecycle === 'spot' ? MAX_NODE_SCORE : 0,
  });

  test('they filter and score as described', () => {
    const nodes = [
      NodeSchema.parse({ metadata: { name: 'spot', labels: { lifecycle: 'spot' } } }),
      NodeSchema.parse({ metadata: { name: 'plain' } }),
    ];
    const h: Handle = { snapshot: new ClusterSnapshot(nodes), cluster: emptyClusterObjects() };
    const filter = avoidLabels.create(ArgsSchema.parse({ avoid: ['lifecycle'] }), h).filter!;
    expect([0, 1].map((n) => filter(undefined as never, undefined as never, n, h))).toEqual([AVOIDED, null]);
    const score = preferSpot.create(undefined, h).score!;
    expect([0, 1].map((n) => score(undefined as never, undefined as never, n, h))).toEqual([100, 0]);
    expect([...preferSpot.points]).toEqual(['score']);
  });
});
