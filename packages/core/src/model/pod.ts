import { z } from 'zod';
import {
  LabelSelectorSchema,
  NodeSelectorSchema,
  NodeSelectorTermSchema,
  ObjectMetaSchema,
  ResourceListSchema,
  TolerationSchema,
} from './meta.js';

export const ContainerPortSchema = z.looseObject({
  name: z.string().optional(),
  containerPort: z.number().int().min(1).max(65535),
  hostPort: z.number().int().min(0).max(65535).nullish(),
  hostIP: z.string().nullish(),
  protocol: z.enum(['TCP', 'UDP', 'SCTP']).nullish(),
});
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

export const ResourceRequirementsSchema = z.looseObject({
  requests: ResourceListSchema.nullish(),
  limits: ResourceListSchema.nullish(),
});
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

export const ContainerSchema = z.looseObject({
  name: z.string().min(1, 'name is required'),
  image: z.string().nullish(),
  ports: z.array(ContainerPortSchema).nullish(),
  resources: ResourceRequirementsSchema.nullish(),
  /** Only on init containers: `Always` makes it a sidecar that keeps running beside the app containers. */
  restartPolicy: z.string().nullish(),
});
export type Container = z.infer<typeof ContainerSchema>;

export const PreferredSchedulingTermSchema = z.looseObject({
  weight: z.number().int().min(1).max(100),
  preference: NodeSelectorTermSchema,
});
export type PreferredSchedulingTerm = z.infer<typeof PreferredSchedulingTermSchema>;

export const NodeAffinitySchema = z.looseObject({
  requiredDuringSchedulingIgnoredDuringExecution: NodeSelectorSchema.nullish(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(PreferredSchedulingTermSchema).nullish(),
});
export type NodeAffinity = z.infer<typeof NodeAffinitySchema>;

export const PodAffinityTermSchema = z.looseObject({
  labelSelector: LabelSelectorSchema.nullish(),
  namespaces: z.array(z.string()).nullish(),
  namespaceSelector: LabelSelectorSchema.nullish(),
  topologyKey: z.string().min(1, 'topologyKey is required'),
  matchLabelKeys: z.array(z.string()).nullish(),
  mismatchLabelKeys: z.array(z.string()).nullish(),
});
export type PodAffinityTerm = z.infer<typeof PodAffinityTermSchema>;

export const WeightedPodAffinityTermSchema = z.looseObject({
  weight: z.number().int().min(1).max(100),
  podAffinityTerm: PodAffinityTermSchema,
});
export type WeightedPodAffinityTerm = z.infer<typeof WeightedPodAffinityTermSchema>;

export const PodAffinitySchema = z.looseObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(PodAffinityTermSchema).nullish(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(WeightedPodAffinityTermSchema).nullish(),
});
export type PodAffinity = z.infer<typeof PodAffinitySchema>;

export const AffinitySchema = z.looseObject({
  nodeAffinity: NodeAffinitySchema.nullish(),
  podAffinity: PodAffinitySchema.nullish(),
  podAntiAffinity: PodAffinitySchema.nullish(),
});
export type Affinity = z.infer<typeof AffinitySchema>;

export const TopologySpreadConstraintSchema = z.looseObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: LabelSelectorSchema.nullish(),
  minDomains: z.number().int().min(1).nullish(),
  nodeAffinityPolicy: z.enum(['Honor', 'Ignore']).nullish(),
  nodeTaintsPolicy: z.enum(['Honor', 'Ignore']).nullish(),
  matchLabelKeys: z.array(z.string()).nullish(),
});
export type TopologySpreadConstraint = z.infer<typeof TopologySpreadConstraintSchema>;

