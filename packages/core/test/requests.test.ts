import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ResourceList } from '../src/model/meta.js';
import type { Container, Pod } from '../src/model/pod.js';
import {
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  isPodLevelRequestsSet,
  isPodTerminal,
  nonZeroPodRequests,
  podRequests,
  type ResourceAmounts,
  resourceAmounts,
} from '../src/requests.js';

const Mi = 1024 * 1024;
const Gi = 1024 * Mi;

interface PodSpecLite {
  containers?: (ResourceList | null)[];
  init?: (ResourceList | null)[];
  /** Indexes into `init` that are sidecars. */
  sidecars?: number[];
  overhead?: ResourceList;
  podLevel?: ResourceList;
}

const container = (name: string, requests: ResourceList | null): Container =>
  requests === null ? { name } : { name, resources: { requests } };

function pod({ containers = [null], init = [], sidecars = [], overhead, podLevel }: PodSpecLite): Pod {
  return {
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: containers.map((r, i) => container(`c${i}`, r)),
      initContainers: init.map((r, i) => ({
        ...container(`i${i}`, r),
        ...(sidecars.includes(i) ? { restartPolicy: 'Always' } : {}),
      })),
      ...(overhead ? { overhead } : {}),
      ...(podLevel ? { resources: { requests: podLevel } } : {}),
    },
  };
}

describe('podRequests (component-helpers PodRequests)', () => {
  test.each<{ name: string; spec: PodSpecLite; want: ResourceAmounts }>([
    { name: 'no requests at all', spec: { containers: [null, {}] }, want: {} },
    { name: 'one container', spec: { containers: [{ cpu: '500m', memory: '1Gi' }] }, want: { cpu: 500, memory: Gi } },
    {
      name: 'containers are summed',
      spec: {
        containers: [
          { cpu: '500m', memory: '1Gi' },
          { cpu: 1, memory: '512Mi' },
        ],
      },
      want: { cpu: 1500, memory: Gi + 512 * Mi },
    },
    { name: 'explicit zero is kept', spec: { containers: [{ cpu: '0', memory: 0 }] }, want: { cpu: 0, memory: 0 } },
    { name: 'zero beside a missing request', spec: { containers: [{ cpu: '0' }, null] }, want: { cpu: 0 } },
    {
      name: 'each container rounds up on its own',
      spec: { containers: [{ cpu: '0.1m' }, { cpu: '0.1m' }] },
      want: { cpu: 2 },
    },
    {
      name: 'extended resources and hugepages are summed',
      spec: { containers: [{ 'nvidia.com/gpu': 1, 'hugepages-2Mi': '64Mi' }, { 'nvidia.com/gpu': '2' }] },
      want: { 'nvidia.com/gpu': 3, 'hugepages-2Mi': 64 * Mi },
    },
    {
      name: 'a bigger init container wins per resource',
      spec: { containers: [{ cpu: '1', memory: '1Gi' }], init: [{ cpu: '2', memory: '100Mi' }] },
      want: { cpu: 2000, memory: Gi },
    },
    {
      name: 'init containers run one at a time: max, not sum',
      spec: { containers: [{ cpu: '100m' }], init: [{ cpu: '1' }, { cpu: '2' }, { cpu: '500m' }] },
      want: { cpu: 2000 },
    },
    {
      name: 'a resource only an init container requests',
      spec: { containers: [{ cpu: '1' }], init: [{ 'nvidia.com/gpu': 1 }] },
      want: { cpu: 1000, 'nvidia.com/gpu': 1 },
    },
    {
      name: 'a sidecar adds to the containers',
      spec: { containers: [{ cpu: '1' }], init: [{ cpu: '500m' }], sidecars: [0] },
      want: { cpu: 1500 },
    },
    {
      name: 'a sidecar declared before an init container runs beside it',
      spec: { containers: [{ cpu: '100m' }], init: [{ cpu: '1' }, { cpu: '2' }], sidecars: [0] },
      want: { cpu: 3000 },
    },
    {
      name: 'a sidecar declared after an init container does not run beside it',
      spec: { containers: [{ cpu: '100m' }], init: [{ cpu: '2' }, { cpu: '1' }], sidecars: [1] },
      want: { cpu: 2000 },
    },
    {
      name: 'sidecars accumulate for later init containers',
      spec: { containers: [{ cpu: '100m' }], init: [{ cpu: '1' }, { cpu: '1' }, { cpu: '1500m' }], sidecars: [0, 1] },
      want: { cpu: 3500 },
    },
    {
      name: 'sidecars plus containers beat a small init container',
      spec: { containers: [{ cpu: '2' }], init: [{ cpu: '1' }, { cpu: '1500m' }], sidecars: [0] },
      want: { cpu: 3000 },
    },
    {
      name: 'sidecar between two init containers',
      spec: { containers: [{ cpu: '0' }], init: [{ cpu: '3' }, { cpu: '1' }, { cpu: '2500m' }], sidecars: [1] },
      want: { cpu: 3500 },
    },
    {
      name: 'overhead is added after the init max',
      spec: { containers: [{ cpu: '1' }], init: [{ cpu: '2' }], overhead: { cpu: '250m', memory: '120Mi' } },
      want: { cpu: 2250, memory: 120 * Mi },
    },
    {
      name: 'pod-level requests replace cpu and memory, other resources stay summed',
      spec: {
        containers: [{ cpu: '1', memory: '1Gi', 'nvidia.com/gpu': 1 }, { cpu: '1' }],
        podLevel: { cpu: '3', memory: '2Gi' },
      },
      want: { cpu: 3000, memory: 2 * Gi, 'nvidia.com/gpu': 1 },
    },
    {
      name: 'pod-level cpu only leaves memory to the containers',
      spec: { containers: [{ cpu: '1', memory: '1Gi' }], init: [{ memory: '2Gi' }], podLevel: { cpu: '500m' } },
      want: { cpu: 500, memory: 2 * Gi },
    },
    {
      name: 'pod-level hugepages replace the container sum',
      spec: { containers: [{ 'hugepages-2Mi': '4Mi' }], podLevel: { cpu: '1', 'hugepages-2Mi': '8Mi' } },
      want: { cpu: 1000, 'hugepages-2Mi': 8 * Mi },
    },
    {
      name: 'pod-level requests of unsupported resources are ignored',
      spec: { containers: [{ 'nvidia.com/gpu': 1 }], podLevel: { 'nvidia.com/gpu': 4, 'ephemeral-storage': '1Gi' } },
      want: { 'nvidia.com/gpu': 1 },
    },
    {
      name: 'overhead is added on top of pod-level requests',
      spec: { containers: [{ cpu: '1' }], podLevel: { cpu: '2' }, overhead: { cpu: '100m' } },
      want: { cpu: 2100 },
    },
  ])('$name', ({ spec, want }) => {
    expect(podRequests(pod(spec))).toEqual(want);
  });

  test('excludeOverhead leaves spec.overhead out', () => {
    expect(podRequests(pod({ containers: [{ cpu: '1' }], overhead: { cpu: '1' } }), { excludeOverhead: true })).toEqual(
      {
        cpu: 1000,
      },
    );
  });

  test('nonMissingContainerRequests fills only missing requests, per container, init containers too', () => {
    const p = pod({ containers: [{ cpu: '0' }, null], init: [{ memory: '1Gi' }] });
    expect(podRequests(p, { nonMissingContainerRequests: { cpu: 100, memory: 10 } })).toEqual({ cpu: 100, memory: Gi });
  });
});

