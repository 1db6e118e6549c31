import {
  type Container,
  formatFieldPath,
  issueMessage,
  type LabelSelector,
  matchesLabelSelector,
  type PodSpec,
  podPortWarnings,
} from '@peapod/core';
import { parseCidr } from '../net/ipv4.js';
import { kindInfo } from './kinds.js';
import { ContainerRuntimeFieldsSchema, type Probe } from './probe.js';
import type { ApiObject, Kind } from './types.js';

export type Validated = { readonly object: ApiObject } | { readonly issues: string[] };

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const RESTART_POLICIES = new Set(['Always', 'OnFailure', 'Never']);

function nameIssue(kind: Kind, name: string): string | undefined {
  if (kind === 'Service') {
    if (name.length <= 63 && DNS1035_LABEL.test(name)) return undefined;
    return `metadata.name: Invalid value: "${name}": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character`;
  }
  if (kind === 'Namespace') {
    if (name.length <= 63 && DNS1123_LABEL.test(name)) return undefined;
    return `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character`;
  }
  if (name.length <= 253 && DNS1123_SUBDOMAIN.test(name)) return undefined;
  return `metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
}

function probeIssues(probe: Probe, path: string): string[] {
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h as keyof Probe] != null);
  if (handlers.length === 0) return [`${path}: Required value: must specify a handler type`];
  if (handlers.length > 1) return [`${path}.${handlers[1]}: Forbidden: may not specify more than 1 handler type`];
  return [];
}

function containerIssues(container: Container, path: string, volumes: ReadonlySet<string>, init: boolean): string[] {
  const issues: string[] = [];
  if (!container.image) issues.push(`${path}.image: Required value`);
  const parsed = ContainerRuntimeFieldsSchema.safeParse(container, { error: issueMessage });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push(`${path}.${formatFieldPath(issue.path)}: ${issue.message}`);
    return issues;
  }
  const fields = parsed.data;
  for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
    const value = fields[probe];
    if (value == null) continue;
    // Probes on a regular init container are forbidden: it runs to completion and is never "ready".
    if (init && container.restartPolicy !== 'Always')
      issues.push(`${path}.${probe}: Forbidden: may not be set for init containers`);
    else issues.push(...probeIssues(value, `${path}.${probe}`));
  }
  for (const [i, mount] of (fields.volumeMounts ?? []).entries()) {
    if (!volumes.has(mount.name)) issues.push(`${path}.volumeMounts[${i}].name: Not found: "${mount.name}"`);
  }
  return issues;
}

/** Semantic checks of a pod spec beyond its schema, as the API server's validation does them. */
export function podSpecIssues(spec: PodSpec, path: string): string[] {
  const issues: string[] = [];
  const volumes = new Set<string>();
  for (const [i, volume] of (spec.volumes ?? []).entries()) {
    if (volumes.has(volume.name)) issues.push(`${path}.volumes[${i}].name: Duplicate value: "${volume.name}"`);
    volumes.add(volume.name);
  }
  const names = new Set<string>();
  const visit = (list: readonly Container[] | null | undefined, field: string, init: boolean): void => {
    for (const [i, container] of (list ?? []).entries()) {
      const here = `${path}.${field}[${i}]`;
      if (names.has(container.name)) issues.push(`${here}.name: Duplicate value: "${container.name}"`);
      names.add(container.name);
      issues.push(...containerIssues(container, here, volumes, init));
    }
  };
  visit(spec.initContainers, 'initContainers', true);
  visit(spec.containers, 'containers', false);
  if (spec.restartPolicy != null && !RESTART_POLICIES.has(spec.restartPolicy)) {
    issues.push(
      `${path}.restartPolicy: Unsupported value: "${spec.restartPolicy}": supported values: "Always", "OnFailure", "Never"`,
    );
  }
  return issues;
}

interface WorkloadLike {
  spec: {
    selector: LabelSelector;
    template: { metadata?: { labels?: Record<string, string> | null } | null; spec: PodSpec };
  };
}

function workloadIssues(object: WorkloadLike): string[] {
  const { selector, template } = object.spec;
  const issues = podSpecIssues(template.spec, 'spec.template.spec');
  const empty = !selector.matchLabels && !selector.matchExpressions;
  if (empty) issues.push('spec.selector: Invalid value: "null": empty selector is invalid for deployment');
  const labels = template.metadata?.labels ?? {};
  if (!empty && !matchesLabelSelector(selector, labels)) {
    issues.push(
      `spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``,
    );
  }
  if (template.spec.restartPolicy != null && template.spec.restartPolicy !== 'Always') {
    issues.push(
      `spec.template.spec.restartPolicy: Unsupported value: "${template.spec.restartPolicy}": supported values: "Always"`,
    );
  }
  return issues;
}

function semanticIssues(kind: Kind, object: ApiObject): string[] {
  switch (kind) {
    case 'Pod':
      return podSpecIssues((object as { spec: PodSpec }).spec, 'spec');
    case 'ReplicaSet':
    case 'Deployment':
      return workloadIssues(object as unknown as WorkloadLike);
    case 'Service': {
      const spec = (object as { spec?: { ports?: unknown[] | null; clusterIP?: string | null } }).spec;
      if (spec?.clusterIP !== 'None' && (spec?.ports ?? []).length === 0) return ['spec.ports: Required value'];
      return [];
    }
    case 'Node': {
      const cidr = (object as { spec?: { podCIDR?: string | null } | null }).spec?.podCIDR;
      if (cidr && parseCidr(cidr) === undefined)
        return [`spec.podCIDR: Invalid value: "${cidr}": must be a valid IPv4 CIDR`];
      return [];
    }
    default:
      return [];
  }
}

/** The schema check of an incoming object; the parse result keeps unknown fields, as the API server does. */
export function parseObject(kind: Kind, raw: unknown): Validated {
  const parsed = kindInfo(kind).schema.safeParse(raw, { error: issueMessage });
  if (parsed.success) return { object: parsed.data as ApiObject };
  return {
    issues: parsed.error.issues.map((issue) => {
      const field = formatFieldPath(issue.path);
      return field === '' ? issue.message : `${field}: ${issue.message}`;
    }),
  };
}

/** The API server's validation of a defaulted object: its name and the semantic rules of its kind. */
export function validateObject(kind: Kind, object: ApiObject): string[] {
  const issues = semanticIssues(kind, object);
  const name = nameIssue(kind, object.metadata.name);
  return name === undefined ? issues : [name, ...issues];
}

const WORKLOAD_KINDS = new Set<Kind>(['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** kube-apiserver's warnings about an object's container ports (duplicates and overlaps). */
export function portWarnings(kind: Kind, object: ApiObject): string[] {
  if (kind === 'Pod') return podPortWarnings((object as { spec: PodSpec }).spec, 'spec');
  if (!WORKLOAD_KINDS.has(kind)) return [];
  const spec = (object as { spec: { template?: { spec?: PodSpec } } }).spec.template?.spec;
  return spec === undefined ? [] : podPortWarnings(spec, 'spec.template.spec');
}
