import type { Node } from '@peapod/core';
import type { ApiServer } from '../api/server.js';
import type { NodeCondition } from '../api/types.js';

/** The kubelet's heartbeat: its Lease in `kube-node-lease`, renewed with the current time. */
export function renewLease(api: ApiServer, nodeName: string): void {
  const lease = api.get('Lease', 'kube-node-lease', nodeName);
  const spec = { holderIdentity: nodeName, leaseDurationSeconds: 40, renewTime: api.now() };
  if (lease !== undefined) {
    api.patch('Lease', { ...lease, spec });
    return;
  }
  api.create({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: nodeName, namespace: 'kube-node-lease' },
    spec,
  });
}

/**
 * The node status a healthy kubelet posts when it starts: Ready and no pressure conditions, and its
 * addresses (an InternalIP of its own when the manifest gave none). Returns the stored node.
 */
export function postReadyStatus(api: ApiServer, node: Node, nodeIP: string): Node | undefined {
  const now = api.now();
  const old = (node.status?.conditions ?? []) as NodeCondition[];
  const cond = (type: string, status: 'True' | 'False', reason: string, message: string): NodeCondition => {
    const before = old.find((c) => c.type === type);
    const since = before?.status === status ? (before.lastTransitionTime ?? now) : now;
    return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: since };
  };
  const conditions = [
    cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
  ];
  const name = node.metadata.name;
  const addresses = (node.status as { addresses?: unknown[] } | undefined)?.addresses ?? [
    { type: 'InternalIP', address: nodeIP },
    { type: 'Hostname', address: name },
  ];
  const result = api.updateStatus('Node', undefined, name, { ...node.status, conditions, addresses });
  return result.ok ? result.object : undefined;
}
