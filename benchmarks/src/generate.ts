/** A small seeded generator of clusters as Kubernetes List JSON, for benchmarks (issue 6 brings `peapod gen`). */

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedCluster {
  apiVersion: 'v1';
  kind: 'List';
  items: Record<string, unknown>[];
}

export function generateCluster(nodeCount: number, podCount: number, seed = 1): GeneratedCluster {
  const random = rng(seed);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const cpu = [4, 8, 16, 32][Math.floor(random() * 4)]!;
    items.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${String(i).padStart(5, '0')}`,
        labels: { 'kubernetes.io/hostname': `node-${i}`, 'topology.kubernetes.io/zone': `zone-${i % 3}` },
      },
      spec: {},
      status: {
        allocatable: { cpu: `${cpu * 1000 - 100}m`, memory: `${cpu * 4}Gi`, pods: '110', 'ephemeral-storage': '100Gi' },
      },
    });
  }
  for (let i = 0; i < podCount; i++) {
    const cpu = [100, 250, 500, 1000][Math.floor(random() * 4)]!;
    const memory = [128, 256, 512, 1024][Math.floor(random() * 4)]!;
    const app = `app-${i % 50}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${app}-${i}`,
        namespace: `team-${i % 5}`,
        labels: { app },
        creationTimestamp: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('.000', ''),
      },
      spec: {
        containers: [
          {
            name: 'main',
            image: `registry.example.com/${app}:1.0`,
            resources: { requests: { cpu: `${cpu}m`, memory: `${memory}Mi` }, limits: { memory: `${memory}Mi` } },
            ports: [{ containerPort: 8080, protocol: 'TCP' }],
          },
        ],
        tolerations: [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        priority: i % 10 === 0 ? 1000 : 0,
      },
      status: { phase: 'Pending' },
    });
  }
  return { apiVersion: 'v1', kind: 'List', items };
}
