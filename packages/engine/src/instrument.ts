import type { AnyPlugin } from '@peapod/core';
import { PluginRegistry } from './registry.js';
import type { SchedulerConfig } from './scheduler.js';

/**
 * Opt-in timing of plugin calls, for `peapod bench --profile-plugins`: a registry whose factories wrap each
 * plugin instance they create in a new object with the same name and methods, each method timed with
 * `performance.now()`. Nothing else changes: the profile, the cycle and the decisions are the same, only
 * slower (two clock reads per call, which on per-node calls costs more than many plugins do), so the
 * normal path never pays for it. Nested calls (preemption's dry runs call Filter plugins) are counted
 * once in each method's own time (`selfSeconds`).
 */

/** Upstream's name of the extension point each plugin method serves. */
const METHOD_POINTS: Readonly<Record<string, string>> = {
  preEnqueue: 'PreEnqueue',
  less: 'QueueSort',
  preFilter: 'PreFilter',
  'preFilterExtensions.addPod': 'PreFilterExtensionAddPod',
  'preFilterExtensions.removePod': 'PreFilterExtensionRemovePod',
  filter: 'Filter',
  filterAll: 'Filter',
  postFilter: 'PostFilter',
  preScore: 'PreScore',
  score: 'Score',
  scoreAll: 'Score',
  normalizeScore: 'NormalizeScore',
  reserve: 'Reserve',
  unreserve: 'Unreserve',
  permit: 'Permit',
  preBind: 'PreBind',
  bind: 'Bind',
  postBind: 'PostBind',
};

/** The time spent in one method of one plugin. */
export interface PluginMethodTiming {
  readonly plugin: string;
  /** Upstream's extension point name (`Filter`, `Score`...); the method name for helper methods. */
  readonly extensionPoint: string;
  /** The method called: `filter` or its batch form `filterAll`, `preFilterExtensions.addPod`... */
  readonly method: string;
  readonly calls: number;
  /** Wall time inside the method, nested plugin calls included. */
  readonly seconds: number;
  /** Wall time inside the method, minus the nested plugin calls it made. */
  readonly selfSeconds: number;
}

/** The time spent at one extension point: its methods' own time, summed over the plugins. */
export interface ExtensionPointTiming {
  readonly extensionPoint: string;
  readonly calls: number;
  readonly seconds: number;
}

export interface PluginTimingReport {
  /** In the order the points were first called. */
  readonly extensionPoints: readonly ExtensionPointTiming[];
  /** Most self time first. */
  readonly plugins: readonly PluginMethodTiming[];
  /** Sum of every method's self time. */
  readonly pluginSeconds: number;
}

interface MethodStats {
  readonly plugin: string;
  readonly method: string;
  calls: number;
  ms: number;
  selfMs: number;
}

/** Collects the timings of the plugins it wrapped; `reset` starts a new measurement. */
export class PluginTimer {
  private readonly stats: MethodStats[] = [];
  /** Time spent in timed calls nested in the call now running, in ms. */
  private nested = 0;

  /** `fn` as a timed function that calls it on `self`. */
  timed(
    plugin: string,
    method: string,
    fn: (...args: unknown[]) => unknown,
    self: object,
  ): (...args: unknown[]) => unknown {
    const stats: MethodStats = { plugin, method, calls: 0, ms: 0, selfMs: 0 };
    this.stats.push(stats);
    return (...args: unknown[]) => {
      const outer = this.nested;
      this.nested = 0;
      const start = performance.now();
      try {
        return fn.apply(self, args);
      } finally {
        const elapsed = performance.now() - start;
        stats.calls++;
        stats.ms += elapsed;
        stats.selfMs += elapsed - this.nested;
        this.nested = outer + elapsed;
      }
    };
  }

  /** Forgets what was measured (the wrapped plugins stay wrapped). */
  reset(): void {
    for (const s of this.stats) {
      s.calls = 0;
      s.ms = 0;
      s.selfMs = 0;
    }
    this.nested = 0;
  }

