import { ErrorCodes, type PluginDescriptor } from '@peapod/core';
import { inTreeRegistrations } from '../default-registry.js';
import type { PluginRegistry } from '../registry.js';
import { descriptorsOf } from './descriptors.js';
import { importPluginModule, moduleError } from './import-module.js';

export { NO_PLUGIN_EXPORT } from './descriptors.js';

let inTreeNames: ReadonlySet<string> | undefined;
const IN_TREE_NAMES = (): ReadonlySet<string> => {
  inTreeNames ??= new Set(inTreeRegistrations().map((r) => r.name));
  return inTreeNames;
};

/** A plugin registered from a module. */
export interface LoadedPlugin {
  readonly name: string;
  /** The module path as given. */
  readonly path: string;
}

export interface LoadPluginOptions {
  /** Relative paths resolve against it; default `process.cwd()`. */
  readonly cwd?: string;
}

/**
 * Imports one plugin module and returns the descriptors it exports (`plugin`, and each of `plugins`),
 * checked for shape, without registering them. Every error is a PeapodError naming `path`.
 */
export async function loadPluginModule(path: string, options: LoadPluginOptions = {}): Promise<PluginDescriptor[]> {
  const namespace = await importPluginModule(path, options.cwd ?? process.cwd());
  return descriptorsOf(namespace, path);
}

/**
 * Imports plugin modules in order and registers what they export in `registry`, before a
 * KubeSchedulerConfiguration is resolved against it, so that profiles enable the plugins by name and their
 * `pluginConfig` args are parsed by the plugins' own schemas. A name already registered (an in-tree plugin,
 * or one from an earlier module) is an error naming both; nothing is registered unless every module loads.
 */
export async function registerPluginModules(
  paths: readonly string[],
  registry: PluginRegistry,
  options: LoadPluginOptions = {},
): Promise<LoadedPlugin[]> {
  const pending: { readonly path: string; readonly descriptor: PluginDescriptor }[] = [];
  for (const path of paths) {
    for (const descriptor of await loadPluginModule(path, options)) {
      const earlier = pending.find((p) => p.descriptor.name === descriptor.name);
      const name = JSON.stringify(descriptor.name);
      if (registry.has(descriptor.name)) {
        const what = IN_TREE_NAMES().has(descriptor.name) ? 'the in-tree plugin' : 'a plugin already registered';
        throw moduleError(path, ErrorCodes.Config, `plugin ${name} clashes with ${what} of that name`);
      }
      if (earlier !== undefined) {
        const where = earlier.path === path ? 'this module' : `plugin module ${earlier.path}`;
        throw moduleError(path, ErrorCodes.Config, `plugin ${name} is already defined by ${where}`);
      }
      pending.push({ path, descriptor });
    }
  }
  for (const { descriptor } of pending) registry.register(descriptor);
  return pending.map(({ path, descriptor }) => ({ name: descriptor.name, path }));
}
