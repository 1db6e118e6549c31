/**
 * Per-scheduling-cycle storage shared by the plugins of one profile (upstream CycleState).
 * Keys are typed: a plugin writes a `StateKey<T>` in PreFilter and reads the same `T` in Filter.
 */
export interface StateKey<T> {
  readonly name: string;
  /** Phantom field: carries T for the type checker only. */
  readonly __type?: T;
}

export function stateKey<T>(name: string): StateKey<T> {
  return { name };
}

export class CycleState {
  private readonly data = new Map<StateKey<unknown>, unknown>();
  /** Plugins whose Filter is skipped in this cycle (their PreFilter returned Skip). */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose Score is skipped in this cycle (their PreScore returned Skip). */
  readonly skipScorePlugins = new Set<string>();

  write<T>(key: StateKey<T>, value: T): void {
    this.data.set(key, value);
  }

  read<T>(key: StateKey<T>): T {
    if (!this.data.has(key)) throw new Error(`cycle state has no value for ${key.name}`);
    return this.data.get(key) as T;
  }

  tryRead<T>(key: StateKey<T>): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  /**
   * A copy for nominated-pod passes and preemption dry runs (upstream `CycleState.Clone`). A value with a
   * `clone()` method is cloned with it: plugins whose PreFilter extensions (addPod/removePod) mutate their
   * state MUST give that state a `clone()`; other values are shared, so they must never be mutated.
   */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, isCloneable(v) ? v.clone() : v);
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}

/** State data that knows how to copy itself (upstream `StateData.Clone`). */
export interface Cloneable<T> {
  clone(): T;
}

function isCloneable(v: unknown): v is Cloneable<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { clone?: unknown }).clone === 'function';
}