  report(): PluginTimingReport {
    const byMethod = new Map<string, MethodStats & { point: string }>();
    for (const s of this.stats) {
      if (s.calls === 0) continue;
      // Profiles that enable one plugin each get an instance each: add them up by plugin and method.
      const key = `${s.plugin}\u0000${s.method}`;
      const entry = byMethod.get(key) ?? {
        ...s,
        calls: 0,
        ms: 0,
        selfMs: 0,
        point: METHOD_POINTS[s.method] ?? s.method,
      };
      entry.calls += s.calls;
      entry.ms += s.ms;
      entry.selfMs += s.selfMs;
      byMethod.set(key, entry);
    }
    const points = new Map<string, { calls: number; ms: number }>();
    let total = 0;
    for (const s of byMethod.values()) {
      const point = points.get(s.point) ?? { calls: 0, ms: 0 };
      point.calls += s.calls;
      point.ms += s.selfMs;
      points.set(s.point, point);
      total += s.selfMs;
    }
    const order = Object.values(METHOD_POINTS);
    const rank = (point: string) => (order.includes(point) ? order.indexOf(point) : order.length);
    return {
      extensionPoints: [...points.entries()]
        .sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0))
        .map(([extensionPoint, p]) => ({ extensionPoint, calls: p.calls, seconds: p.ms / 1000 })),
      plugins: [...byMethod.values()]
        .sort((a, b) => b.selfMs - a.selfMs || (a.plugin < b.plugin ? -1 : a.plugin > b.plugin ? 1 : 0))
        .map((s) => ({
          plugin: s.plugin,
          extensionPoint: s.point,
          method: s.method,
          calls: s.calls,
          seconds: s.ms / 1000,
          selfSeconds: s.selfMs / 1000,
        })),
      pluginSeconds: total / 1000,
    };
  }
}

/** Every property name of an object and its prototypes (up to Object.prototype), own ones first. */
function propertyNames(object: object): (string | symbol)[] {
  const names: (string | symbol)[] = [];
  for (let o: object | null = object; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const name of Reflect.ownKeys(o)) if (name !== 'constructor' && !names.includes(name)) names.push(name);
  }
  return names;
}

/** A copy of `target` whose methods are timed under `prefix`; other properties read through to `target`. */
function wrapObject(target: object, plugin: string, prefix: string, timer: PluginTimer): object {
  const wrapper: Record<string | symbol, unknown> = {};
  const source = target as Record<string | symbol, unknown>;
  for (const name of propertyNames(target)) {
    const value = source[name];
    const method = `${prefix}${String(name)}`;
    if (typeof value === 'function') {
      wrapper[name] = timer.timed(plugin, method, value as (...args: unknown[]) => unknown, target);
    } else if (name === 'preFilterExtensions' && typeof value === 'object' && value !== null) {
      wrapper[name] = wrapObject(value, plugin, `${method}.`, timer);
    } else {
      Object.defineProperty(wrapper, name, {
        get: () => source[name],
        set: (v: unknown) => {
          source[name] = v;
        },
        enumerable: true,
      });
    }
  }
  return wrapper;
}

/** A new plugin object with the same name and methods as `plugin`, each method timed by `timer`. */
export function instrumentPlugin<P extends AnyPlugin>(plugin: P, timer: PluginTimer): P {
  return wrapObject(plugin, plugin.name, '', timer) as P;
}

/** A registry with the same plugins as `registry`, whose factories return instrumented instances. */
export function instrumentRegistry(registry: PluginRegistry, timer: PluginTimer): PluginRegistry {
  const timed = new PluginRegistry();
  for (const name of registry.names()) {
    const registration = registry.get(name)!;
    timed.register({
      ...registration,
      create: (args: unknown, handle) => instrumentPlugin(registration.create(args, handle), timer),
    });
  }
  return timed;
}

/** `config` with every plugin its profiles create timed by `timer`. */
export function instrumentSchedulerConfig(config: SchedulerConfig, timer: PluginTimer): SchedulerConfig {
  return { ...config, registry: instrumentRegistry(config.registry, timer) };
}
