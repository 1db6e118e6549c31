import { describe, expect, test } from 'vitest';
import { ErrorCodes } from '../src/errors.js';
import { container, type LoadErrorCase, loadError, pod, requests, yamlOf } from './load-helpers.js';

const { InputSyntax, InputInvalid } = ErrorCodes;

describe('syntax errors name the file, line and column', () => {
  test.each<LoadErrorCase>([
    {
      name: 'YAML with a badly indented key',
      text: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n labels: {}\n',
      code: InputSyntax,
      message: 'cluster.yaml: document 1: line 5, column 2: bad indentation of a mapping entry',
    },
    {
      name: 'YAML indented with a tab',
      text: 'kind: Pod\nmetadata:\n\tname: web-1\n',
      code: InputSyntax,
      message: 'cluster.yaml: document 1: line 3, column 1: tab characters must not be used in indentation',
    },
    {
      name: 'YAML with an unclosed flow sequence in a later document (reported where the input ends)',
      text: 'kind: Namespace\nmetadata: {name: a}\n---\nkind: Pod\nspec:\n  containers: [a, b\n',
      code: InputSyntax,
      message: 'cluster.yaml: document 2: line 7, column 1: deficient indentation',
    },
    {
      name: 'YAML with a duplicated key',
      text: 'kind: Pod\nkind: Node\n',
      code: InputSyntax,
      message: 'cluster.yaml: document 1: line 2, column 1: duplicated mapping key',
    },
    {
      name: 'JSON with a trailing comma',
      file: 'cluster.json',
      text: '{\n  "kind": "Pod",\n  "metadata": {"name": "web-1"},\n}\n',
      code: InputSyntax,
      message: "cluster.json: line 3, column 32: trailing comma before '}'",
    },
    {
      name: 'JSON cut short',
      file: 'cluster.json',
      text: '{"kind": "PodList", "items": [{"metadata": {"name": "a"}}',
      code: InputSyntax,
      message: "cluster.json: line 1, column 58: expected ',' or ']', got end of input",
    },
    {
      name: 'JSON with an unquoted key',
      file: 'cluster.json',
      text: '{"kind": "Pod", metadata: {}}',
      code: InputSyntax,
      message: "cluster.json: line 1, column 17: expected a property name in double quotes, got 'm'",
    },
  ])('$name', ({ text, file = 'cluster.yaml', code, message }) => {
    const e = loadError(text, file);
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
  });
});

