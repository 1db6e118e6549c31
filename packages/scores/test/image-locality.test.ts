import { CycleState, type Node, type Pod } from '@peapod/core';
import { handleOf, makeNode, makePod, podInfo, runScore, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  buildImageIndex,
  compareNames,
  imageLocalityPriority,
  imageLocalityScore,
  normalizedImageName,
  scaledImageScore,
} from '../src/index.js';

const MiB = 1024 * 1024;

const withImages = (name: string, ...images: [string | string[], number][]): Node => {
  const n = makeNode(name);
  for (const [names, size] of images) n.image(names, size);
  return n.obj();
};

const podWith = (...images: string[]): Pod => {
  const p = makePod('p');
  images.forEach((image, i) => {
    if (i === 0) p.image(image);
    else p.container({}, { image });
  });
  return p.obj();
};

describe('normalizedImageName', () => {
  test.each([
    { name: 'nginx', want: 'nginx:latest' },
    { name: 'nginx:1.25.3', want: 'nginx:1.25.3' },
    { name: 'docker.io/library/nginx', want: 'docker.io/library/nginx:latest' },
    { name: 'registry:5000/app', want: 'registry:5000/app:latest' },
    { name: 'registry:5000/app:v1', want: 'registry:5000/app:v1' },
    { name: 'app@sha256:abcd', want: 'app@sha256:abcd' },
    { name: '', want: ':latest' },
  ])('$name', ({ name, want }) => {
    expect(normalizedImageName(name)).toBe(want);
  });
});

describe('imageLocalityPriority', () => {
  test.each([
    { name: 'below 23MiB: 0', sum: 10 * MiB, containers: 1, want: 0 },
    { name: 'at 23MiB: 0', sum: 23 * MiB, containers: 1, want: 0 },
    { name: 'above 1000MiB per container: 100', sum: 2000 * MiB, containers: 1, want: 100 },
    { name: 'truncating: 100*477/977', sum: 500 * MiB, containers: 1, want: 48 },
    { name: 'the upper bound grows with the containers', sum: 1300 * MiB, containers: 2, want: 64 },
  ])('$name', ({ sum, containers, want }) => {
    expect(imageLocalityPriority(sum, containers)).toBe(want);
  });
});

interface Case {
  name: string;
  pod: Pod;
  nodes: Node[];
  want: number[];
}

const cases: Case[] = [
  {
    // Nodes are added to v1.26's cache by name: a first (it sees 1 of 2 nodes), then b (2 of 2).
    // a: int64(500MiB * 1/2) = 250MiB -> 100*227/977 = 23; b: 500MiB -> 48.
    name: "v1.26 freezes an image's node count when each node is added, in name order",
    pod: podWith('x:v1'),
    nodes: [withImages('b', ['x:v1', 500 * MiB]), withImages('a', ['x:v1', 500 * MiB])],
    want: [48, 23],
  },
  {
    name: 'spread damps an image present on few nodes',
    pod: podWith('x:v1'),
    nodes: [withImages('a', ['x:v1', 2000 * MiB]), makeNode('b').obj(), makeNode('c').obj(), makeNode('d').obj()],
    // 2000MiB * 1/4 = 500MiB -> 48
    want: [48, 0, 0, 0],
  },
  {
    name: 'an untagged pod image matches the :latest name',
    pod: podWith('nginx'),
    nodes: [withImages('a', ['nginx:latest', 500 * MiB])],
    want: [48],
  },
  {
    name: 'registry names are not normalised: nginx:1.25.3 does not match docker.io/library/nginx:1.25.3',
    pod: podWith('nginx:1.25.3'),
    nodes: [withImages('a', ['docker.io/library/nginx:1.25.3', 900 * MiB])],
    want: [0],
  },
  {
    name: 'any of an image’s names matches, a digest included',
    pod: podWith('x@sha256:abcd'),
    nodes: [withImages('a', [['x@sha256:abcd', 'x:v1'], 500 * MiB])],
    want: [48],
  },
  {
    // 600 + 700 = 1300MiB of 2000MiB -> 100*1277/1977 = 64
    name: 'two containers: the sizes add up and the upper bound doubles',
    pod: podWith('x:v1', 'y:v1'),
    nodes: [withImages('a', ['x:v1', 600 * MiB], ['y:v1', 700 * MiB])],
    want: [64],
  },
  {
    // 500 + 500 = 1000MiB of 2000MiB -> 100*977/1977 = 49
    name: 'the same image in two containers counts twice',
    pod: podWith('x:v1', 'x:v1'),
    nodes: [withImages('a', ['x:v1', 500 * MiB])],
    want: [49],
  },
  {
    name: 'init container images do not count in v1.26',
    pod: makePod('p').image('z:v1').initContainer({}, { image: 'y:v1' }).obj(),
    nodes: [withImages('a', ['y:v1', 900 * MiB])],
    want: [0],
  },
  {
    name: 'an image too small to matter scores 0',
    pod: podWith('x:v1'),
    nodes: [withImages('a', ['x:v1', 20 * MiB])],
    want: [0],
  },
];

