import type { Pod, Volume } from '@peapod/core';

/** A pod volume VolumeRestrictions checks: one of the in-tree disk sources that allow a single writer. */
export type DiskVolume = Volume &
  (
    | { readonly gcePersistentDisk: NonNullable<Volume['gcePersistentDisk']> }
    | { readonly awsElasticBlockStore: NonNullable<Volume['awsElasticBlockStore']> }
    | { readonly rbd: NonNullable<Volume['rbd']> }
    | { readonly iscsi: NonNullable<Volume['iscsi']> }
  );

/** Upstream's fast path: only GCE PD, AWS EBS, RBD and iSCSI volumes can conflict. */
export function isDiskVolume(v: Volume): v is DiskVolume {
  return v.gcePersistentDisk != null || v.awsElasticBlockStore != null || v.rbd != null || v.iscsi != null;
}

/** API defaulting: an absent or empty RBD pool is `rbd`. */
function rbdPool(pool: string | null | undefined): string {
  return pool || 'rbd';
}

/** Upstream `haveOverlap`: the two monitor lists share an entry. */
function haveOverlap(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (b.includes(a[i]!)) return true;
  return false;
}

/**
 * Upstream `isVolumeConflict`: does `volume` conflict with any volume of `pod`?
 * - GCE PD: same `pdName`, unless both mounts are read-only;
 * - AWS EBS: same `volumeID`, read-only or not;
 * - iSCSI: same `iqn`, unless both are read-only;
 * - RBD: a common monitor, the same pool and image, unless both are read-only.
 */
export function isVolumeConflict(volume: Volume, pod: Pod): boolean {
  const existing = pod.spec.volumes;
  if (existing == null) return false;
  for (let i = 0; i < existing.length; i++) {
    const other = existing[i]!;
    const disk = volume.gcePersistentDisk;
    const otherDisk = other.gcePersistentDisk;
    if (disk != null && otherDisk != null) {
      if (disk.pdName === otherDisk.pdName && !(disk.readOnly && otherDisk.readOnly)) return true;
    }
    const ebs = volume.awsElasticBlockStore;
    const otherEbs = other.awsElasticBlockStore;
    if (ebs != null && otherEbs != null && ebs.volumeID === otherEbs.volumeID) return true;
    const iscsi = volume.iscsi;
    const otherIscsi = other.iscsi;
    if (iscsi != null && otherIscsi != null) {
      if (iscsi.iqn === otherIscsi.iqn && !(iscsi.readOnly && otherIscsi.readOnly)) return true;
    }
    const rbd = volume.rbd;
    const otherRbd = other.rbd;
    if (
      rbd != null &&
      otherRbd != null &&
      haveOverlap(rbd.monitors, otherRbd.monitors) &&
      rbdPool(rbd.pool) === rbdPool(otherRbd.pool) &&
      rbd.image === otherRbd.image &&
      !(rbd.readOnly && otherRbd.readOnly)
    ) {
      return true;
    }
  }
  return false;
}
