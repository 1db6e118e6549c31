import { SUPPORTED_KINDS } from '@peapod/core';
import { z } from 'zod';
import type { Kind } from './types.js';

export interface SimKindInfo {
  readonly kind: Kind;
  readonly apiVersion: string;
  readonly namespaced: boolean;
  readonly schema: z.ZodType;
}

const MetaSchema = z.looseObject({ name: z.string().min(1), namespace: z.string().optional() });

const EndpointsSchema = z.looseObject({
  metadata: MetaSchema,
  subsets: z
    .array(
      z.looseObject({
        addresses: z.array(z.looseObject({ ip: z.string() })).nullish(),
        notReadyAddresses: z.array(z.looseObject({ ip: z.string() })).nullish(),
        ports: z.array(z.looseObject({ port: z.number().int() })).nullish(),
      }),
    )
    .nullish(),
});

const LeaseSchema = z.looseObject({
  metadata: MetaSchema,
  spec: z.looseObject({ holderIdentity: z.string().nullish(), renewTime: z.string().nullish() }),
});

const API_VERSIONS: Readonly<Record<Kind, string>> = {
  Node: 'v1',
  Pod: 'v1',
  Namespace: 'v1',
  PriorityClass: 'scheduling.k8s.io/v1',
  PodDisruptionBudget: 'policy/v1',
  Service: 'v1',
  Endpoints: 'v1',
  ReplicaSet: 'apps/v1',
  ReplicationController: 'v1',
  Deployment: 'apps/v1',
  StatefulSet: 'apps/v1',
  PersistentVolume: 'v1',
  PersistentVolumeClaim: 'v1',
  StorageClass: 'storage.k8s.io/v1',
  Lease: 'coordination.k8s.io/v1',
};

function build(): Map<string, SimKindInfo> {
  const kinds = new Map<string, SimKindInfo>();
  for (const [kind, apiVersion] of Object.entries(API_VERSIONS) as [Kind, string][]) {
    const core = SUPPORTED_KINDS.get(kind);
    const schema = core?.schema ?? (kind === 'Endpoints' ? EndpointsSchema : LeaseSchema);
    kinds.set(kind, { kind, apiVersion, namespaced: core?.namespaced ?? true, schema });
  }
  return kinds;
}

/** The kinds the simulated API server serves, with their schemas (core's, plus Endpoints and Lease). */
export const SIM_KINDS: ReadonlyMap<string, SimKindInfo> = build();

export function kindInfo(kind: Kind): SimKindInfo {
  return SIM_KINDS.get(kind)!;
}