describe('limits default missing requests, as kube-apiserver defaulting does', () => {
  const withLimits = (resources: Container['resources']): Pod => ({
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [{ name: 'c', resources }],
      initContainers: [{ name: 'i', resources: { limits: { cpu: '3' } } }],
    },
  });
  test.each<{ name: string; resources: Container['resources']; want: ResourceAmounts }>([
    {
      name: 'only limits: requests equal limits',
      resources: { limits: { cpu: '2', memory: '1Gi' } },
      want: { cpu: 3000, memory: Gi },
    },
    {
      name: 'an explicit request wins over the limit',
      resources: { requests: { cpu: '500m' }, limits: { cpu: '4', memory: '1Gi' } },
      want: { cpu: 3000, memory: Gi },
    },
    {
      name: 'an explicit zero request stays zero',
      resources: { requests: { memory: '0' }, limits: { memory: '1Gi' } },
      want: { cpu: 3000, memory: 0 },
    },
  ])('$name', ({ resources, want }) => {
    expect(podRequests(withLimits(resources))).toEqual(want);
  });

  test('a limit counts as a request for the non-zero variant too', () => {
    const p: Pod = {
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', resources: { limits: { cpu: '2' } } }] },
    };
    expect(nonZeroPodRequests(p)).toEqual({ cpu: 2000, memory: DEFAULT_MEMORY_REQUEST });
  });
});

