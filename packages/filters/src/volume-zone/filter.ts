import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type LabelMap,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  type Status,
  stateKey,
  unresolvable,
} from '@peapod/core';
import { filterAllUnless } from '../helper/node-verdicts.js';
import { ReasonVolumeZoneConflict } from '../reasons.js';
import {
  claimClassName,
  claimNotFound,
  classNotFound,
  findClaim,
  findClass,
  findVolume,
  isWaitForFirstConsumer,
  volumeNotFound,
} from '../volume-binding/claims.js';

/** The node and PV labels VolumeZone compares (upstream `volumeZoneLabels`): beta and GA zone and region. */
export const VOLUME_ZONE_LABELS: readonly string[] = [
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
];

/** Multi-zone PV label values are sets joined with `__` (upstream `LabelMultiZoneDelimiter`). */
const MULTI_ZONE_DELIMITER = '__';

/**
 * Upstream `volumehelpers.LabelZonesToSet`: `a__b` is {a, b}, each part trimmed; an empty part makes the
 * whole value invalid (undefined), and upstream then ignores the label.
 */
export function labelZonesToSet(value: string): ReadonlySet<string> | undefined {
  const zones = new Set<string>();
  for (const part of value.split(MULTI_ZONE_DELIMITER)) {
    const zone = part.trim();
    if (zone === '') return undefined;
    zones.add(zone);
  }
  return zones;
}

interface ZoneConstraint {
  readonly key: string;
  readonly zones: ReadonlySet<string>;
}

/**
 * What upstream v1.26's Filter would find walking the pod's volumes, in order: the zone labels of a bound PV
 * (`constraints`), or a status it returns on the spot (a missing claim, class or PV). Nothing after a status
 * is reached upstream, so the list ends there.
 */
type Step = { readonly constraints: readonly ZoneConstraint[] } | { readonly status: Status };

const ZONE_STATE = stateKey<readonly Step[]>('PreFilterVolumeZone');
const CONFLICT = unresolvable(ReasonVolumeZoneConflict);
const NO_STEPS: readonly Step[] = [];

function pvConstraints(labels: LabelMap): ZoneConstraint[] {
  const constraints: ZoneConstraint[] = [];
  if (labels == null) return constraints;
  for (const key of VOLUME_ZONE_LABELS) {
    if (!Object.hasOwn(labels, key)) continue;
    const zones = labelZonesToSet(labels[key]!);
    if (zones !== undefined) constraints.push({ key, zones });
  }
  return constraints;
}

function podSteps(pod: PodInfo, handle: Handle): Step[] {
  const steps: Step[] = [];
  for (const volume of pod.pod.spec.volumes ?? []) {
    const ref = volume.persistentVolumeClaim;
    if (ref == null) continue;
    if (ref.claimName === '') return [...steps, { status: unresolvable('PersistentVolumeClaim had no name') }];
    const claim = findClaim(handle.cluster, pod.namespace, ref.claimName);
    if (claim === undefined) return [...steps, { status: unresolvable(claimNotFound(ref.claimName)) }];
    const pvName = claim.spec.volumeName ?? '';
    if (pvName === '') {
      const className = claimClassName(claim, handle.cluster.storageClasses);
      if (className === '') {
        return [...steps, { status: unresolvable('PersistentVolumeClaim had no pv name and storageClass name') }];
      }
      const sc = findClass(handle.cluster, className);
      if (sc === undefined) return [...steps, { status: unresolvable(classNotFound(className)) }];
      // Unbound WaitForFirstConsumer claims are skipped: VolumeBinding picks a PV for the node.
      if (isWaitForFirstConsumer(sc)) continue;
      return [...steps, { status: unresolvable('PersistentVolume had no name') }];
    }
    const pv = findVolume(handle.cluster, pvName);
    if (pv === undefined) return [...steps, { status: unresolvable(volumeNotFound(pvName)) }];
    const constraints = pvConstraints(pv.metadata.labels);
    if (constraints.length > 0) steps.push({ constraints });
  }
  return steps;
}

function hasZoneLabel(labels: LabelMap): boolean {
  if (labels == null) return false;
  for (let i = 0; i < VOLUME_ZONE_LABELS.length; i++) {
    if (Object.hasOwn(labels, VOLUME_ZONE_LABELS[i]!)) return true;
  }
  return false;
}

/**
 * VolumeZone (upstream v1.26 `volume_zone.go`, which has only Filter): the zone and region labels of the PVs
 * of the pod's bound claims must include the node's values for the same keys. A node with none of those labels
 * passes. The per-pod walk runs here in PreFilter, which never rejects: its outcomes are returned per node
 * exactly where upstream's Filter would return them.
 */
export function volumeZoneFilter(): PreFilterPlugin & FilterPlugin {
  return {
    name: PluginNames.VolumeZone,

    preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus {
      const steps = (pod.pod.spec.volumes ?? []).length === 0 ? NO_STEPS : podSteps(pod, handle);
      state.write(ZONE_STATE, steps.length === 0 ? NO_STEPS : steps);
      return null;
    },

    filterAll: filterAllUnless((state) => state.read(ZONE_STATE).length === 0),

    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const steps = state.read(ZONE_STATE);
      if (steps.length === 0) return null;
      const labels = handle.snapshot.nodes[node]!.metadata.labels;
      // Upstream fast path: a node without zone constraints is fine.
      if (labels == null || !hasZoneLabel(labels)) return null;
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if ('status' in step) return step.status;
        const constraints = step.constraints;
        for (let j = 0; j < constraints.length; j++) {
          const { key, zones } = constraints[j]!;
          // A key the node lacks reads as "", which no zone set contains.
          if (!Object.hasOwn(labels, key) || !zones.has(labels[key]!)) return CONFLICT;
        }
      }
      return null;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
