import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ErrorCodes, PeapodError } from '../src/errors.js';
import type { ClusterObjects } from '../src/load/index.js';
import { loadManifests } from '../src/load/index.js';

/** Real third-party inputs, copied unchanged from shared/real (see fixtures/real/README.md). */
const REAL = fileURLToPath(new URL('./fixtures/real', import.meta.url));
const real = (path: string): string => join(REAL, path);

type Counts = Partial<Record<keyof ClusterObjects, number>>;

/** The non-empty object lists of a load, by field. */
function counts(objects: ClusterObjects): Counts {
  const out: Counts = {};
  for (const [field, value] of Object.entries(objects)) {
    if (Array.isArray(value) && value.length > 0 && field !== 'warnings')
      out[field as keyof ClusterObjects] = value.length;
  }
  return out;
}

describe('every real input loads on its own', () => {
  test.each<{ file: string; want: Counts; ignored?: Record<string, number> }>([
    { file: 'apps/guestbook/guestbook-all-in-one.yaml', want: { services: 3, deployments: 3 } },
    { file: 'apps/priority-preemption/high-priority-pod.yaml', want: { pods: 1 } },
    { file: 'apps/priority-preemption/low-priority-pod.yaml', want: { pods: 1 } },
    { file: 'apps/priority-preemption/priority-classes.yaml', want: { priorityClasses: 2 } },
    { file: 'apps/scheduling-constraints/pod-with-affinity-anti-affinity.yaml', want: { pods: 1 } },
    { file: 'apps/scheduling-constraints/pod-with-pod-affinity.yaml', want: { pods: 1 } },
    { file: 'apps/scheduling-constraints/pod-with-toleration.yaml', want: { pods: 1 } },
    { file: 'apps/scheduling-constraints/topology-spread-one-constraint-with-nodeaffinity.yaml', want: { pods: 1 } },
    { file: 'apps/scheduling-constraints/topology-spread-two-constraints.yaml', want: { pods: 1 } },
    { file: 'apps/sidecar-init/deployment-sidecar.yaml', want: { deployments: 1 } },
    { file: 'apps/sidecar-init/init-containers.yaml', want: { pods: 1 } },
    { file: 'apps/storage/mysql-pv.yaml', want: { persistentVolumes: 1, persistentVolumeClaims: 1 } },
    { file: 'apps/storage/pod-volume-binding.yaml', want: { pods: 1 } },
    { file: 'apps/storage/pv-claim.yaml', want: { persistentVolumeClaims: 1 } },
    { file: 'apps/storage/pv-pod.yaml', want: { pods: 1 } },
    { file: 'apps/storage/pv-volume.yaml', want: { persistentVolumes: 1 } },
    { file: 'apps/storage/storageclass-local.yaml', want: { storageClasses: 1 } },
    { file: 'apps/storage/storageclass-topology.yaml', want: { storageClasses: 1 } },
    { file: 'apps/zookeeper/zookeeper-pdb-maxunavailable.yaml', want: { podDisruptionBudgets: 1 } },
    { file: 'apps/zookeeper/zookeeper-pdb-minavailable.yaml', want: { podDisruptionBudgets: 1 } },
    { file: 'apps/zookeeper/zookeeper.yaml', want: { podDisruptionBudgets: 1, services: 2, statefulSets: 1 } },
    { file: 'clusters/kwok-two-regions/node-in-us-west-1.yaml', want: { nodes: 2 } },
    { file: 'clusters/kwok-two-regions/node-in-us-west-2.yaml', want: { nodes: 2 } },
    { file: 'clusters/open-simulator-demo1/master-1.yaml', want: { nodes: 1 } },
    { file: 'clusters/open-simulator-demo1/master-2.yaml', want: { nodes: 1 } },
    { file: 'clusters/open-simulator-demo1/worker-1.yaml', want: { nodes: 1 } },
    { file: 'clusters/open-simulator-gpushare/pai-node-00.yaml', want: { nodes: 1 } },
    { file: 'clusters/open-simulator-gpushare/pai-node-01.yaml', want: { nodes: 1 } },
    { file: 'clusters/open-simulator-gpushare/paib-node-30.yaml', want: { nodes: 1 } },
    { file: 'clusters/open-simulator-gpushare/paib-node-34.yaml', want: { nodes: 1 } },
    { file: 'clusters/supergiant-do-v1.11/nodes.json', want: { nodes: 2 } },
    { file: 'clusters/supergiant-do-v1.11/pods.json', want: { pods: 9 } },
    // Scheduler configs are not cluster objects: counted as ignored, never a crash.
    { file: 'configs/ksim-default-profile-v1.yaml', want: {}, ignored: { KubeSchedulerConfiguration: 1 } },
    {
      file: 'configs/scheduler-plugins-coscheduling-v1beta3.yaml',
      want: {},
      ignored: { KubeSchedulerConfiguration: 1 },
    },
  ])('$file', async ({ file, want, ignored = {} }) => {
    const objects = await loadManifests([real(file)]);
    expect(counts(objects)).toEqual(want);
    expect(objects.ignoredKinds).toEqual(ignored);
    expect(objects.warnings).toEqual([]);
  });
});