describe('ImageLocality score', () => {
  test.each(cases)('$name', ({ pod, nodes, want }) => {
    expect(runScore(imageLocalityScore(), pod, snapshotOf(nodes)).scores).toEqual(want);
  });

  test('an image name keeps the size of the first node (by name) that reported it', () => {
    const index = buildImageIndex(snapshotOf([withImages('b', ['x:v1', 800]), withImages('a', ['x:v1', 400])]));
    // a (first): 400 * 1/2 = 200; b: 400 * 2/2 = 400.
    expect(index.map((m) => m.get('x:v1'))).toEqual([400, 200]);
  });

  test('compareNames is byte order: node-10 sorts before node-2', () => {
    expect(['node-2', 'node-10', 'Node-3'].sort(compareNames)).toEqual(['Node-3', 'node-10', 'node-2']);
    expect(compareNames('a', 'ab')).toBe(-1);
    expect(compareNames('\u{10000}', '\uffff')).toBe(1);
  });

  test('scaledImageScore truncates size * numNodes / totalNodes', () => {
    expect(scaledImageScore(1000, 1, 3)).toBe(333);
    expect(scaledImageScore(1000, 2, 3)).toBe(666);
  });

  const imageNames = ['a:1', 'b', 'b:latest', 'c:2', 'd@sha256:ff'];
  const nodeArb = fc.array(
    fc.record({ names: fc.subarray(imageNames, { minLength: 1 }), size: fc.integer({ min: 0, max: 3000 * MiB }) }),
    { maxLength: 4 },
  );
  const clusterArb = fc.record({
    nodes: fc.array(nodeArb, { minLength: 1, maxLength: 8 }),
    images: fc.array(fc.constantFrom(...imageNames, 'e:3'), { minLength: 1, maxLength: 3 }),
  });
  const build = (nodes: { names: string[]; size: number }[][]) =>
    nodes.map((images, i) =>
      withImages(`node-${(i * 7) % 10}${i}`, ...images.map((im) => [im.names, im.size] as [string[], number])),
    );

  test('property: scoreAll equals score node by node, and every score lies in [0, 100]', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, images }) => {
        const plugin = imageLocalityScore();
        const snapshot = snapshotOf(build(nodes));
        const handle = handleOf(snapshot);
        const pod = podInfo(podWith(...images));
        const state = new CycleState();
        const all = Int32Array.from({ length: snapshot.nodeCount }, (_, i) => i);
        const out = new Float64Array(all.length);
        plugin.scoreAll!(state, pod, all, handle, out);
        for (let i = 0; i < all.length; i++) {
          const one = plugin.score(state, pod, i, handle);
          expect(out[i]).toBe(one);
          expect(one).toBeGreaterThanOrEqual(0);
          expect(one).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  test('property: a frozen node count never exceeds the full count, and the last node by name sees it', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes }) => {
        const snapshot = snapshotOf(build(nodes));
        const index = buildImageIndex(snapshot);
        const order = [...snapshot.nodeNames.keys()].sort((a, b) =>
          compareNames(snapshot.nodeNames[a]!, snapshot.nodeNames[b]!),
        );
        const holders = (name: string) =>
          snapshot.nodes.filter((n) => (n.status?.images ?? []).some((im) => im.names?.includes(name))).length;
        const firstSize = new Map<string, number>();
        for (const i of order) {
          for (const im of snapshot.nodes[i]!.status?.images ?? []) {
            for (const name of im.names ?? []) if (!firstSize.has(name)) firstSize.set(name, im.sizeBytes ?? 0);
          }
        }
        for (const [name, size] of firstSize) {
          const full = scaledImageScore(size, holders(name), snapshot.nodeCount);
          let last: number | undefined;
          for (const i of order) {
            const v = index[i]!.get(name);
            if (v === undefined) continue;
            expect(v).toBeLessThanOrEqual(full);
            last = v;
          }
          expect(last).toBe(full);
        }
      }),
    );
  });
});
