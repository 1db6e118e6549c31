import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, constants as zlibConstants } from 'node:zlib';
import { ErrorCodes } from '../errors.js';
import type { ClusterObjects } from './cluster-objects.js';
import { ManifestLoad } from './session.js';

/** Files a folder contributes: YAML and JSON, optionally gzipped. Files named on the command line always load. */
const MANIFEST_FILE_RE = /\.(ya?ml|json)(\.gz)?$/i;

/** How stdin is named in messages and origins. */
export const STDIN_NAME = '<stdin>';

export interface LoadManifestsOptions {
  /** Read for the path `-`; defaults to `process.stdin`. */
  readonly stdin?: NodeJS.ReadableStream;
}

/**
 * Parses one manifest text (YAML, multi-document YAML or JSON) into validated objects. With `into`, the
 * objects are appended to it (on error it may hold the ones that were valid). Throws a PeapodError listing
 * every problem, each naming `file`, the document, the object and the field.
 */
export function parseManifests(text: string, file: string, into?: ClusterObjects): ClusterObjects {
  const load = new ManifestLoad(into);
  load.addText(text, file);
  return load.finish();
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function describeReadError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return e instanceof Error ? e.message : String(e);
}

/** Every manifest file under a folder, recursively, sorted by path. Symlinked folders are followed once. */
async function listFolder(root: string, visited: Set<string>): Promise<string[]> {
  const real = await realpath(root);
  if (visited.has(real)) return [];
  visited.add(real);
  const files: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path)).isDirectory());
    if (isDir) files.push(...(await listFolder(path, visited)));
    else if (MANIFEST_FILE_RE.test(entry.name)) files.push(path);
  }
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** DEFLATE inflates at most about 1032:1; a gzip trailer that claims more is wrong. */
const MAX_DEFLATE_RATIO = 1032;
const MAX_OUTPUT_HINT = 2 ** 30;

/**
 * Inflates gzip data in one synchronous call: zlib's asynchronous API goes to the thread pool and back for every
 * 16 KiB chunk, several times slower on a big dump (and nothing else runs meanwhile). The output buffer is sized
 * from the gzip trailer (the inflated size, modulo 2^32, of the last member) so that zlib writes it in one piece
 * instead of concatenating thousands of chunks; a wrong size only costs a concatenation.
 */
function gunzipWhole(bytes: Buffer): Buffer {
  const claimed = bytes.length >= 18 ? bytes.readUInt32LE(bytes.length - 4) : 0;
  const hint = Math.min(claimed + 1, bytes.length * MAX_DEFLATE_RATIO, MAX_OUTPUT_HINT);
  return gunzipSync(bytes, hint > zlibConstants.Z_DEFAULT_CHUNK ? { chunkSize: hint } : {});
}

/** The text of a file, gunzipped when it is gzip data or named `.gz`. */
function decode(bytes: Buffer, file: string): string {
  const data = isGzip(bytes) || /\.gz$/i.test(file) ? gunzipWhole(bytes) : bytes;
  return data.toString('utf8');
}

/**
 * Loads manifests from files, folders (recursively: `.yaml`, `.yml`, `.json`, each optionally `.gz`, in
 * path order) and `-` for stdin, into one ClusterObjects. Gzip is recognised by its magic bytes. Every
 * problem of the whole load (unreadable files, syntax, invalid objects, duplicates) is collected and thrown
 * as one PeapodError.
 */
export async function loadManifests(
  paths: readonly string[],
  options: LoadManifestsOptions = {},
): Promise<ClusterObjects> {
  const load = new ManifestLoad();
  let stdinUsed = false;
  for (const arg of paths) {
    if (arg === '-') {
      if (stdinUsed) {
        load.addProblem(ErrorCodes.InputRead, `${STDIN_NAME}: stdin can be read only once`);
        continue;
      }
      stdinUsed = true;
      await addSource(load, STDIN_NAME, () => readStream(options.stdin ?? process.stdin));
      continue;
    }
    let files: string[];
    try {
      if (!(await stat(arg)).isDirectory()) {
        await addSource(load, arg, () => readFile(arg));
        continue;
      }
      files = await listFolder(arg, new Set());
    } catch (e) {
      load.addProblem(ErrorCodes.InputRead, `${arg}: ${describeReadError(e)}`);
      continue;
    }
    if (files.length === 0)
      load.addProblem(ErrorCodes.InputRead, `${arg}: no .yaml, .yml or .json files in this folder`);
    for (const file of files) await addSource(load, file, () => readFile(file));
  }
  return load.finish();
}

async function addSource(load: ManifestLoad, file: string, read: () => Promise<Buffer>): Promise<void> {
  let text: string;
  try {
    text = decode(await read(), file);
  } catch (e) {
    const gzip = (e as { errno?: number; code?: string }).code?.startsWith('Z_') ? 'invalid gzip data: ' : '';
    load.addProblem(ErrorCodes.InputRead, `${file}: ${gzip}${describeReadError(e)}`);
    return;
  }
  load.addText(text, file);
}
