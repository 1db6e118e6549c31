import type { ContainerPort, Pod, Status } from '@peapod/core';
import { makeNode, makePod, runFilter, snapshotOf } from '@peapod/testing';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { nodePortsFilter, ReasonNodePortsConflict } from '../src/index.js';

const CONFLICT: Status = { code: 'Unschedulable', reasons: [ReasonNodePortsConflict] };

type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A pod whose only container uses the given `protocol/hostIP/port` host ports, as upstream's test helper. */
function podWithPorts(name: string, ...specs: string[]) {
  return specs.reduce((b, spec) => {
    const [protocol, ip, port] = spec.split('/') as [Protocol, string, string];
    return b.hostPort(Number(port), protocol, ip);
  }, makePod(name));
}

/** A pod whose first container has exactly these port entries. */
function podWithPortEntries(name: string, ports: ContainerPort[]) {
  return makePod(name).container({}, { ports });
}

interface Case {
  name: string;
  pod: Pod;
  /** Pods already on the node. */
  existing: Pod[];
  want: Status | null;
}

const on = (builder: ReturnType<typeof makePod>) => builder.node('n1').obj();

// Cases follow upstream node_ports_test.go TestNodePorts, then the v1.26 details.
const cases: Case[] = [
  { name: 'nothing running', pod: makePod('p').obj(), existing: [], want: null },
  {
    name: 'other port',
    pod: podWithPorts('p', 'UDP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'UDP/127.0.0.1/9090'))],
    want: null,
  },
  {
    name: 'same udp port',
    pod: podWithPorts('p', 'UDP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'UDP/127.0.0.1/8080'))],
    want: CONFLICT,
  },
  {
    name: 'same tcp port',
    pod: podWithPorts('p', 'TCP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'TCP/127.0.0.1/8080'))],
    want: CONFLICT,
  },
  {
    name: 'different host ip',
    pod: podWithPorts('p', 'TCP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'TCP/127.0.0.2/8080'))],
    want: null,
  },
  {
    name: 'different protocol',
    pod: podWithPorts('p', 'UDP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'TCP/127.0.0.1/8080'))],
    want: null,
  },
  {
    name: 'second udp port conflict',
    pod: podWithPorts('p', 'TCP/127.0.0.1/8000', 'UDP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'UDP/127.0.0.1/8080'))],
    want: CONFLICT,
  },
  {
    name: 'first tcp port conflict',
    pod: podWithPorts('p', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8080').obj(),
    existing: [on(podWithPorts('a', 'TCP/127.0.0.1/8001', 'UDP/127.0.0.1/8081'))],
    want: CONFLICT,
  },
  {
    name: 'first tcp port conflict due to 0.0.0.0 hostIP',
    pod: podWithPorts('p', 'TCP/0.0.0.0/8001').obj(),
    existing: [on(podWithPorts('a', 'TCP/127.0.0.1/8001'))],
    want: CONFLICT,
  },
  {
    name: 'TCP hostPort conflict due to 0.0.0.0 hostIP',
    pod: podWithPorts('p', 'TCP/10.0.10.10/8001', 'TCP/0.0.0.0/8001').obj(),
    existing: [on(podWithPorts('a', 'TCP/127.0.0.1/8001'))],
    want: CONFLICT,
  },
  {
    name: 'second tcp port conflict to 0.0.0.0 hostIP',
    pod: podWithPorts('p', 'TCP/127.0.0.1/8001').obj(),
    existing: [on(podWithPorts('a', 'TCP/0.0.0.0/8001'))],
    want: CONFLICT,
  },
  {
    name: 'second different protocol',
    pod: podWithPorts('p', 'UDP/127.0.0.1/8001').obj(),
    existing: [on(podWithPorts('a', 'TCP/0.0.0.0/8001'))],
    want: null,
  },
  {
    name: 'UDP hostPort conflict due to 0.0.0.0 hostIP',
    pod: podWithPorts('p', 'UDP/127.0.0.1/8001').obj(),
    existing: [on(podWithPorts('a', 'TCP/0.0.0.0/8001', 'UDP/0.0.0.0/8001'))],
    want: CONFLICT,
  },
  {
    name: 'an empty hostIP means 0.0.0.0 and conflicts with a specific IP',
    pod: podWithPortEntries('p', [{ containerPort: 80, hostPort: 8080 }]).obj(),
    existing: [on(podWithPorts('a', 'TCP/10.1.2.3/8080'))],
    want: CONFLICT,
  },
  {
    name: 'an unset protocol means TCP',
    pod: podWithPortEntries('p', [{ containerPort: 80, hostPort: 8080, hostIP: '10.1.2.3' }]).obj(),
    existing: [on(podWithPorts('a', 'TCP/10.1.2.3/8080'))],
    want: CONFLICT,
  },
  {
    name: 'an unset protocol does not conflict with UDP',
    pod: podWithPortEntries('p', [{ containerPort: 80, hostPort: 8080 }]).obj(),
    existing: [on(podWithPorts('a', 'UDP/0.0.0.0/8080'))],
    want: null,
  },
  {
    name: 'container ports without hostPort never conflict',
    pod: podWithPortEntries('p', [{ containerPort: 8080, hostPort: 0 }, { containerPort: 8080 }]).obj(),
    existing: [on(podWithPortEntries('a', [{ containerPort: 8080, hostPort: 0 }, { containerPort: 8080 }]))],
    want: null,
  },
  {
    name: 'the ports of any pod on the node count, not only the first',
    pod: podWithPorts('p', 'TCP/0.0.0.0/9000').obj(),
    existing: [on(podWithPorts('a', 'TCP/0.0.0.0/8000')), on(makePod('b')), on(podWithPorts('c', 'TCP/0.0.0.0/9000'))],
    want: CONFLICT,
  },
  {
    name: 'v1.26: host ports of the incoming pod’s init containers are not checked',
    pod: makePod('p')
      .initContainer({}, { ports: [{ containerPort: 80, hostPort: 8080 }] })
      .obj(),
    existing: [on(podWithPorts('a', 'TCP/0.0.0.0/8080'))],
    want: null,
  },
  {
    name: 'v1.26: host ports of a running pod’s init containers (even sidecars) are not used ports',
    pod: podWithPorts('p', 'TCP/0.0.0.0/8080').obj(),
    existing: [on(makePod('a').sidecar({}, { ports: [{ containerPort: 80, hostPort: 8080 }] }))],
    want: null,
  },
  {
    name: 'a second container’s ports count',
    pod: makePod('p')
      .container()
      .container({}, { ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }] })
      .obj(),
    existing: [on(podWithPorts('a', 'UDP/0.0.0.0/53'))],
    want: CONFLICT,
  },
  {
    name: 'a hostNetwork pod uses its containerPorts on the host (API defaulting)',
    pod: podWithPortEntries('p', [{ containerPort: 9100 }]).obj(),
    existing: [on(makePod('exporter').container({}, { ports: [{ containerPort: 9100 }] }))].map((p) => ({
      ...p,
      spec: { ...p.spec, hostNetwork: true },
    })),
    want: null,
  },
  {
    name: 'two hostNetwork pods on the same containerPort conflict',
    pod: ((p: Pod) => ({ ...p, spec: { ...p.spec, hostNetwork: true } }))(
      podWithPortEntries('p', [{ containerPort: 9100 }]).obj(),
    ),
    existing: [on(makePod('exporter').container({}, { ports: [{ containerPort: 9100 }] }))].map((p) => ({
      ...p,
      spec: { ...p.spec, hostNetwork: true },
    })),
    want: CONFLICT,
  },
];

describe('NodePorts filter', () => {
  test.each(cases)('$name', ({ pod, existing, want }) => {
    const snapshot = snapshotOf([makeNode('n1').obj()], existing);
    const { preFilter, statuses } = runFilter(nodePortsFilter(), pod, snapshot);
    expect(preFilter).toBeNull();
    expect(statuses).toEqual([want]);
  });

  test('only the node that runs the conflicting pod rejects, with one shared status', () => {
    const nodes = ['n1', 'n2', 'n3'].map((n) => makeNode(n).obj());
    const existing = [
      podWithPorts('a', 'TCP/0.0.0.0/80').node('n1').obj(),
      podWithPorts('b', 'TCP/0.0.0.0/81').node('n2').obj(),
      podWithPorts('c', 'TCP/0.0.0.0/80').node('n3').obj(),
    ];
    const { statuses } = runFilter(
      nodePortsFilter(),
      podWithPorts('p', 'TCP/0.0.0.0/80').obj(),
      snapshotOf(nodes, existing),
    );
    expect(statuses).toEqual([CONFLICT, null, CONFLICT]);
    expect(statuses[0]).toBe(statuses[2]);
  });

  const port = fc.record({
    protocol: fc.constantFrom<Protocol>('TCP', 'UDP'),
    ip: fc.constantFrom('', '0.0.0.0', '10.0.0.1', '10.0.0.2'),
    port: fc.constantFrom(0, 80, 443),
  });
  const portsPod = (name: string, ports: { protocol: Protocol; ip: string; port: number }[]) =>
    podWithPortEntries(
      name,
      ports.map((p) => ({
        containerPort: 1,
        hostPort: p.port,
        protocol: p.protocol,
        ...(p.ip === '' ? {} : { hostIP: p.ip }),
      })),
    );

  test('property: a conflict is symmetric and matches the HostPortInfo rule', () => {
    fc.assert(
      fc.property(fc.array(port, { maxLength: 3 }), fc.array(port, { maxLength: 3 }), (mine, theirs) => {
        const node = [makeNode('n1').obj()];
        const run = (a: typeof mine, b: typeof mine) =>
          runFilter(nodePortsFilter(), portsPod('p', a).obj(), snapshotOf(node, [portsPod('q', b).node('n1').obj()]))
            .statuses[0];
        const bindAll = (ip: string) => ip === '' || ip === '0.0.0.0';
        const expected = mine.some((m) =>
          theirs.some(
            (t) =>
              m.port > 0 &&
              m.port === t.port &&
              m.protocol === t.protocol &&
              (bindAll(m.ip) || bindAll(t.ip) || m.ip === t.ip),
          ),
        );
        expect(run(mine, theirs)).toEqual(expected ? CONFLICT : null);
        expect(run(theirs, mine)).toEqual(run(mine, theirs));
      }),
    );
  });
});
