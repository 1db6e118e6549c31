import { z } from 'zod';
import { ObjectMetaSchema } from './meta.js';
import { PodSpecSchema } from './pod.js';

/** metadata of a pod template: like ObjectMeta, but templates carry no name of their own. */
export const TemplateMetaSchema = ObjectMetaSchema.extend({ name: z.string().optional() });
export type TemplateMeta = z.infer<typeof TemplateMetaSchema>;

/** corev1.PodTemplateSpec, the `template` of every workload controller. */
export const PodTemplateSpecSchema = z.looseObject({
  metadata: TemplateMetaSchema.nullish(),
  spec: PodSpecSchema,
});
export type PodTemplateSpec = z.infer<typeof PodTemplateSpecSchema>;
