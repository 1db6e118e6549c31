import type { ApiObject, Kind, KindMap, WatchEvent, WatchHandler } from './types.js';

/** Values an index files an object under (e.g. the node a pod is bound to). */
export type IndexFn<T> = (object: T) => readonly string[];

interface Index {
  readonly fn: IndexFn<ApiObject>;
  readonly buckets: Map<string, Map<string, ApiObject>>;
}

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectKey(namespace: string | null | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

export function keyOf(object: ApiObject): string {
  return objectKey(object.metadata.namespace, object.metadata.name);
}

/**
 * The storage layer under the API server: one map per kind in insertion order (so listing is
 * deterministic), a cluster-wide resourceVersion counter, secondary indexes and synchronous watches.
 * Stored objects are never mutated: every write stores a new object.
 */
export class ObjectStore {
  private readonly objects = new Map<Kind, Map<string, ApiObject>>();
  private readonly indexes = new Map<Kind, Map<string, Index>>();
  private readonly watchers = new Map<Kind, WatchHandler<ApiObject>[]>();
  private version = 0;
  private backlog: [Kind, WatchEvent<ApiObject>][] = [];
  private delivering = false;

  /** The resourceVersion the next write gets. */
  nextVersion(): string {
    this.version++;
    return String(this.version);
  }

  get<K extends Kind>(kind: K, key: string): KindMap[K] | undefined {
    return this.map(kind).get(key) as KindMap[K] | undefined;
  }

  /** Every object of a kind, optionally in one namespace, in creation order. */
  list<K extends Kind>(kind: K, namespace?: string): KindMap[K][] {
    const all = [...this.map(kind).values()] as KindMap[K][];
    return namespace === undefined ? all : all.filter((o) => (o.metadata.namespace ?? '') === namespace);
  }

  count(kind: Kind): number {
    return this.map(kind).size;
  }

  addIndex<K extends Kind>(kind: K, name: string, fn: IndexFn<KindMap[K]>): void {
    const index: Index = { fn: fn as IndexFn<ApiObject>, buckets: new Map() };
    for (const [key, object] of this.map(kind)) this.file(index, key, object);
    this.indexMap(kind).set(name, index);
  }

  /** Objects filed under `value` by the index `name`, in the order they were filed. */
  byIndex<K extends Kind>(kind: K, name: string, value: string): KindMap[K][] {
    const index = this.indexes.get(kind)?.get(name);
    if (index === undefined) throw new Error(`no index ${name} on ${kind}`);
    const bucket = index.buckets.get(value);
    return bucket === undefined ? [] : ([...bucket.values()] as KindMap[K][]);
  }

  watch<K extends Kind>(kind: K, handler: WatchHandler<KindMap[K]>): void {
    const list = this.watchers.get(kind) ?? [];
    list.push(handler as WatchHandler<ApiObject>);
    this.watchers.set(kind, list);
  }

  /** Stores a new or changed object and tells the watchers. */
  put<K extends Kind>(kind: K, object: KindMap[K]): void {
    const key = keyOf(object);
    const map = this.map(kind);
    const old = map.get(key) as KindMap[K] | undefined;
    map.set(key, object);
    for (const index of this.indexMap(kind).values()) {
      if (old !== undefined) this.unfile(index, key, old);
      this.file(index, key, object);
    }
    this.notify(kind, old === undefined ? { type: 'ADDED', object } : { type: 'MODIFIED', object, old });
  }

  remove<K extends Kind>(kind: K, key: string): KindMap[K] | undefined {
    const map = this.map(kind);
    const old = map.get(key) as KindMap[K] | undefined;
    if (old === undefined) return undefined;
    map.delete(key);
    for (const index of this.indexMap(kind).values()) this.unfile(index, key, old);
    this.notify(kind, { type: 'DELETED', object: old });
    return old;
  }

  /**
   * Delivers an event to every watcher of its kind. A write made by a watcher while events are being
   * delivered is queued behind them, so every watcher sees every kind's events in the order they happened.
   */
  private notify<K extends Kind>(kind: K, event: WatchEvent<KindMap[K]>): void {
    this.backlog.push([kind, event as WatchEvent<ApiObject>]);
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let i = 0; i < this.backlog.length; i++) {
        const [k, e] = this.backlog[i]!;
        for (const handler of this.watchers.get(k) ?? []) handler(e);
      }
    } finally {
      this.backlog = [];
      this.delivering = false;
    }
  }

  private map(kind: Kind): Map<string, ApiObject> {
    let map = this.objects.get(kind);
    if (map === undefined) {
      map = new Map();
      this.objects.set(kind, map);
    }
    return map;
  }

  private indexMap(kind: Kind): Map<string, Index> {
    let map = this.indexes.get(kind);
    if (map === undefined) {
      map = new Map();
      this.indexes.set(kind, map);
    }
    return map;
  }

  private file(index: Index, key: string, object: ApiObject): void {
    for (const value of index.fn(object)) {
      let bucket = index.buckets.get(value);
      if (bucket === undefined) {
        bucket = new Map();
        index.buckets.set(value, bucket);
      }
      bucket.set(key, object);
    }
  }

  private unfile(index: Index, key: string, object: ApiObject): void {
    for (const value of index.fn(object)) {
      const bucket = index.buckets.get(value);
      bucket?.delete(key);
      if (bucket?.size === 0) index.buckets.delete(value);
    }
  }
}
