import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { DEMO_SCENARIO, demoPlan, loadScenarioFile, parseScenario, runScenario } from '../src/index.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const header = 'apiVersion: peapod.dev/v1alpha1\nkind: Scenario\n';

function problems(text: string): string {
  try {
    parseScenario(header + text, 'test.yaml');
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return '';
}

describe('scenario files', () => {
  test.each([
    { name: 'unknown field', text: 'seeds: 1\n', want: 'test.yaml: Unrecognized key: "seeds"' },
    { name: 'bad duration', text: 'until: soon\n', want: 'test.yaml: until:' },
    {
      name: 'two verbs',
      text: 'actions:\n  - {fail-node: a, recover-node: a}\n',
      want: 'test.yaml: actions[0]: an action has exactly one of',
    },
    {
      name: 'bad replicas',
      text: 'actions:\n  - scale: {kind: Deployment, name: web, replicas: -1}\n',
      want: 'test.yaml: actions[0].scale.replicas',
    },
    {
      name: 'time going back',
      text: 'actions:\n  - {at: 2m, fail-node: a}\n  - {at: 1m, recover-node: a}\n',
      want: 'test.yaml: actions[1].at: 1m is earlier',
    },
    { name: 'missing file', text: 'objects:\n  - path: nope.yaml\n', want: 'nope.yaml: no such file or directory' },
    {
      name: 'fault without target',
      text: 'actions:\n  - crash-container: {container: app}\n',
      want: 'give either pod (a name) or selector (labels)',
    },
  ])('$name is reported with file and field', ({ text, want }) => {
    expect(problems(text)).toContain(want);
  });

  test('objects come inline or from files relative to the scenario; advance moves the clock', () => {
    const text = `${header}objects:\n  - path: nodes.yaml\nactions:\n  - advance: 30s\n  - fail-node: a\n  - {at: 2m, recover-node: a}\n  - advance: 1m\n`;
    const plan = parseScenario(text, fixture('scenario.yaml'));
    expect(plan.objects.map((o) => o.where)).toEqual([
      'nodes.yaml: document 1, item 1',
      'nodes.yaml: document 1, item 2',
    ]);
    expect(plan.actions.map((a) => [a.type, a.at])).toEqual([
      ['fail-node', 30_000],
      ['recover-node', 120_000],
    ]);
    expect(plan.lastActionAt).toBe(180_000);
  });

  test('an object the API server refuses stops the run before it starts, naming where it was written', () => {
    const text = `${header}objects:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: shop}, spec: {containers: [{name: a, image: x}]}}\n`;
    expect(() => runScenario(parseScenario(text, 's.yaml'))).toThrow(
      's.yaml: objects[0]: Error from server (NotFound): namespaces "shop" not found',
    );
  });

  test('an unreadable scenario names the file', () => {
    expect(() => loadScenarioFile(fixture('missing.yaml'))).toThrow('missing.yaml: no such file or directory');
  });
});

describe('the demo', () => {
  const result = runScenario(demoPlan());

  test('shows every one of the twelve steps of the seed story', () => {
    const steps = new Set(result.events.map((e) => e.step).filter((s) => s !== undefined));
    expect([...steps].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  test("the failed node's pod is evicted and replaced elsewhere with a new IP; the ClusterIP stays and endpoints follow", () => {
    const evicted = result.events.find((e) => e.reason === 'TaintManagerEviction')!;
    expect(evicted.time).toBe(395);
    expect(result.pods).toHaveLength(3);
    expect(result.pods.every((p) => p.node !== 'node-2' && p.status === 'Running')).toBe(true);
    const service = result.services[0]!;
    expect(service.endpoints).toEqual(result.pods.map((p) => p.podIP).sort());
    const before = result.events.find(
      (e) => e.reason === 'EndpointsUpdated' && e.message.includes(', ') && e.time < 60,
    )!;
    expect(before.message).toContain(`(${service.clusterIP})`);
    const oldIp = result.events
      .find((e) => e.name === evicted.name && e.message.includes('podIP'))!
      .message.match(/podIP ([\d.]+)/)![1];
    expect(result.pods.map((p) => p.podIP)).not.toContain(oldIp);
    expect(result.steady).toBe(true);
  });

  test('the same scenario and seed give byte-identical output; another seed changes names', () => {
    const again = runScenario(demoPlan());
    expect(JSON.stringify(again)).toBe(JSON.stringify(result));
    const other = runScenario(demoPlan(), { seed: 2 });
    expect(other.pods.map((p) => p.name)).not.toEqual(result.pods.map((p) => p.name));
    expect(DEMO_SCENARIO).toContain('kind: Scenario');
  });
});
