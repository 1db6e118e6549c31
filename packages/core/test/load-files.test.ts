import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { ErrorCodes, PeapodError } from '../src/errors.js';
import { loadManifests } from '../src/load/index.js';

const root = mkdtempSync(join(tmpdir(), 'peapod-load-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
/** Writes files (path → content) into a fresh folder and returns its path. */
function folder(files: Record<string, string | Uint8Array>): string {
  const dir = join(root, `case-${folders++}`);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const podYaml = (name: string): string => `kind: Pod\nmetadata: {name: ${name}}\nspec: {containers: [{name: app}]}\n`;
const nodeJson = (name: string): string => JSON.stringify({ kind: 'Node', metadata: { name } });

async function loadError(paths: string[], stdin?: NodeJS.ReadableStream): Promise<PeapodError> {
  try {
    await loadManifests(paths, { stdin });
  } catch (e) {
    if (e instanceof PeapodError) return e;
    throw e;
  }
  throw new Error('expected the load to fail');
}

describe('files and folders', () => {
  test('a folder loads recursively, in path order, only manifest files', async () => {
    const dir = folder({
      'b.yaml': podYaml('b'),
      'a/z.yml': podYaml('az'),
      'a.json': nodeJson('n1'),
      'c/d/e.yaml.gz': gzipSync(podYaml('cde')),
      'README.md': '# not a manifest',
      'notes.txt': 'kind: Pod',
    });
    const objects = await loadManifests([dir]);
    expect(objects.pods.map((p) => p.metadata.name)).toEqual(['az', 'b', 'cde']);
    expect(objects.nodes.map((n) => objects.origins.get(n))).toEqual([{ file: join(dir, 'a.json'), document: 1 }]);
  });

  test('files named on the command line load whatever their name, in the order given', async () => {
    const dir = folder({ 'two.txt': podYaml('two'), 'one.yaml': podYaml('one') });
    const objects = await loadManifests([join(dir, 'two.txt'), join(dir, 'one.yaml')]);
    expect(objects.pods.map((p) => p.metadata.name)).toEqual(['two', 'one']);
  });

  test('gzip is recognised by its magic bytes, whatever the name', async () => {
    const dir = folder({ 'pods.yaml': gzipSync(podYaml('zipped')), 'nodes.json.gz': gzipSync(nodeJson('n1')) });
    const objects = await loadManifests([dir]);
    expect(objects.pods.map((p) => p.metadata.name)).toEqual(['zipped']);
    expect(objects.nodes).toHaveLength(1);
  });

  test.each([
    {
      name: 'several gzip members (the trailer gives the last one’s size only)',
      bytes: () => Buffer.concat([gzipSync(podYaml('one')), gzipSync(`---\n${podYaml('two')}`)]),
    },
    {
      name: 'a trailer that claims 4 GiB',
      bytes: () => {
        const zipped = gzipSync(podYaml('one'));
        zipped.writeUInt32LE(0xffffffff, zipped.length - 4);
        return zipped;
      },
      error: 'invalid gzip data',
    },
  ])('gzip: $name', async ({ bytes, error }) => {
    const dir = folder({ 'pods.yaml.gz': bytes() });
    if (error !== undefined) {
      expect((await loadError([dir])).message).toContain(error);
      return;
    }
    expect((await loadManifests([dir])).pods.map((p) => p.metadata.name)).toEqual(['one', 'two']);
  });

  test('a byte-order mark is ignored', async () => {
    const dir = folder({ 'bom.json': `\uFEFF${nodeJson('n1')}` });
    expect((await loadManifests([dir])).nodes).toHaveLength(1);
  });

  test('duplicates across files name both files', async () => {
    const dir = folder({ 'a.yaml': podYaml('web'), 'b.yaml': podYaml('web') });
    const e = await loadError([dir]);
    expect({ code: e.code, message: e.message }).toEqual({
      code: ErrorCodes.InputInconsistent,
      message: `${join(dir, 'b.yaml')}: document 1 (Pod default/web): duplicate object, first defined at ${join(dir, 'a.yaml')}: document 1`,
    });
  });

  test('problems of every file are reported together', async () => {
    const dir = folder({ 'a.yaml': 'kind: Pod\nkind: Node\n', 'b.yaml': podYaml('ok'), 'c.json': '{"kind": "Node"}' });
    const e = await loadError([dir]);
    expect(e.code).toBe(ErrorCodes.InputSyntax);
    expect(e.message).toBe(
      [
        '2 problems in the input:',
        `  ${join(dir, 'a.yaml')}: document 1: line 2, column 1: duplicated mapping key`,
        `  ${join(dir, 'c.json')}: document 1 (Node <unnamed>): metadata: metadata is required`,
      ].join('\n'),
    );
  });
});

describe('unreadable input', () => {
  test.each<{
    name: string;
    files: Record<string, string | Uint8Array>;
    path: string;
    message: (dir: string) => string;
  }>([
    {
      name: 'a missing file',
      files: {},
      path: 'missing.yaml',
      message: (dir: string) => `${join(dir, 'missing.yaml')}: no such file or directory`,
    },
    {
      name: 'a .gz file that is not gzip',
      files: { 'bad.yaml.gz': 'kind: Pod' },
      path: 'bad.yaml.gz',
      message: (dir: string) => `${join(dir, 'bad.yaml.gz')}: invalid gzip data: incorrect header check`,
    },
    {
      name: 'truncated gzip',
      files: { 'cut.yaml': gzipSync(podYaml('a')).subarray(0, 20) },
      path: 'cut.yaml',
      message: (dir: string) => `${join(dir, 'cut.yaml')}: invalid gzip data: unexpected end of file`,
    },
    {
      name: 'a folder without manifests',
      files: { 'sub/README.md': 'hi' },
      path: 'sub',
      message: (dir: string) => `${join(dir, 'sub')}: no .yaml, .yml or .json files in this folder`,
    },
  ])('$name', async ({ files, path, message }) => {
    const dir = folder(files);
    const e = await loadError([join(dir, path)]);
    expect({ code: e.code, message: e.message }).toEqual({ code: ErrorCodes.InputRead, message: message(dir) });
  });
});

describe('stdin', () => {
  test('`-` reads the given stream, YAML or JSON', async () => {
    const yaml = await loadManifests(['-'], { stdin: Readable.from([podYaml('a'), '---\n', podYaml('b')]) });
    expect(yaml.pods.map((p) => [p.metadata.name, yaml.origins.get(p)])).toEqual([
      ['a', { file: '<stdin>', document: 1 }],
      ['b', { file: '<stdin>', document: 2 }],
    ]);
    const json = await loadManifests(['-'], { stdin: Readable.from([Buffer.from(nodeJson('n1'))]) });
    expect(json.nodes).toHaveLength(1);
  });

  test('gzip on stdin', async () => {
    const objects = await loadManifests(['-'], { stdin: Readable.from([gzipSync(podYaml('a'))]) });
    expect(objects.pods).toHaveLength(1);
  });

  test('stdin mixes with files', async () => {
    const dir = folder({ 'n.json': nodeJson('n1') });
    const objects = await loadManifests([dir, '-'], { stdin: Readable.from([podYaml('a')]) });
    expect([objects.nodes.length, objects.pods.length]).toEqual([1, 1]);
  });

  test('errors on stdin name <stdin>', async () => {
    const e = await loadError(['-'], Readable.from(['kind: Pod\nmetadata: {}\nspec: {containers: [{name: a}]}\n']));
    expect(e.message).toBe('<stdin>: document 1 (Pod default/<unnamed>): metadata.name: name is required');
  });

  test('stdin can be read only once', async () => {
    const e = await loadError(['-', '-'], Readable.from([podYaml('a')]));
    expect({ code: e.code, message: e.message }).toEqual({
      code: ErrorCodes.InputRead,
      message: '<stdin>: stdin can be read only once',
    });
  });
});
