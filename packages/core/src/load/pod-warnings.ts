import type { ContainerPort, PodSpec } from '../model/pod.js';

function hasPorts(spec: PodSpec): boolean {
  for (const c of spec.containers) if (c.ports?.length) return true;
  for (const c of spec.initContainers ?? []) if (c.ports?.length) return true;
  return false;
}

interface SeenPort {
  readonly field: string;
  readonly port: ContainerPort;
}

/**
 * Warnings kube-apiserver gives for the container ports of a pod spec (upstream `pkg/api/pod/warnings.go`):
 * two ports with the same containerPort and protocol (TCP when unset), across init and app containers.
 * `path` is where the spec sits: `spec` in a Pod, `spec.template.spec` in a workload.
 */
export function podPortWarnings(spec: PodSpec, path: string): string[] {
  const warnings: string[] = [];
  if (!hasPorts(spec)) return warnings;
  const seen = new Map<string, SeenPort[]>();
  const visit = (containers: PodSpec['containers'] | null | undefined, field: string): void => {
    if (!containers) return;
    for (const [c, container] of containers.entries()) {
      for (const [p, port] of (container.ports ?? []).entries()) {
        const here = `${path}.${field}[${c}].ports[${p}]`;
        const hostPort = port.hostPort ?? 0;
        const hostIP = port.hostIP ?? '';
        if (hostIP !== '' && hostPort === 0) warnings.push(`${here}: hostIP set without hostPort`);
        const key = `${port.containerPort}/${port.protocol ?? 'TCP'}`;
        const others = seen.get(key);
        for (const other of others ?? []) {
          const otherHostPort = other.port.hostPort ?? 0;
          const otherHostIP = other.port.hostIP ?? '';
          if (hostIP === otherHostIP && hostPort === otherHostPort) {
            warnings.push(`${here}: duplicate port definition with ${other.field}`);
          } else if (hostPort === 0 || otherHostPort === 0) {
            warnings.push(`${here}: overlapping port definition with ${other.field}`);
          } else if (hostPort === otherHostPort && (hostIP === '') !== (otherHostIP === '')) {
            warnings.push(`${here}: dangerously ambiguous port definition with ${other.field}`);
          }
        }
        if (others) others.push({ field: here, port });
        else seen.set(key, [{ field: here, port }]);
      }
    }
  };
  // Upstream visits init containers first, then app containers.
  visit(spec.initContainers, 'initContainers');
  visit(spec.containers, 'containers');
  return warnings;
}