/** In-tree disk volume sources that VolumeRestrictions checks for conflicting mounts on a node. */
export const GCEPersistentDiskVolumeSourceSchema = z.looseObject({
  pdName: z.string(),
  fsType: z.string().nullish(),
  partition: z.number().int().nullish(),
  readOnly: z.boolean().nullish(),
});
export const AWSElasticBlockStoreVolumeSourceSchema = z.looseObject({
  volumeID: z.string(),
  fsType: z.string().nullish(),
  partition: z.number().int().nullish(),
  readOnly: z.boolean().nullish(),
});
export const RBDVolumeSourceSchema = z.looseObject({
  monitors: z.array(z.string()),
  image: z.string(),
  /** API defaulting makes an absent or empty pool `rbd`. */
  pool: z.string().nullish(),
  fsType: z.string().nullish(),
  user: z.string().nullish(),
  keyring: z.string().nullish(),
  readOnly: z.boolean().nullish(),
});
export const ISCSIVolumeSourceSchema = z.looseObject({
  targetPortal: z.string().nullish(),
  iqn: z.string(),
  lun: z.number().int().nullish(),
  iscsiInterface: z.string().nullish(),
  portals: z.array(z.string()).nullish(),
  fsType: z.string().nullish(),
  readOnly: z.boolean().nullish(),
});

export const VolumeSchema = z.looseObject({
  name: z.string().min(1, 'name is required'),
  persistentVolumeClaim: z.looseObject({ claimName: z.string(), readOnly: z.boolean().nullish() }).nullish(),
  ephemeral: z.looseObject({ volumeClaimTemplate: z.looseObject({}).nullish() }).nullish(),
  emptyDir: z.looseObject({ medium: z.string().nullish(), sizeLimit: z.unknown().optional() }).nullish(),
  hostPath: z.looseObject({ path: z.string(), type: z.string().nullish() }).nullish(),
  gcePersistentDisk: GCEPersistentDiskVolumeSourceSchema.nullish(),
  awsElasticBlockStore: AWSElasticBlockStoreVolumeSourceSchema.nullish(),
  rbd: RBDVolumeSourceSchema.nullish(),
  iscsi: ISCSIVolumeSourceSchema.nullish(),
});
export type Volume = z.infer<typeof VolumeSchema>;

export const PodConditionSchema = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().nullish(),
  message: z.string().nullish(),
});

export const PodStatusSchema = z.looseObject({
  phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).nullish(),
  nominatedNodeName: z.string().nullish(),
  startTime: z.string().nullish(),
  podIP: z.string().nullish(),
  conditions: z.array(PodConditionSchema).nullish(),
});
export type PodStatus = z.infer<typeof PodStatusSchema>;

export const PodSpecSchema = z.looseObject({
  containers: z.array(ContainerSchema).min(1, 'a pod needs at least one container'),
  initContainers: z.array(ContainerSchema).nullish(),
  nodeName: z.string().nullish(),
  nodeSelector: z.record(z.string(), z.string()).nullish(),
  affinity: AffinitySchema.nullish(),
  tolerations: z.array(TolerationSchema).nullish(),
  topologySpreadConstraints: z.array(TopologySpreadConstraintSchema).nullish(),
  priority: z.number().int().nullish(),
  priorityClassName: z.string().nullish(),
  preemptionPolicy: z.enum(['PreemptLowerPriority', 'Never']).nullish(),
  schedulerName: z.string().nullish(),
  schedulingGates: z.array(z.looseObject({ name: z.string() })).nullish(),
  overhead: ResourceListSchema.nullish(),
  /** Pod-level resources (KEP-2837): override the container sum for the resources they name. */
  resources: ResourceRequirementsSchema.nullish(),
  volumes: z.array(VolumeSchema).nullish(),
  hostNetwork: z.boolean().nullish(),
  restartPolicy: z.string().nullish(),
});
export type PodSpec = z.infer<typeof PodSpecSchema>;

export const PodSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.literal('Pod').optional(),
  metadata: ObjectMetaSchema,
  spec: PodSpecSchema,
  status: PodStatusSchema.nullish(),
});
export type Pod = z.infer<typeof PodSchema>;
