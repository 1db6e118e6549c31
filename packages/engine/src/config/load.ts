import { readFile } from 'node:fs/promises';
import { ErrorCodes, PeapodError } from '@peapod/core';
import { loadAll, YAMLException } from 'js-yaml';
import type { PluginRegistry } from '../registry.js';
import { resolveSchedulerConfiguration } from './resolve.js';
import type { ResolvedConfiguration, ResolveOptions } from './types.js';

const JSON_NAME_RE = /\.json$/i;

function syntaxError(file: string, detail: string, cause?: unknown): PeapodError {
  return new PeapodError(ErrorCodes.InputSyntax, `${file}: ${detail}`, cause === undefined ? undefined : { cause });
}

/**
 * Decodes a configuration file: JSON (a file named *.json, or text starting with `{` that JSON.parse
 * accepts) or one YAML document. Throws an InputSyntax PeapodError naming the line and column.
 */
export function parseConfigurationText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (JSON_NAME_RE.test(file) || /^\s*\{/.test(body)) {
    try {
      return JSON.parse(body);
    } catch (e) {
      // Flow-style YAML also starts with a brace; a .json file is held to JSON.
      if (JSON_NAME_RE.test(file)) throw syntaxError(file, e instanceof Error ? e.message : String(e), e);
    }
  }
  let documents: unknown[];
  try {
    documents = loadAll(body);
  } catch (e) {
    if (e instanceof YAMLException) {
      const at = e.mark ? `line ${e.mark.line + 1}, column ${e.mark.column + 1}: ` : '';
      throw syntaxError(file, `${at}${e.reason}`, e);
    }
    throw syntaxError(file, e instanceof Error ? e.message : String(e), e);
  }
  const present = documents.filter((d) => d !== null && d !== undefined);
  if (present.length === 0) throw syntaxError(file, 'empty file: expected a KubeSchedulerConfiguration');
  if (present.length > 1) throw syntaxError(file, `expected one YAML document, found ${present.length}`);
  return present[0];
}

function configError(file: string, errors: readonly string[]): PeapodError {
  const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
  return new PeapodError(
    ErrorCodes.Config,
    `${file}: invalid KubeSchedulerConfiguration (${count}):\n${errors.map((e) => `  ${e}`).join('\n')}`,
  );
}

/**
 * Parses and resolves a KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1 or v1beta3, YAML or
 * JSON) against `registry`. Throws a Config PeapodError, `<file>: ...` followed by every problem on its own
 * line, when the configuration is invalid (InputSyntax when it is not YAML/JSON at all).
 */
export function loadSchedulerConfiguration(
  text: string,
  file: string,
  registry: PluginRegistry,
  options: ResolveOptions = {},
): ResolvedConfiguration {
  const outcome = resolveSchedulerConfiguration(parseConfigurationText(text, file), registry, options);
  if (outcome.configuration === undefined) throw configError(file, outcome.errors);
  return outcome.configuration;
}

/** `loadSchedulerConfiguration` of a file; an unreadable file is an InputRead PeapodError. */
export async function readSchedulerConfiguration(
  path: string,
  registry: PluginRegistry,
  options: ResolveOptions = {},
): Promise<ResolvedConfiguration> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    const reason =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : e instanceof Error
              ? e.message
              : String(e);
    throw new PeapodError(ErrorCodes.InputRead, `${path}: ${reason}`, { cause: e });
  }
  return loadSchedulerConfiguration(text, path, registry, options);
}

/** The configuration kube-scheduler runs with when given no file: one `default-scheduler` profile. */
export function defaultConfiguration(registry: PluginRegistry, options: ResolveOptions = {}): ResolvedConfiguration {
  const document = { apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration' };
  const outcome = resolveSchedulerConfiguration(document, registry, options);
  if (outcome.configuration === undefined) throw configError('<default configuration>', outcome.errors);
  return outcome.configuration;
}
