/**
 * Resource name classes, as upstream's v1helper / schedutil define them. They decide which requests the
 * scheduler accounts: cpu, memory, ephemeral-storage and the "scalar" resources; anything else is ignored.
 */

export const RESOURCE_CPU = 'cpu';
export const RESOURCE_MEMORY = 'memory';
export const RESOURCE_EPHEMERAL_STORAGE = 'ephemeral-storage';
export const RESOURCE_PODS = 'pods';

const NATIVE_PREFIX = 'kubernetes.io/';
const HUGEPAGES_PREFIX = 'hugepages-';
const ATTACHABLE_VOLUMES_PREFIX = 'attachable-volumes-';
// A DNS-1123 subdomain prefix and a qualified name, as validation.IsQualifiedName accepts.
const QUALIFIED_NAME_RE =
  /^(?:[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Native: no domain, or in the `kubernetes.io/` domain. */
export function isNativeResourceName(name: string): boolean {
  return !name.includes('/') || name.includes(NATIVE_PREFIX);
}

/** Extended: a domain-qualified name outside `kubernetes.io/`, e.g. `nvidia.com/gpu`. */
export function isExtendedResourceName(name: string): boolean {
  if (isNativeResourceName(name) || name.startsWith('requests.')) return false;
  // Upstream validates `requests.<name>` as a qualified name, the form a ResourceQuota would use.
  return QUALIFIED_NAME_RE.test(`requests.${name}`);
}

export function isHugePageResourceName(name: string): boolean {
  return name.startsWith(HUGEPAGES_PREFIX);
}

/** Scalar resources are accounted beside cpu/memory/ephemeral-storage: extended, hugepages, prefixed native. */
export function isScalarResourceName(name: string): boolean {
  return (
    isExtendedResourceName(name) ||
    isHugePageResourceName(name) ||
    name.startsWith(NATIVE_PREFIX) ||
    name.startsWith(ATTACHABLE_VOLUMES_PREFIX)
  );
}

/** Resources the scheduler accounts on nodes and checks in NodeResourcesFit. */
export function isAccountedResourceName(name: string): boolean {
  return (
    name === RESOURCE_CPU ||
    name === RESOURCE_MEMORY ||
    name === RESOURCE_EPHEMERAL_STORAGE ||
    isScalarResourceName(name)
  );
}
