import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ErrorCode, ErrorCodes, PeapodError } from '@peapod/core';

/** `plugin module <path>: <detail>`, the prefix of every loader message. */
export function moduleError(path: string, code: ErrorCode, detail: string, cause?: unknown): PeapodError {
  return new PeapodError(code, `plugin module ${path}: ${detail}`, cause === undefined ? undefined : { cause });
}

function readReason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

function thrownMessage(e: unknown): string {
  if (e instanceof Error) return e.message.split('\n', 1)[0] ?? e.message;
  return String(e);
}

/**
 * Imports the ES module at `path` (resolved against `cwd`) and returns its namespace. A missing file is an
 * InputRead PeapodError; a module that throws while loading (syntax error, failing import, top-level throw)
 * a Config one carrying its message. TypeScript modules load where a TypeScript loader is registered
 * (`node --import tsx`, vitest).
 */
export async function importPluginModule(path: string, cwd: string): Promise<Record<string, unknown>> {
  const absolute = resolve(cwd, path);
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) {
      throw moduleError(path, ErrorCodes.InputRead, 'is a directory, expected a JavaScript or TypeScript module');
    }
  } catch (e) {
    if (e instanceof PeapodError) throw e;
    throw moduleError(path, ErrorCodes.InputRead, readReason(e), e);
  }
  try {
    return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: unknown } | undefined)?.code;
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.[cm]?tsx?$/.test(absolute)) {
      throw moduleError(
        path,
        ErrorCodes.Config,
        'cannot load TypeScript without a TypeScript loader: compile it to JavaScript, or run node with --import tsx',
        e,
      );
    }
    throw moduleError(path, ErrorCodes.Config, `threw while loading: ${thrownMessage(e)}`, e);
  }
}