describe('invalid objects name the document, the object and the field', () => {
  test.each<LoadErrorCase>([
    {
      name: 'containers given as a string',
      text: yamlOf(pod('web-1', { containers: 'x' })),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (Pod default/web-1): spec.containers: expected an array, got "x"',
    },
    {
      name: 'a bad cpu quantity in the third document',
      text: yamlOf(pod('a'), pod('b'), pod('web-1', requests({ cpu: '12x' }))),
      code: InputInvalid,
      message:
        'cluster.yaml: document 3 (Pod default/web-1): spec.containers[0].resources.requests.cpu: invalid quantity "12x"',
    },
    {
      name: 'a negative memory request',
      text: yamlOf(pod('web-1', requests({ memory: '-1Gi' }))),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.containers[0].resources.requests.memory: must be greater than or equal to 0, got "-1Gi"',
    },
    {
      name: 'a quantity of the wrong type',
      text: yamlOf(pod('web-1', requests({ cpu: true }))),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.containers[0].resources.requests.cpu: expected a string or a number, got true',
    },
    {
      name: 'an extended resource key is printed in brackets',
      text: yamlOf({ kind: 'Node', metadata: { name: 'n1' }, status: { allocatable: { 'example.com/gpu': 'two' } } }),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (Node n1): status.allocatable[example.com/gpu]: invalid quantity "two"',
    },
    {
      name: 'a missing name',
      text: yamlOf(pod(undefined, {}, { labels: { app: 'web' } })),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (Pod default/<unnamed>): metadata.name: name is required',
    },
    {
      name: 'an empty name in a namespace',
      text: yamlOf(pod('', {}, { namespace: 'prod' })),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (Pod prod/<unnamed>): metadata.name: name is required',
    },
    {
      name: 'no metadata at all',
      text: yamlOf({ kind: 'Node' }),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (Node <unnamed>): metadata: metadata is required',
    },
    {
      name: 'a pod without containers',
      text: yamlOf(pod('web-1', { containers: [] })),
      code: InputInvalid,
      message: 'cluster.yaml: document 1 (Pod default/web-1): spec.containers: a pod needs at least one container',
    },
    {
      name: 'an unsupported enum value',
      text: yamlOf(pod('web-1', { tolerations: [{ key: 'k', operator: 'Maybe' }] })),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.tolerations[0].operator: unsupported value "Maybe", expected one of "Exists", "Equal"',
    },
    {
      name: 'a value none of a union’s branches accepts',
      text: yamlOf(pod('web-1', { tolerations: [{ operator: 'Exists', effect: 'Sometimes' }] })),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.tolerations[0].effect: unsupported value "Sometimes", expected one of "NoSchedule", "PreferNoSchedule", "NoExecute", ""',
    },
    {
      name: 'a number out of range',
      text: yamlOf(pod('web-1', { containers: [container({ ports: [{ containerPort: 70000 }] })] })),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.containers[0].ports[0].containerPort: must be less than or equal to 65535, got 70000',
    },
    {
      name: 'an empty string where one is needed',
      text: yamlOf(
        pod('web-1', {
          topologySpreadConstraints: [{ maxSkew: 1, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule' }],
        }),
      ),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.topologySpreadConstraints[0].topologyKey: must not be empty',
    },
    {
      name: 'an integer field given as a string',
      text: yamlOf(pod('web-1', { containers: [container({ ports: [{ containerPort: '80' }] })] })),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (Pod default/web-1): spec.containers[0].ports[0].containerPort: expected a number, got "80"',
    },
    {
      name: 'a PodDisruptionBudget with both minAvailable and maxUnavailable',
      text: yamlOf({
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'pdb', namespace: 'zk' },
        spec: { minAvailable: 1, maxUnavailable: '50%' },
      }),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (PodDisruptionBudget zk/pdb): spec: minAvailable and maxUnavailable cannot be both set',
    },
    {
      name: 'a PodDisruptionBudget with a malformed percentage',
      text: yamlOf({ kind: 'PodDisruptionBudget', metadata: { name: 'pdb' }, spec: { minAvailable: 'half' } }),
      code: InputInvalid,
      message:
        'cluster.yaml: document 1 (PodDisruptionBudget default/pdb): spec.minAvailable: must be a non-negative integer or a percentage like "25%", got "half"',
    },
    {
      name: 'a document without kind',
      text: yamlOf(pod('a'), { apiVersion: 'v1', metadata: { name: 'b' } }),
      code: InputInvalid,
      message: 'cluster.yaml: document 2: kind: kind is required',
    },
    {
      name: 'a kind that is not a string',
      text: yamlOf({ kind: 5, metadata: { name: 'b' } }),
      code: InputInvalid,
      message: 'cluster.yaml: document 1: kind: expected a non-empty string, got 5',
    },
    {
      name: 'a scalar document',
      text: 'hello\n',
      code: InputInvalid,
      message: 'cluster.yaml: document 1: expected an object with a kind, got "hello"',
    },
    {
      name: 'a sequence document after an empty one',
      text: '---\n---\n- kind: Pod\n',
      code: InputInvalid,
      message: 'cluster.yaml: document 2: expected an object with a kind, got an array',
    },
    {
      name: 'a JSON array',
      file: 'cluster.json',
      text: JSON.stringify([pod('a')]),
      code: InputInvalid,
      message: 'cluster.json: document 1: expected an object with a kind, got an array',
    },
  ])('$name', ({ text, file = 'cluster.yaml', code, message }) => {
    const e = loadError(text, file);
    expect({ code: e.code, message: e.message }).toEqual({ code, message });
  });
});