describe('nonZeroPodRequests (NodeInfo NonZeroRequested)', () => {
  const defaults = { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST };
  test.each<{ name: string; spec: PodSpecLite; want: { cpu: number; memory: number } }>([
    { name: 'constants', spec: { containers: [null] }, want: { cpu: 100, memory: 200 * Mi } },
    {
      name: 'each container without requests counts the defaults',
      spec: { containers: [null, null] },
      want: { cpu: 200, memory: 400 * Mi },
    },
    { name: 'explicit zero stays zero', spec: { containers: [{ cpu: 0, memory: '0' }] }, want: { cpu: 0, memory: 0 } },
    {
      name: 'missing memory only',
      spec: { containers: [{ cpu: '250m' }] },
      want: { cpu: 250, memory: defaults.memory },
    },
    { name: 'missing cpu only', spec: { containers: [{ memory: '1Gi' }] }, want: { cpu: defaults.cpu, memory: Gi } },
    {
      name: 'extended resources do not count as cpu or memory',
      spec: { containers: [{ 'nvidia.com/gpu': 1 }] },
      want: defaults,
    },
    {
      name: 'a defaulted init container is compared with the containers',
      spec: { containers: [{ cpu: '50m', memory: '10Mi' }], init: [null] },
      want: { cpu: 100, memory: 200 * Mi },
    },
    {
      name: 'overhead is added to the defaults',
      spec: { containers: [null], overhead: { cpu: '250m', memory: '64Mi' } },
      want: { cpu: 350, memory: 264 * Mi },
    },
    {
      name: 'pod-level requests replace the defaults',
      spec: { containers: [null, null], podLevel: { cpu: '1', memory: '1Gi' } },
      want: { cpu: 1000, memory: Gi },
    },
    {
      name: 'pod-level cpu only: memory missing everywhere gets the default per container',
      spec: { containers: [null, null], podLevel: { cpu: '1' } },
      want: { cpu: 1000, memory: 400 * Mi },
    },
    {
      name: 'pod-level cpu only: memory listed by one container gets no defaults',
      spec: { containers: [{ memory: '1Gi' }, null], podLevel: { cpu: '1' } },
      want: { cpu: 1000, memory: Gi },
    },
  ])('$name', ({ spec, want }) => {
    expect(nonZeroPodRequests(pod(spec))).toEqual(want);
  });
});

describe('helpers', () => {
  test('resourceAmounts converts a ResourceList', () => {
    expect(resourceAmounts({ cpu: '1.5', memory: '1Gi', pods: 110 })).toEqual({ cpu: 1500, memory: Gi, pods: 110 });
    expect(resourceAmounts(null)).toEqual({});
  });

  test.each<{ name: string; spec: PodSpecLite; want: boolean }>([
    { name: 'no pod-level resources', spec: {}, want: false },
    { name: 'cpu', spec: { podLevel: { cpu: '1' } }, want: true },
    { name: 'only unsupported resources', spec: { podLevel: { 'nvidia.com/gpu': 1 } }, want: false },
    { name: 'hugepages', spec: { podLevel: { 'hugepages-1Gi': '1Gi' } }, want: true },
  ])('isPodLevelRequestsSet: $name', ({ spec, want }) => {
    expect(isPodLevelRequestsSet(pod(spec))).toBe(want);
  });

  test.each([
    { phase: 'Succeeded' as const, want: true },
    { phase: 'Failed' as const, want: true },
    { phase: 'Running' as const, want: false },
    { phase: undefined, want: false },
  ])('isPodTerminal: $phase', ({ phase, want }) => {
    expect(isPodTerminal({ ...pod({}), status: phase ? { phase } : null })).toBe(want);
  });
});

describe('properties', () => {
  const resource = fc.constantFrom('cpu', 'memory', 'nvidia.com/gpu', 'hugepages-2Mi');
  const requests = fc.option(fc.dictionary(resource, fc.nat({ max: 5000 }), { maxKeys: 4 }), { nil: null });
  const spec = fc.record({
    containers: fc.array(requests, { minLength: 1, maxLength: 3 }),
    init: fc.array(requests, { maxLength: 4 }),
    sidecars: fc.uniqueArray(fc.nat({ max: 3 }), { maxLength: 4 }),
  });

  test('the pod requests at least what any single container, init container or sidecar requests', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const total = podRequests(pod(s));
        for (const list of [...s.containers, ...s.init]) {
          for (const [name, amount] of Object.entries(list ?? {})) {
            expect(total[name]).toBeGreaterThanOrEqual(resourceAmounts({ [name]: amount })[name]!);
          }
        }
      }),
    );
  });

  test('the requests are at least the sum of the regular containers and sidecars', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const total = podRequests(pod(s));
        const running: ResourceAmounts = {};
        const lists = [...s.containers, ...s.init.filter((_, i) => s.sidecars.includes(i))];
        for (const list of lists) {
          for (const [name, amount] of Object.entries(resourceAmounts(list)))
            running[name] = (running[name] ?? 0) + amount;
        }
        for (const [name, amount] of Object.entries(running)) expect(total[name]).toBeGreaterThanOrEqual(amount);
      }),
    );
  });

  test('non-zero requests equal the actual ones when every container lists cpu and memory', () => {
    const full = fc.record({ cpu: fc.nat({ max: 5000 }), memory: fc.nat({ max: 5000 }) });
    fc.assert(
      fc.property(fc.array(full, { minLength: 1, maxLength: 3 }), fc.array(full, { maxLength: 3 }), (cs, is) => {
        const p = pod({ containers: cs, init: is });
        const actual = podRequests(p);
        expect(nonZeroPodRequests(p)).toEqual({ cpu: actual.cpu, memory: actual.memory });
      }),
    );
  });
});
