/** Topology spread constraints and inter-pod (anti-)affinity of the `mixed` applications. */
import { APP_NAMESPACES } from './app-mix.js';
import type { KubeObject } from './objects.js';
import type { GenRandom } from './random.js';

const TOPOLOGY_KEYS: readonly (readonly [string, number])[] = [
  ['topology.kubernetes.io/zone', 45],
  ['kubernetes.io/hostname', 40],
  ['example.com/rack', 15],
];

export function spreadConstraints(app: string, random: GenRandom): KubeObject[] {
  const constraint = (): KubeObject => ({
    maxSkew: random.pick([1, 1, 2]),
    topologyKey: random.weighted(TOPOLOGY_KEYS),
    whenUnsatisfiable: random.pick(['DoNotSchedule', 'ScheduleAnyway']),
    labelSelector: random.chance(0.8)
      ? { matchLabels: { app } }
      : { matchExpressions: [{ key: 'app', operator: 'In', values: [app] }] },
    ...(random.chance(0.1) ? { nodeAffinityPolicy: random.pick(['Honor', 'Ignore']) } : {}),
    ...(random.chance(0.1) ? { nodeTaintsPolicy: random.pick(['Honor', 'Ignore']) } : {}),
  });
  return random.chance(0.25) ? [constraint(), constraint()] : [constraint()];
}

/** An affinity term: mostly about the app itself, sometimes about another app or a whole tier. */
function podAffinityTerm(app: string, otherApps: readonly string[], random: GenRandom, anti: boolean): KubeObject {
  const target = random.weighted<() => KubeObject>([
    [() => ({ matchLabels: { app } }), anti ? 85 : 60],
    [() => ({ matchLabels: { app: otherApps.length > 0 ? random.pick(otherApps) : app } }), anti ? 10 : 30],
    [() => ({ matchLabels: { tier: 'backend' } }), anti ? 5 : 10],
  ])();
  const topologyKey = anti
    ? random.weighted([
        ['kubernetes.io/hostname', 80],
        ['topology.kubernetes.io/zone', 20],
      ] as const)
    : random.weighted([
        ['topology.kubernetes.io/zone', 75],
        ['kubernetes.io/hostname', 25],
      ] as const);
  const namespaces = random.weighted<KubeObject>([
    [{}, 80],
    [{ namespaces: [random.pick(APP_NAMESPACES)[0]] }, 10],
    [
      { namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In', values: ['platform', 'payments'] }] } },
      10,
    ],
  ]);
  return { labelSelector: target, topologyKey, ...namespaces };
}

export function podAffinity(
  app: string,
  otherApps: readonly string[],
  random: GenRandom,
  anti: boolean,
): KubeObject | undefined {
  const kind = random.weighted(
    anti
      ? ([
          ['none', 88],
          ['required', 4.9],
          ['preferred', 5.9],
          ['both', 1.2],
        ] as const)
      : ([
          ['none', 91],
          ['required', 3.4],
          ['preferred', 5.5],
          ['both', 0.2],
        ] as const),
  );
  if (kind === 'none') return undefined;
  const required = kind === 'required' || kind === 'both' ? [podAffinityTerm(app, otherApps, random, anti)] : undefined;
  const preferred =
    kind === 'preferred' || kind === 'both'
      ? [{ weight: random.pick([10, 50, 100]), podAffinityTerm: podAffinityTerm(app, otherApps, random, anti) }]
      : undefined;
  return {
    ...(required !== undefined ? { requiredDuringSchedulingIgnoredDuringExecution: required } : {}),
    ...(preferred !== undefined ? { preferredDuringSchedulingIgnoredDuringExecution: preferred } : {}),
  };
}