describe('real inputs, folder by folder', () => {
  test('all clusters together', async () => {
    const objects = await loadManifests([real('clusters')]);
    expect(counts(objects)).toEqual({ nodes: 13, pods: 9 });
  });

  test('a folder with one-off files loads as a whole', async () => {
    const objects = await loadManifests([
      real('apps/guestbook'),
      real('apps/priority-preemption'),
      real('apps/sidecar-init'),
      real('configs'),
    ]);
    expect(counts(objects)).toEqual({ services: 3, deployments: 4, pods: 3, priorityClasses: 2 });
    expect(objects.ignoredKinds).toEqual({ KubeSchedulerConfiguration: 5 });
  });

  test('the upstream examples that reuse names collide when loaded together', async () => {
    const e = await loadManifests([real('apps')]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(e).toBeInstanceOf(PeapodError);
    const { code, message } = e as PeapodError;
    expect(code).toBe(ErrorCodes.InputInconsistent);
    const at = (path: string) => `${real(`apps/${path}`)}: document`;
    expect(message.split('\n')).toEqual([
      '4 problems in the input:',
      `  ${at('scheduling-constraints/topology-spread-two-constraints.yaml')} 1 (Pod default/mypod): duplicate object, first defined at ${at('scheduling-constraints/topology-spread-one-constraint-with-nodeaffinity.yaml')} 1`,
      `  ${at('storage/pv-pod.yaml')} 1 (Pod default/task-pv-pod): duplicate object, first defined at ${at('storage/pod-volume-binding.yaml')} 1`,
      `  ${at('zookeeper/zookeeper-pdb-minavailable.yaml')} 1 (PodDisruptionBudget default/zk-pdb): duplicate object, first defined at ${at('zookeeper/zookeeper-pdb-maxunavailable.yaml')} 1`,
      `  ${at('zookeeper/zookeeper.yaml')} 3 (PodDisruptionBudget default/zk-pdb): duplicate object, first defined at ${at('zookeeper/zookeeper-pdb-maxunavailable.yaml')} 1`,
    ]);
  });
});

describe('what the loader keeps from real inputs', () => {
  test('kwok nodes: a null spec, cpu as a bare integer next to a string', async () => {
    const { nodes } = await loadManifests([real('clusters/kwok-two-regions/node-in-us-west-1.yaml')]);
    expect(nodes[0]?.spec).toBeNull();
    expect(nodes[0]?.status?.allocatable).toEqual({ cpu: 4, memory: '4Gi', pods: '55' });
    expect(nodes[0]?.status?.capacity?.cpu).toBe('4');
  });

  test('a raw PodList: namespaces as dumped, unknown fields and JSON escapes kept', async () => {
    const { pods } = await loadManifests([real('clusters/supergiant-do-v1.11/pods.json')]);
    expect(pods.map((p) => p.metadata.namespace)).toEqual(['default', 'default', ...Array(7).fill('kube-system')]);
    expect(pods[0]?.metadata.selfLink).toBe('/api/v1/namespaces/default/pods/measly-ibex-mariadb-master-0');
    expect(JSON.stringify(pods)).toContain('localhost >/dev/null');
  });

  test('flow-style YAML: unquoted keys, trailing commas and a comment', async () => {
    const binding = await loadManifests([real('apps/storage/pod-volume-binding.yaml')]);
    expect(binding.pods[0]?.spec.nodeSelector).toEqual({ 'kubernetes.io/hostname': 'kube-01' });
    const init = await loadManifests([real('apps/sidecar-init/init-containers.yaml')]);
    expect(init.pods[0]?.spec.initContainers?.map((c) => c.name)).toEqual(['install']);
  });

  test('a StatefulSet with claim templates and a PDB by maxUnavailable', async () => {
    const objects = await loadManifests([real('apps/zookeeper/zookeeper.yaml')]);
    const sts = objects.statefulSets[0];
    expect([sts?.spec.replicas, sts?.spec.serviceName]).toEqual([3, 'zk-hs']);
    expect(sts?.spec.volumeClaimTemplates?.[0]?.spec.resources?.requests).toEqual({ storage: '10Gi' });
    expect(sts?.spec.template.spec.containers[0]?.resources?.requests).toEqual({ memory: '1Gi', cpu: '0.5' });
    expect(objects.podDisruptionBudgets[0]?.spec.maxUnavailable).toBe(1);
  });
});
