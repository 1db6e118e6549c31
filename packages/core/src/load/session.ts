import type { ErrorCode } from '../errors.js';
import { ErrorCodes, PeapodError } from '../errors.js';
import type { PodSpec } from '../model/pod.js';
import type { ClusterObjects, ObjectOrigin } from './cluster-objects.js';
import { emptyClusterObjects } from './cluster-objects.js';
import { fastCheckOf } from './fast-kinds.js';
import { formatObjectRef, formatOrigin } from './format.js';
import { describeValue, formatFieldPath, issueMessage } from './issues.js';
import { apiGroup, type KindInfo, SUPPORTED_KINDS } from './kinds.js';
import { type ParsedText, parseDocuments, sharesObjects } from './parse-text.js';
import { podPortWarnings } from './pod-warnings.js';

/** How many problems one error lists before it says "... and N more". */
export const MAX_LISTED_PROBLEMS = 20;

interface Problem {
  readonly code: ErrorCode;
  readonly message: string;
}

type RawObject = Record<string, unknown>;

function isObject(v: unknown): v is RawObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The metadata every validated object has, as the loader touches it. */
interface LoadedObject {
  metadata: { name: string; namespace?: string };
  spec?: unknown;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

/** The pod spec of an object that kube-apiserver would warn about: a Pod's `spec`, a workload's `spec.template.spec`. */
function podSpecOf(kind: string, obj: LoadedObject): PodSpec | undefined {
  if (kind === 'Pod') return obj.spec as PodSpec;
  if (!WORKLOAD_KINDS.has(kind)) return undefined;
  return (obj.spec as { template?: { spec: PodSpec } | null } | undefined)?.template?.spec;
}

/**
 * One load: documents from any number of files go in, one ClusterObjects comes out. Problems (syntax,
 * validation, duplicates, unreadable files) are collected across the whole load and thrown together by
 * `finish`, so a user sees every broken object at once.
 */
export class ManifestLoad {
  readonly objects: ClusterObjects;
  /** Where each object was first defined, by kind, namespace (`''` for cluster-scoped kinds) and name. */
  private readonly seen = new Map<KindInfo, Map<string, Map<string, ObjectOrigin>>>();
  private readonly problems: Problem[] = [];
  private readonly fastCheck: boolean;

  /**
   * With `into`, objects are appended to it, and duplicates of its objects are reported too. `fastCheck: false`
   * validates every object with zod (tests compare the two paths).
   */
  constructor(into?: ClusterObjects, options: { readonly fastCheck?: boolean } = {}) {
    this.fastCheck = options.fastCheck ?? true;
    this.objects = into ?? emptyClusterObjects();
    if (!into) return;
    for (const info of SUPPORTED_KINDS.values()) {
      for (const obj of into[info.field] as readonly LoadedObject[]) {
        const origin = into.origins.get(obj) ?? { file: '<earlier input>', document: 0 };
        this.namesIn(info, obj).set(obj.metadata.name, origin);
      }
    }
  }

  addProblem(code: ErrorCode, message: string): void {
    this.problems.push({ code, message });
  }

  /** Parses one file's text (YAML or JSON) and adds its objects. */
  addText(text: string, file: string): void {
    let parsed: ParsedText;
    try {
      parsed = parseDocuments(text, file);
    } catch (e) {
      if (!(e instanceof PeapodError)) throw e;
      this.addProblem(e.code, e.message);
      return;
    }
    const { documents, mayShare } = parsed;
    // An object at two places (a YAML alias) must come out as zod's separate copies: such a file goes through zod.
    const fast = this.fastCheck && !(mayShare && sharesObjects(documents));
    for (let i = 0; i < documents.length; i++) this.addDocument(documents[i], { file, document: i + 1 }, fast);
  }

  /** Throws every collected problem as one PeapodError, or returns the objects. */
  finish(): ClusterObjects {
    const [first] = this.problems;
    if (first === undefined) return this.objects;
    if (this.problems.length === 1) throw new PeapodError(first.code, first.message);
    const lines = this.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `  ${p.message}`);
    const more = this.problems.length - MAX_LISTED_PROBLEMS;
    if (more > 0) lines.push(`  ... and ${more} more`);
    throw new PeapodError(first.code, [`${this.problems.length} problems in the input:`, ...lines].join('\n'));
  }

  private addDocument(doc: unknown, origin: ObjectOrigin, fast: boolean): void {
    // Empty documents (a leading `---`, a trailing separator) are not objects, just nothing.
    if (doc === null || doc === undefined) return;
    const kind = this.kindOf(doc, origin, undefined);
    if (kind === undefined || !isObject(doc)) return;
    if (kind.endsWith('List')) this.addList(doc, kind, origin, fast);
    else this.addObject(doc, kind, origin, undefined, fast);
  }

