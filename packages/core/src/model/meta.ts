import { z } from 'zod';
import { quantityIssue } from './refinements.js';

/** A quantity as written in a manifest: a string (`"500m"`) or a bare YAML/JSON number (`cpu: 4`). */
export const QuantitySchema = z.union([z.string(), z.number()]).superRefine((v, ctx) => {
  const message = quantityIssue(v);
  if (message !== undefined) ctx.addIssue({ code: 'custom', message });
});

export const ResourceListSchema = z.record(z.string(), QuantitySchema);
export type ResourceList = z.infer<typeof ResourceListSchema>;

const StringMap = z.record(z.string(), z.string());

export const OwnerReferenceSchema = z.looseObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  uid: z.string().optional(),
  controller: z.boolean().optional(),
});
export type OwnerReference = z.infer<typeof OwnerReferenceSchema>;

/** metadata of a namespaced or cluster object. Names are required; namespace defaults to "default" on load. */
export const ObjectMetaSchema = z.looseObject({
  name: z.string().min(1, 'name is required'),
  namespace: z.string().optional(),
  uid: z.string().optional(),
  labels: StringMap.nullish(),
  annotations: StringMap.nullish(),
  creationTimestamp: z.string().nullish(),
  deletionTimestamp: z.string().nullish(),
  ownerReferences: z.array(OwnerReferenceSchema).nullish(),
  resourceVersion: z.string().optional(),
  generateName: z.string().optional(),
});
export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

export const LabelSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).nullish(),
});
export type LabelSelectorRequirement = z.infer<typeof LabelSelectorRequirementSchema>;

/** metav1.LabelSelector. An empty selector matches everything; a null one matches nothing. */
export const LabelSelectorSchema = z.looseObject({
  matchLabels: StringMap.nullish(),
  matchExpressions: z.array(LabelSelectorRequirementSchema).nullish(),
});
export type LabelSelector = z.infer<typeof LabelSelectorSchema>;

export const NodeSelectorRequirementSchema = z.looseObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).nullish(),
});
export type NodeSelectorRequirement = z.infer<typeof NodeSelectorRequirementSchema>;

export const NodeSelectorTermSchema = z.looseObject({
  matchExpressions: z.array(NodeSelectorRequirementSchema).nullish(),
  matchFields: z.array(NodeSelectorRequirementSchema).nullish(),
});
export type NodeSelectorTerm = z.infer<typeof NodeSelectorTermSchema>;

export const NodeSelectorSchema = z.looseObject({
  nodeSelectorTerms: z.array(NodeSelectorTermSchema),
});
export type NodeSelector = z.infer<typeof NodeSelectorSchema>;

export const TaintEffectSchema = z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
export type TaintEffect = z.infer<typeof TaintEffectSchema>;

export const TaintSchema = z.looseObject({
  key: z.string(),
  value: z.string().nullish(),
  effect: TaintEffectSchema,
  timeAdded: z.string().nullish(),
});
export type Taint = z.infer<typeof TaintSchema>;

export const TolerationSchema = z.looseObject({
  key: z.string().nullish(),
  operator: z.enum(['Exists', 'Equal']).nullish(),
  value: z.string().nullish(),
  // "" means every effect.
  effect: z.union([TaintEffectSchema, z.literal('')]).nullish(),
  tolerationSeconds: z.number().int().nullish(),
});
export type Toleration = z.infer<typeof TolerationSchema>;

/** corev1.ObjectReference, as in PodDisruptionBudget status and claim references. */
export const ObjectReferenceSchema = z.looseObject({
  name: z.string().optional(),
  namespace: z.string().optional(),
  kind: z.string().optional(),
});
