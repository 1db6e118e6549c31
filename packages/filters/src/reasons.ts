/**
 * Upstream's filter failure reasons, byte for byte (kube-scheduler v1.26 `plugins/*`). A leaf file: it
 * imports nothing. Tests build expected statuses from these constants.
 */

// NodeResourcesFit (noderesources/fit.go)
export const ReasonTooManyPods = 'Too many pods';
/** `Insufficient <resource>`, e.g. `Insufficient cpu`, `Insufficient nvidia.com/gpu`. */
export const reasonInsufficient = (resource: string): string => `Insufficient ${resource}`;

// NodeUnschedulable (nodeunschedulable/node_unschedulable.go)
export const ReasonNodeUnschedulable = 'node(s) were unschedulable';
export const ReasonNodeUnknownCondition = 'node(s) had unknown conditions';

// NodeName (nodename/node_name.go)
export const ReasonNodeNameMismatch = "node(s) didn't match the requested node name";

// NodePorts (nodeports/node_ports.go)
export const ReasonNodePortsConflict = "node(s) didn't have free ports for the requested pod ports";

// NodeAffinity (nodeaffinity/node_affinity.go)
export const ReasonNodeAffinityMismatch = "node(s) didn't match Pod's node affinity/selector";
export const ReasonNodeAffinityEnforced = "node(s) didn't match scheduler-enforced node affinity";
export const ReasonNodeAffinityConflict = 'pod affinity terms conflict';

// TaintToleration (tainttoleration/taint_toleration.go)
/** `node(s) had untolerated taint {key: value}` (value may be empty: `{key: }`). */
export const reasonUntoleratedTaint = (key: string, value: string): string =>
  `node(s) had untolerated taint {${key}: ${value}}`;

// PodTopologySpread (podtopologyspread/filtering.go)
export const ReasonTopologySpreadMismatch = "node(s) didn't match pod topology spread constraints";
export const ReasonTopologySpreadMissingLabel = `${ReasonTopologySpreadMismatch} (missing required label)`;

// InterPodAffinity (interpodaffinity/filtering.go). v1.26 reports one reason per node; releases up to ~v1.23 also
// added "node(s) didn't match pod affinity/anti-affinity", which the v1.26 corpus does not show.
export const ReasonExistingAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules";
export const ReasonPodAffinity = "node(s) didn't match pod affinity rules";
export const ReasonPodAntiAffinity = "node(s) didn't match pod anti-affinity rules";

// VolumeBinding (volumebinding/volume_binding.go, binder.go)
export const ReasonUnboundImmediatePVC = 'pod has unbound immediate PersistentVolumeClaims';
export const ReasonVolumeBindConflict = "node(s) didn't find available persistent volumes to bind";
export const ReasonVolumeNodeConflict = 'node(s) had volume node affinity conflict';
export const ReasonVolumeNotEnoughSpace = 'node(s) did not have enough free storage';
export const ReasonPVNotExist = 'pvc(s) bound to non-existent pv(s)';

// VolumeRestrictions (volumerestrictions/volume_restrictions.go)
export const ReasonDiskConflict = 'node(s) had no available disk';
export const ReasonReadWriteOncePodConflict =
  'node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode';

// VolumeZone (volumezone/volume_zone.go)
export const ReasonVolumeZoneConflict = 'node(s) had no available volume zone';
