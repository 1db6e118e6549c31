import {
  checkCreatedPlugin,
  descriptorProblems,
  ErrorCodes,
  type ExtensionPoint,
  type Handle,
  PeapodError,
  type PluginDescriptor,
} from '@peapod/core';
import type { z } from 'zod';
import { moduleError } from './import-module.js';

/** A descriptor as a plugin module may export it: `points` a Set or an array. */
interface RawDescriptor {
  readonly name: string;
  readonly points: ReadonlySet<ExtensionPoint> | readonly ExtensionPoint[];
  readonly argsSchema?: z.ZodType<unknown>;
  create(args: unknown, handle: Handle): unknown;
}

export const NO_PLUGIN_EXPORT = 'exports no plugin: expected a named export `plugin` or `plugins`';

/**
 * The plugin descriptors a module namespace exports: its `plugin` export, then each of `plugins` (an
 * array). Each is checked for shape and turned into a registration whose `create` checks the instance it
 * returns and reports a throwing factory with the plugin's name. Throws a Config PeapodError naming `path`
 * and the export.
 */
export function descriptorsOf(namespace: Record<string, unknown>, path: string): PluginDescriptor[] {
  const found: { readonly where: string; readonly value: unknown }[] = [];
  if (namespace.plugin !== undefined) found.push({ where: '`plugin`', value: namespace.plugin });
  if (namespace.plugins !== undefined) {
    if (!Array.isArray(namespace.plugins)) {
      throw moduleError(path, ErrorCodes.Config, 'export `plugins`: expected an array of plugin descriptors');
    }
    for (const [i, value] of (namespace.plugins as unknown[]).entries())
      found.push({ where: `\`plugins[${i}]\``, value });
  }
  if (found.length === 0) {
    const hint = namespace.default !== undefined ? ' (it has a default export: export the descriptor by name)' : '';
    throw moduleError(path, ErrorCodes.Config, `${NO_PLUGIN_EXPORT}${hint}`);
  }
  return found.map(({ where, value }) => {
    const problems = descriptorProblems(value);
    if (problems.length > 0) {
      throw moduleError(path, ErrorCodes.Config, `export ${where} is not a plugin descriptor: ${problems.join('; ')}`);
    }
    return registrationOf(value as RawDescriptor);
  });
}

function registrationOf(raw: RawDescriptor): PluginDescriptor {
  const checked = { name: raw.name, points: new Set<ExtensionPoint>(raw.points) };
  return {
    ...checked,
    ...(raw.argsSchema !== undefined ? { argsSchema: raw.argsSchema } : {}),
    create(args, handle) {
      let instance: unknown;
      try {
        instance = raw.create(args, handle);
      } catch (e) {
        if (e instanceof PeapodError) throw e;
        const message = e instanceof Error ? e.message : String(e);
        throw new PeapodError(ErrorCodes.Config, `plugin ${JSON.stringify(raw.name)}: create() threw: ${message}`, {
          cause: e,
        });
      }
      return checkCreatedPlugin(checked, instance);
    },
  };
}
