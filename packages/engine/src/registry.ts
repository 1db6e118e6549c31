import type { PluginDescriptor } from '@peapod/core';

export { EXTENSION_POINTS, type ExtensionPoint, POINT_METHOD } from '@peapod/core';

/**
 * A plugin known to the registry by its upstream name: `@peapod/core`'s `PluginDescriptor` (what
 * `definePlugin` returns). `points` lists the extension points its instances implement (so a profile can be
 * validated before any instance exists); `argsSchema` parses and defaults its `pluginConfig` args (without
 * `kind`/`apiVersion`, which the config loader strips).
 */
export type PluginRegistration<A = unknown> = PluginDescriptor<A>;

/** Registered plugins by name: the in-tree ones, plus custom ones registered the same way. */
export class PluginRegistry {
  private readonly byName = new Map<string, PluginRegistration<unknown>>();

  register<A>(registration: PluginRegistration<A>): this {
    if (this.byName.has(registration.name)) throw new Error(`plugin ${registration.name} is already registered`);
    this.byName.set(registration.name, registration as PluginRegistration<unknown>);
    return this;
  }

  get(name: string): PluginRegistration<unknown> | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
