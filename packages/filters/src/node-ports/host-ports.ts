import type { Pod } from '@peapod/core';

/** A host port as upstream's `HostPortInfo` keys it: hostIP and protocol already defaulted. */
export interface HostPort {
  readonly ip: string;
  readonly protocol: string;
  readonly port: number;
}

/** The hostIP of a port that names none; it conflicts with every IP (upstream `DefaultBindAllHostIP`). */
export const BIND_ALL_HOST_IP = '0.0.0.0';
const DEFAULT_PROTOCOL = 'TCP';

const NO_PORTS: readonly HostPort[] = Object.freeze([]);
/** Pods are immutable, so their host ports are collected once per pod object, whichever plugin asks. */
const cache = new WeakMap<Pod, readonly HostPort[]>();

/**
 * The host ports of a pod (upstream v1.26 `getContainerPorts` and `NodeInfo.updateUsedPorts`): the ports of its
 * regular containers only, not of init containers (sidecars count from v1.29 on), with hostPort > 0
 * (`HostPortInfo.Add` and `CheckConflict` ignore 0), an empty hostIP read as 0.0.0.0 and an empty protocol as TCP.
 */
export function podHostPorts(pod: Pod): readonly HostPort[] {
  let ports = cache.get(pod);
  if (ports === undefined) {
    ports = collectHostPorts(pod);
    cache.set(pod, ports);
  }
  return ports;
}

function collectHostPorts(pod: Pod): readonly HostPort[] {
  const ports: HostPort[] = [];
  // API defaulting gives a hostNetwork pod's ports hostPort = containerPort (core/v1 defaults.go).
  const hostNetwork = pod.spec.hostNetwork === true;
  for (const container of pod.spec.containers) {
    for (const p of container.ports ?? []) {
      const port = p.hostPort || (hostNetwork ? p.containerPort : 0);
      if (port <= 0) continue;
      ports.push({
        ip: p.hostIP == null || p.hostIP === '' ? BIND_ALL_HOST_IP : p.hostIP,
        protocol: p.protocol ?? DEFAULT_PROTOCOL,
        port,
      });
    }
  }
  return ports.length === 0 ? NO_PORTS : ports;
}

/**
 * Upstream `HostPortInfo.CheckConflict`: the same protocol and port, and either IP is 0.0.0.0 or both are the
 * same IP. IPs are compared as strings, as upstream's map keys are (`::` is not a wildcard in v1.26).
 */
export function hostPortsConflict(wanted: HostPort, used: HostPort): boolean {
  return (
    wanted.port === used.port &&
    wanted.protocol === used.protocol &&
    (wanted.ip === BIND_ALL_HOST_IP || used.ip === BIND_ALL_HOST_IP || wanted.ip === used.ip)
  );
}
