import { describe, expect, test } from 'vitest';
import type { z } from 'zod';
import {
  DeploymentSchema,
  IntOrPercentSchema,
  NamespaceSchema,
  PodDisruptionBudgetSchema,
  PodTemplateSpecSchema,
  PriorityClassSchema,
  ReplicaSetSchema,
  ReplicationControllerSchema,
  ServiceSchema,
  StatefulSetSchema,
} from '../src/model/index.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx' }] } };
const meta = { name: 'web', namespace: 'prod' };

/** The dotted paths of the issues a schema reports, or [] when it accepts the input. */
function issuePaths(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
}

describe('workload schemas', () => {
  test.each<{ name: string; schema: z.ZodType; input: unknown; want: string[] }>([
    { name: 'Namespace', schema: NamespaceSchema, input: { metadata: { name: 'prod' } }, want: [] },
    {
      name: 'PriorityClass with every field',
      schema: PriorityClassSchema,
      input: {
        metadata: { name: 'high' },
        value: 1000,
        globalDefault: false,
        preemptionPolicy: 'Never',
        description: 'x',
      },
      want: [],
    },
    {
      name: 'PriorityClass without value',
      schema: PriorityClassSchema,
      input: { metadata: { name: 'h' } },
      want: ['value'],
    },
    {
      name: 'PriorityClass with a fractional value',
      schema: PriorityClassSchema,
      input: { metadata: { name: 'h' }, value: 1.5 },
      want: ['value'],
    },
    {
      name: 'PDB with status',
      schema: PodDisruptionBudgetSchema,
      input: {
        metadata: meta,
        spec: { selector: { matchLabels: { app: 'web' } }, minAvailable: '50%' },
        status: { disruptionsAllowed: 1, disruptedPods: { 'web-1': '2024-01-01T00:00:00Z' } },
      },
      want: [],
    },
    {
      name: 'PDB with a negative maxUnavailable',
      schema: PodDisruptionBudgetSchema,
      input: { metadata: meta, spec: { maxUnavailable: -1 } },
      want: ['spec.maxUnavailable'],
    },
    {
      name: 'Service',
      schema: ServiceSchema,
      input: {
        metadata: meta,
        spec: {
          selector: { app: 'web' },
          clusterIP: 'None',
          type: 'ClusterIP',
          ports: [{ port: 80, targetPort: 'http' }],
        },
      },
      want: [],
    },
    {
      name: 'Service with a label selector instead of a map',
      schema: ServiceSchema,
      input: { metadata: meta, spec: { selector: { matchLabels: { app: 'web' } } } },
      want: ['spec.selector.matchLabels'],
    },
    {
      name: 'ReplicaSet',
      schema: ReplicaSetSchema,
      input: { metadata: meta, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } },
      want: [],
    },
    {
      name: 'ReplicaSet without selector',
      schema: ReplicaSetSchema,
      input: { metadata: meta, spec: { template } },
      want: ['spec.selector'],
    },
    {
      name: 'ReplicationController with a plain map selector and no template',
      schema: ReplicationControllerSchema,
      input: { metadata: meta, spec: { replicas: 0, selector: { app: 'web' } } },
      want: [],
    },
    {
      name: 'Deployment with a rolling update strategy',
      schema: DeploymentSchema,
      input: {
        metadata: meta,
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template,
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        },
      },
      want: [],
    },
    {
      name: 'Deployment with negative replicas and a container-less template',
      schema: DeploymentSchema,
      input: { metadata: meta, spec: { replicas: -1, selector: {}, template: { spec: { containers: [] } } } },
      want: ['spec.replicas', 'spec.template.spec.containers'],
    },
    {
      name: 'StatefulSet with claim templates',
      schema: StatefulSetSchema,
      input: {
        metadata: meta,
        spec: {
          replicas: 3,
          serviceName: 'web',
          selector: {},
          template,
          volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: '1Gi' } } } }],
        },
      },
      want: [],
    },
    {
      name: 'StatefulSet with an unnamed claim template',
      schema: StatefulSetSchema,
      input: {
        metadata: meta,
        spec: { selector: {}, template, volumeClaimTemplates: [{ metadata: {}, spec: {} }] },
      },
      want: ['spec.volumeClaimTemplates.0.metadata.name'],
    },
  ])('$name', ({ schema, input, want }) => {
    expect(issuePaths(schema, input)).toEqual(want);
  });
});

describe('pod templates', () => {
  test('need no name and keep unknown fields', () => {
    const parsed = PodTemplateSpecSchema.parse({
      ...template,
      metadata: { labels: {}, annotations: { a: 'b' }, extra: 1 },
    });
    expect(parsed.metadata).toEqual({ labels: {}, annotations: { a: 'b' }, extra: 1 });
  });
});

describe('IntOrPercent', () => {
  test.each([
    { input: 0, ok: true },
    { input: 3, ok: true },
    { input: '25%', ok: true },
    { input: '100%', ok: true },
    { input: -1, ok: false },
    { input: 1.5, ok: false },
    { input: '25', ok: false },
    { input: '%', ok: false },
    { input: true, ok: false },
  ])('$input', ({ input, ok }) => {
    expect(IntOrPercentSchema.safeParse(input).success).toBe(ok);
  });
});
