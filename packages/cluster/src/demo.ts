import { parseScenario, type ScenarioPlan } from './scenario/load.js';

/**
 * The seed document's story as a scenario: a ReplicaSet of three pods behind a Service on three nodes. Every
 * step of "How a pod gets deployed" shows in the timeline; then a node fails, its pod is evicted after the
 * default 300 s toleration and replaced on another node with a new IP, while the Service's ClusterIP stays
 * and its endpoints follow the ready pods. When the node comes back, its kubelet finally removes the old pod.
 */
export const DEMO_SCENARIO = `apiVersion: peapod.dev/v1alpha1
kind: Scenario
metadata:
  name: demo
description: A pod's whole way from "create" to "running behind a Service", then a node failure.
seed: 1
trace: true
images:
  sizes:
    nginx:1.25: 70M
    busybox:1.36: 4M
objects:
  - apiVersion: v1
    kind: Node
    metadata: {name: node-1, labels: {kubernetes.io/hostname: node-1}}
    status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}, allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: node-2, labels: {kubernetes.io/hostname: node-2}}
    status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}, allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
  - apiVersion: v1
    kind: Node
    metadata: {name: node-3, labels: {kubernetes.io/hostname: node-3}}
    status: {capacity: {cpu: "4", memory: 8Gi, pods: "110"}, allocatable: {cpu: "4", memory: 8Gi, pods: "110"}}
  - apiVersion: v1
    kind: Service
    metadata: {name: web}
    spec:
      selector: {app: web}
      ports: [{name: http, port: 80, targetPort: http}]
actions:
  - at: 0s
    apply:
      apiVersion: apps/v1
      kind: ReplicaSet
      metadata: {name: web}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            volumes: [{name: logs, emptyDir: {}}]
            containers:
              - name: nginx
                image: nginx:1.25
                ports: [{name: http, containerPort: 80}]
                resources: {requests: {cpu: 250m, memory: 128Mi}}
                readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 5}
                volumeMounts: [{name: logs, mountPath: /var/log/nginx}]
              - name: log-agent
                image: busybox:1.36
                ports: [{name: metrics, containerPort: 9100}]
                resources: {requests: {cpu: 50m, memory: 32Mi}}
                volumeMounts: [{name: logs, mountPath: /logs, readOnly: true}]
  - at: 1m
    fail-node: node-2
  - at: 8m
    recover-node: node-2
`;

export const DEMO_FILE = '<demo>';

export function demoPlan(): ScenarioPlan {
  return parseScenario(DEMO_SCENARIO, DEMO_FILE, () => {
    throw new Error('the demo reads no files');
  });
}
