import { formatFieldPath } from '@peapod/core';
import type { PluginRegistry } from '../registry.js';
import { describeValue, type FieldPath, issueText, type ProblemList } from './problems.js';
import type { RawProfile } from './schema.js';

/** One `pluginConfig` entry: its args without `kind`/`apiVersion`, and where it sits in the file. */
export interface PluginConfigEntry {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>> | undefined;
  readonly path: FieldPath;
}

const ARGS_API_GROUP = 'kubescheduler.config.k8s.io/';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A profile's `pluginConfig` by plugin name (the first entry of a name wins; later ones are errors, as
 * upstream's validation reports them). Args may carry their own `kind`/`apiVersion`, as upstream decodes
 * them into `<Name>Args`: a `kind` naming another type is an error, and both fields are stripped.
 */
export function collectPluginConfig(
  profile: RawProfile,
  base: FieldPath,
  problems: ProblemList,
): Map<string, PluginConfigEntry> {
  const byName = new Map<string, PluginConfigEntry>();
  (profile.pluginConfig ?? []).forEach((cfg, j) => {
    const path: FieldPath = [...base, 'pluginConfig', j];
    const first = byName.get(cfg.name);
    if (first !== undefined) {
      problems.error(
        [...path, 'name'],
        `duplicate pluginConfig for plugin "${cfg.name}" (first at ${formatFieldPath(first.path)})`,
      );
      return;
    }
    byName.set(cfg.name, { name: cfg.name, args: argsOf(cfg.name, cfg.args, path, problems), path });
  });
  return byName;
}

function argsOf(
  name: string,
  raw: unknown,
  path: FieldPath,
  problems: ProblemList,
): Readonly<Record<string, unknown>> | undefined {
  if (raw === undefined) return undefined;
  if (!isPlainObject(raw)) {
    problems.error([...path, 'args'], `expected an object, got ${describeValue(raw)}`);
    return undefined;
  }
  const { kind, apiVersion, ...args } = raw;
  if (kind !== undefined && kind !== `${name}Args`) {
    problems.error([...path, 'args', 'kind'], `expected "${name}Args", got ${describeValue(kind)}`);
  }
  if (apiVersion !== undefined && (typeof apiVersion !== 'string' || !apiVersion.startsWith(ARGS_API_GROUP))) {
    problems.error(
      [...path, 'args', 'apiVersion'],
      `expected a ${ARGS_API_GROUP}* version, got ${describeValue(apiVersion)}`,
    );
  }
  return args;
}

/**
 * Parses the args of every plugin in `needed` that has an `argsSchema` (its pluginConfig args, or `{}` for
 * the schema's defaults), and validates the args of configured plugins that are not needed too (upstream
 * validates in-tree args whether or not the plugin is enabled), warning that they are ignored.
 * `requested` holds every name the profile enables, registered or not, so that a pluginConfig entry of an
 * unknown plugin that is enabled is not reported a second time.
 */
export function parsePluginArgs(
  needed: ReadonlySet<string>,
  requested: ReadonlySet<string>,
  configs: ReadonlyMap<string, PluginConfigEntry>,
  registry: PluginRegistry,
  base: FieldPath,
  problems: ProblemList,
): Map<string, unknown> {
  const parsed = new Map<string, unknown>();
  const parse = (name: string, entry: PluginConfigEntry | undefined) => {
    const schema = registry.get(name)?.argsSchema;
    if (schema === undefined) {
      if (entry?.args !== undefined && Object.keys(entry.args).length > 0) {
        problems.warn([...entry.path, 'args'], `plugin "${name}" takes no args; ignored`);
      }
      return;
    }
    const result = schema.safeParse(entry?.args ?? {}, { error: issueText });
    if (result.success) {
      parsed.set(name, result.data);
    } else if (entry !== undefined) {
      problems.zodIssues([...entry.path, 'args'], result.error.issues);
    } else {
      const detail = result.error.issues.map((i) => i.message).join('; ');
      problems.error([...base, 'pluginConfig'], `the default args of plugin "${name}" do not validate: ${detail}`);
    }
  };
  for (const name of needed) parse(name, configs.get(name));
  for (const [name, entry] of configs) {
    if (needed.has(name)) continue;
    if (registry.has(name)) {
      parse(name, entry);
      problems.warn(
        [...entry.path, 'name'],
        `plugin "${name}" is not enabled in this profile; its pluginConfig is ignored`,
      );
    } else if (!requested.has(name)) {
      problems.warn(
        [...entry.path, 'name'],
        `plugin "${name}" is not enabled in this profile (nor known); its pluginConfig is ignored`,
      );
    }
  }
  return parsed;
}