  /** The object's kind, or undefined after reporting why it has none. */
  private kindOf(doc: unknown, origin: ObjectOrigin, inferred: string | undefined): string | undefined {
    if (!isObject(doc)) {
      const message = `expected an object with a kind, got ${describeValue(doc)}`;
      this.addProblem(ErrorCodes.InputInvalid, `${formatOrigin(origin)}: ${message}`);
      return undefined;
    }
    const kind = doc.kind ?? inferred;
    if (typeof kind === 'string' && kind !== '') return kind;
    const why = kind === undefined ? 'kind is required' : `expected a non-empty string, got ${describeValue(kind)}`;
    this.addProblem(ErrorCodes.InputInvalid, `${formatOrigin(origin)}: kind: ${why}`);
    return undefined;
  }

  /** `kind: List` (items carry their kind) or `XxxList` (items may omit it, as API responses do). */
  private addList(list: RawObject, listKind: string, origin: ObjectOrigin, fast: boolean): void {
    const items = list.items;
    if (items === null || items === undefined) return;
    if (!Array.isArray(items)) {
      const message = `items: expected an array, got ${describeValue(items)}`;
      this.addProblem(ErrorCodes.InputInvalid, `${formatOrigin(origin)} (${listKind}): ${message}`);
      return;
    }
    const inferred = listKind === 'List' ? undefined : listKind.slice(0, -'List'.length);
    const apiVersion = inferred === undefined ? undefined : list.apiVersion;
    for (let i = 0; i < items.length; i++) {
      const item: unknown = items[i];
      const itemOrigin: ObjectOrigin = { file: origin.file, document: origin.document, item: i };
      const kind = this.kindOf(item, itemOrigin, inferred);
      if (kind === undefined || !isObject(item)) continue;
      if (kind.endsWith('List')) {
        this.addProblem(
          ErrorCodes.InputInvalid,
          `${formatOrigin(itemOrigin)} (${kind}): nested lists are not supported`,
        );
      } else {
        this.addObject(item, kind, itemOrigin, apiVersion, fast);
      }
    }
  }

  private addObject(raw: RawObject, kind: string, origin: ObjectOrigin, listApiVersion: unknown, fast: boolean): void {
    const info = SUPPORTED_KINDS.get(kind);
    const apiVersion = raw.apiVersion ?? listApiVersion;
    const group = typeof apiVersion === 'string' ? apiGroup(apiVersion) : undefined;
    if (info === undefined || (group !== undefined && !info.groups.includes(group))) {
      const key = info === undefined ? kind : `${kind}.${group}`;
      this.objects.ignoredKinds[key] = (this.objects.ignoredKinds[key] ?? 0) + 1;
      return;
    }
    const obj = this.validate(info, raw, kind, origin, fast);
    if (obj === undefined) return;
    const names = this.namesIn(info, obj);
    const first = names.get(obj.metadata.name);
    if (first !== undefined) {
      const ref = formatObjectRef(kind, obj.metadata);
      const message = `${formatOrigin(origin)} (${ref}): duplicate object, first defined at ${formatOrigin(first)}`;
      this.addProblem(ErrorCodes.InputInconsistent, message);
      return;
    }
    names.set(obj.metadata.name, origin);
    (this.objects[info.field] as LoadedObject[]).push(obj);
    this.objects.origins.set(obj, origin);
    const spec = podSpecOf(kind, obj);
    if (spec === undefined) return;
    const warnings = podPortWarnings(spec, kind === 'Pod' ? 'spec' : 'spec.template.spec');
    if (warnings.length === 0) return;
    const ref = formatObjectRef(kind, obj.metadata);
    for (const message of warnings) this.objects.warnings.push({ origin, object: ref, message });
  }

  /**
   * The validated object: the input itself when the fast check vouches that zod would return an equal copy,
   * else zod's copy; undefined after reporting its problems. Namespaced objects get `default` when they have
   * no namespace.
   */
  private validate(
    info: KindInfo,
    raw: RawObject,
    kind: string,
    origin: ObjectOrigin,
    fast: boolean,
  ): LoadedObject | undefined {
    if (fast && fastCheckOf(info)(raw)) {
      const obj = raw as unknown as LoadedObject;
      if (info.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
      return obj;
    }
    const result = info.schema.safeParse(raw, { error: issueMessage });
    if (!result.success) {
      const where = `${formatOrigin(origin)} (${formatObjectRef(kind, isObject(raw.metadata) ? raw.metadata : undefined)})`;
      for (const issue of result.error.issues) {
        const field = formatFieldPath(issue.path);
        this.addProblem(ErrorCodes.InputInvalid, `${where}: ${field === '' ? '' : `${field}: `}${issue.message}`);
      }
      return undefined;
    }
    const obj = result.data as LoadedObject;
    if (info.namespaced && !obj.metadata.namespace) obj.metadata.namespace = 'default';
    return obj;
  }

  /** The objects of the kind in the object's namespace seen so far, by name. */
  private namesIn(info: KindInfo, obj: LoadedObject): Map<string, ObjectOrigin> {
    let byNamespace = this.seen.get(info);
    if (byNamespace === undefined) {
      byNamespace = new Map();
      this.seen.set(info, byNamespace);
    }
    const namespace = info.namespaced ? (obj.metadata.namespace ?? 'default') : '';
    let byName = byNamespace.get(namespace);
    if (byName === undefined) {
      byName = new Map();
      byNamespace.set(namespace, byName);
    }
    return byName;
  }
}
