import {
  type CycleState,
  type FilterPlugin,
  type Handle,
  type MaybeStatus,
  PluginNames,
  type PodInfo,
  type PreFilterPlugin,
  stateKey,
  unresolvable,
  unschedulable,
} from '@peapod/core';
import { filterAllUnless } from '../helper/node-verdicts.js';
import { ReasonDiskConflict, ReasonReadWriteOncePodConflict } from '../reasons.js';
import { claimNotFound, findClaim } from '../volume-binding/claims.js';
import { type DiskVolume, isDiskVolume, isVolumeConflict } from './disk-conflict.js';

export { isVolumeConflict } from './disk-conflict.js';

/** Feature gates VolumeRestrictions reads (upstream `feature.Features`), as v1.26 defaults them. */
export interface VolumeRestrictionsFeatures {
  /**
   * `ReadWriteOncePod`: alpha and off in v1.26. When on, v1.26 rejects a pod in PreFilter, for every node,
   * if any pod in the cluster already uses one of its ReadWriteOncePod claims (UnschedulableAndUnresolvable,
   * so preemption does not try). v1.27 (beta) moved the check to Filter as Unschedulable, with preemption.
   */
  readonly enableReadWriteOncePod?: boolean;
}

const DISKS = stateKey<readonly DiskVolume[]>('PreFilterVolumeRestrictions');
const DISK_CONFLICT = unschedulable(ReasonDiskConflict);
const RWOP_CONFLICT = unresolvable(ReasonReadWriteOncePodConflict);

/**
 * v1.26 `isReadWriteOncePodAccessModeConflict`: the pod's `persistentVolumeClaim` volumes whose claim asks
 * for ReadWriteOncePod must not be used by any pod on any node (upstream `NodeInfo.PVCRefCounts`).
 */
function readWriteOncePodConflict(pod: PodInfo, handle: Handle): MaybeStatus {
  const keys = new Set<string>();
  for (const volume of pod.pod.spec.volumes ?? []) {
    const ref = volume.persistentVolumeClaim;
    if (ref == null) continue;
    const claim = findClaim(handle.cluster, pod.namespace, ref.claimName);
    if (claim === undefined) return unresolvable(claimNotFound(ref.claimName));
    if ((claim.spec.accessModes ?? []).includes('ReadWriteOncePod')) keys.add(ref.claimName);
  }
  if (keys.size === 0) return null;
  for (const pods of handle.snapshot.podsOnNode) {
    for (const other of pods) {
      if (other.namespace !== pod.namespace) continue;
      for (const v of other.pod.spec.volumes ?? []) {
        if (v.persistentVolumeClaim != null && keys.has(v.persistentVolumeClaim.claimName)) return RWOP_CONFLICT;
      }
    }
  }
  return null;
}

/**
 * VolumeRestrictions (upstream v1.26 `volume_restrictions.go`): a GCE PD, AWS EBS, RBD or iSCSI disk the pod
 * mounts must not already be mounted in a conflicting way by a pod on the node (Unschedulable, so preemption
 * may free it); with the ReadWriteOncePod gate on, the v1.26 alpha check in PreFilter as well.
 */
export function volumeRestrictionsFilter(features: VolumeRestrictionsFeatures = {}): PreFilterPlugin & FilterPlugin {
  const enableReadWriteOncePod = features.enableReadWriteOncePod ?? false;
  return {
    name: PluginNames.VolumeRestrictions,

    preFilter(state: CycleState, pod: PodInfo, handle: Handle): MaybeStatus {
      state.write(DISKS, (pod.pod.spec.volumes ?? []).filter(isDiskVolume));
      return enableReadWriteOncePod ? readWriteOncePodConflict(pod, handle) : null;
    },

    filterAll: filterAllUnless((state) => state.read(DISKS).length === 0),

    filter(state: CycleState, _pod: PodInfo, node: number, handle: Handle): MaybeStatus {
      const disks = state.read(DISKS);
      if (disks.length === 0) return null;
      const pods = handle.snapshot.podsOnNode[node]!;
      for (let i = 0; i < disks.length; i++) {
        for (let j = 0; j < pods.length; j++) {
          if (isVolumeConflict(disks[i]!, pods[j]!.pod)) return DISK_CONFLICT;
        }
      }
      return null;
    },
  } satisfies PreFilterPlugin & FilterPlugin;
}
