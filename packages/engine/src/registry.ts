import type { AnyPlugin, Handle } from '@peapod/core';
import type { z } from 'zod';

/** Upstream's extension points, in KubeSchedulerConfiguration spelling (`plugins.<point>`). */
export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** The method that makes a plugin implement each point. */
export const POINT_METHOD: Readonly<Record<ExtensionPoint, keyof AnyPlugin>> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

/**
 * A plugin known to the registry by its upstream name. `points` lists the extension points its instances
 * implement (so a profile can be validated before any instance exists); `argsSchema` parses and defaults
 * its `pluginConfig` args (without `kind`/`apiVersion`, which the config loader strips).
 */
export interface PluginRegistration<A = unknown> {
  readonly name: string;
  readonly points: ReadonlySet<ExtensionPoint>;
  readonly argsSchema?: z.ZodType<A>;
  create(args: A, handle: Handle): AnyPlugin;
}

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
