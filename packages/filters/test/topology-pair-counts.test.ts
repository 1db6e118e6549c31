import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopologyPairCounts } from '../src/inter-pod-affinity/topology-counts.js';

/** The reference: a plain map of pair -> count, deep-copied on clone. */
type Model = Map<string, number>;

const op = fc.record({
  /** Which of the instances made so far the operation applies to (modulo their number). */
  target: fc.nat(),
  kind: fc.constantFrom('add', 'add', 'add', 'clone'),
  key: fc.constantFrom('zone', 'host'),
  value: fc.constantFrom('a', 'b', 'c'),
  delta: fc.constantFrom(-1, 1, 2),
});

describe('TopologyPairCounts', () => {
  it('clones behave as deep copies, whichever side writes first (copy on write)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const instances = [new TopologyPairCounts()];
        const models: Model[] = [new Map()];
        for (const o of ops) {
          const i = o.target % instances.length;
          if (o.kind === 'clone') {
            instances.push(instances[i]!.clone());
            models.push(new Map(models[i]!));
            continue;
          }
          instances[i]!.add(o.key, o.value, o.delta);
          const pair = `${o.key}=${o.value}`;
          const after = (models[i]!.get(pair) ?? 0) + o.delta;
          if (after === 0) models[i]!.delete(pair);
          else models[i]!.set(pair, after);
        }
        for (const [i, counts] of instances.entries()) {
          const expected = [...models[i]!].map(([pair, n]) => [...pair.split('='), n] as [string, string, number]);
          expected.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
          expect(counts.entries()).toEqual(expected);
          expect(counts.size).toBe(expected.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
