import { describe, expect, test } from 'vitest';
import { parseManifests } from '../src/index.js';

describe('PodDisruptionBudget status', () => {
  test('informational counters are kept as written, even negative (real dumps carry desiredHealthy -1)', () => {
    const objects = parseManifests(
      JSON.stringify({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'api-pdb', namespace: 'ml' },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } },
        status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: -1, expectedPods: 0 },
      }),
      'pdb.json',
    );
    expect(objects.podDisruptionBudgets[0]!.status).toMatchObject({ desiredHealthy: -1, disruptionsAllowed: 0 });
  });

  test('disruptionsAllowed, which preemption reads, must not be negative', () => {
    expect(() =>
      parseManifests(
        'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nstatus: {disruptionsAllowed: -1}\n',
        'pdb.yaml',
      ),
    ).toThrow('pdb.yaml: document 1 (PodDisruptionBudget default/x): status.disruptionsAllowed:');
  });
});
