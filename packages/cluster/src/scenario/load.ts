import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ErrorCodes, formatFieldPath, issueMessage, PeapodError, parseDocuments, resourceAmount } from '@peapod/core';
import { load as loadYaml } from 'js-yaml';
import type { ProbeKind } from '../kubelet/probes.js';
import { parseDuration } from '../time.js';
import { type Scenario, type ScenarioAction, ScenarioSchema } from './schema.js';

/** One manifest object and where it was written, for messages. */
export interface ManifestItem {
  readonly raw: unknown;
  /** `nodes.yaml: document 2`, `demo.yaml: objects[3]`. */
  readonly where: string;
}

export interface PodTarget {
  readonly pod?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly node?: string;
  readonly namespace: string;
  readonly container?: string;
}

interface Base {
  /** Virtual ms since the start. */
  readonly at: number;
  /** `demo.yaml: actions[2]`. */
  readonly where: string;
}

export type PlannedAction = Base &
  (
    | { readonly type: 'apply'; readonly items: readonly ManifestItem[] }
    | { readonly type: 'delete'; readonly kind: string; readonly name: string; readonly namespace?: string }
    | {
        readonly type: 'scale';
        readonly kind: 'Deployment' | 'ReplicaSet';
        readonly name: string;
        readonly namespace: string;
        readonly replicas: number;
      }
    | { readonly type: 'fail-node' | 'recover-node'; readonly node: string }
    | { readonly type: 'crash-container'; readonly target: PodTarget; readonly exitCode: number }
    | { readonly type: 'fail-probe'; readonly target: PodTarget; readonly probe?: ProbeKind; readonly forMs: number }
  );

export interface ScenarioPlan {
  readonly file: string;
  readonly name: string;
  readonly seed: number;
  readonly until: number | 'steady';
  readonly trace: boolean;
  readonly network: {
    readonly serviceCidr?: string;
    readonly clusterCidr?: string;
    readonly nodeCidrMaskSize?: number;
  };
  readonly images: {
    readonly defaultSize?: number;
    readonly pullBytesPerSecond?: number;
    readonly sizes: Readonly<Record<string, number>>;
    readonly missing: readonly string[];
  };
  readonly objects: readonly ManifestItem[];
  readonly actions: readonly PlannedAction[];
  /** The time of the last action or `advance`: a steady run never stops before it. */
  readonly lastActionAt: number;
}

/** Reads a file named by the scenario; tests and the embedded demo pass their own. */
export type FileReader = (path: string) => string;

const defaultReader: FileReader = (path) => readFileSync(path, 'utf8');

/** Faults last this long when `for` is not given. */
const DEFAULT_FAULT_MS = 60_000;

function bytes(value: string | number | undefined): number | undefined {
  return value === undefined ? undefined : resourceAmount('storage', value);
}

/**
 * Parses and checks a scenario (see docs/simulation.md): every problem is reported at once, each naming
 * the file and the field. Manifests named by `path` are read relative to the scenario file.
 */
export function parseScenario(text: string, file: string, read: FileReader = defaultReader): ScenarioPlan {
  const problems: string[] = [];
  let doc: unknown;
  try {
    doc = loadYaml(text);
  } catch (e) {
    throw new PeapodError(
      ErrorCodes.InputSyntax,
      `${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
  const parsed = ScenarioSchema.safeParse(doc, { error: issueMessage });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = formatFieldPath(issue.path);
      problems.push(`${file}: ${field === '' ? '' : `${field}: `}${issue.message}`);
    }
    throw problemsError(problems, file);
  }
  const scenario: Scenario = parsed.data;
  const base = dirname(file);
  const manifests = (source: Record<string, unknown>, where: string): ManifestItem[] => {
    if (typeof source.path === 'string' && source.kind === undefined)
      return readManifests(resolve(base, source.path), source.path, read, problems);
    return [{ raw: source, where }];
  };
  const objects = (scenario.objects ?? []).flatMap((source, i) => manifests(source, `${file}: objects[${i}]`));
  const actions: PlannedAction[] = [];
  let cursor = 0;
  for (const [i, action] of (scenario.actions ?? []).entries()) {
    const where = `${file}: actions[${i}]`;
    if (action.at !== undefined) {
      const at = parseDuration(action.at)!;
      if (at < cursor) problems.push(`${where}.at: ${action.at} is earlier than the action before it`);
      cursor = at;
    }
    if (action.advance !== undefined) {
      cursor += parseDuration(action.advance)!;
      continue;
    }
    const planned = plan(action, cursor, where, (source) => manifests(source, `${where}.apply`));
    if (planned !== undefined) actions.push(planned);
  }
  if (problems.length > 0) throw problemsError(problems, file);
  const until = scenario.until === undefined || scenario.until === 'steady' ? 'steady' : parseDuration(scenario.until)!;
  const images = scenario.images ?? {};
  const sizes: Record<string, number> = {};
  for (const [image, size] of Object.entries(images.sizes ?? {})) sizes[image] = bytes(size)!;
  return {
    file,
    name: scenario.metadata?.name ?? file,
    seed: scenario.seed ?? 0,
    until,
    trace: scenario.trace ?? false,
    network: {
      ...(scenario.network?.serviceCIDR ? { serviceCidr: scenario.network.serviceCIDR } : {}),
      ...(scenario.network?.clusterCIDR ? { clusterCidr: scenario.network.clusterCIDR } : {}),
      ...(scenario.network?.nodeCIDRMaskSize ? { nodeCidrMaskSize: scenario.network.nodeCIDRMaskSize } : {}),
    },
    images: {
      ...(images.defaultSize !== undefined ? { defaultSize: bytes(images.defaultSize)! } : {}),
      ...(images.pullBytesPerSecond !== undefined ? { pullBytesPerSecond: bytes(images.pullBytesPerSecond)! } : {}),
      sizes,
      missing: images.missing ?? [],
    },
    objects,
    actions,
    lastActionAt: cursor,
  };
}

function plan(
  action: ScenarioAction,
  at: number,
  where: string,
  manifests: (source: Record<string, unknown>) => ManifestItem[],
): PlannedAction | undefined {
  const target = (t: NonNullable<ScenarioAction['crash-container']>): PodTarget => ({
    ...(t.pod !== undefined ? { pod: t.pod } : {}),
    ...(t.selector !== undefined ? { selector: t.selector } : {}),
    ...(t.node !== undefined ? { node: t.node } : {}),
    ...(t.container !== undefined ? { container: t.container } : {}),
    namespace: t.namespace ?? 'default',
  });
  if (action.apply !== undefined) return { at, where, type: 'apply', items: manifests(action.apply) };
  if (action.delete !== undefined) return { at, where, type: 'delete', ...action.delete };
  if (action.scale !== undefined)
    return { at, where, type: 'scale', ...action.scale, namespace: action.scale.namespace ?? 'default' };
  if (action['fail-node'] !== undefined) return { at, where, type: 'fail-node', node: action['fail-node'] };
  if (action['recover-node'] !== undefined) return { at, where, type: 'recover-node', node: action['recover-node'] };
  const crash = action['crash-container'];
  if (crash !== undefined)
    return { at, where, type: 'crash-container', target: target(crash), exitCode: crash.exitCode ?? 1 };
  const probe = action['fail-probe'];
  if (probe !== undefined) {
    const forMs = probe.for !== undefined ? parseDuration(probe.for)! : DEFAULT_FAULT_MS;
    return {
      at,
      where,
      type: 'fail-probe',
      target: target(probe),
      ...(probe.probe ? { probe: probe.probe } : {}),
      forMs,
    };
  }
  return undefined;
}

function readManifests(path: string, shown: string, read: FileReader, problems: string[]): ManifestItem[] {
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    problems.push(
      `${shown}: ${code === 'ENOENT' ? 'no such file or directory' : e instanceof Error ? e.message : String(e)}`,
    );
    return [];
  }
  let documents: unknown[];
  try {
    documents = parseDocuments(text, shown).documents;
  } catch (e) {
    problems.push(e instanceof Error ? e.message : String(e));
    return [];
  }
  const items: ManifestItem[] = [];
  for (const [d, doc] of documents.entries()) {
    if (doc === null || doc === undefined) continue;
    const list = (doc as { kind?: unknown; items?: unknown }).kind;
    const listItems = (doc as { items?: unknown }).items;
    if (typeof list === 'string' && list.endsWith('List') && Array.isArray(listItems)) {
      const itemKind = list === 'List' ? undefined : list.slice(0, -'List'.length);
      for (const [i, item] of listItems.entries()) {
        const raw =
          itemKind !== undefined && (item as { kind?: unknown }).kind === undefined
            ? { ...(item as object), kind: itemKind }
            : item;
        items.push({ raw, where: `${shown}: document ${d + 1}, item ${i + 1}` });
      }
    } else {
      items.push({ raw: doc, where: `${shown}: document ${d + 1}` });
    }
  }
  return items;
}

function problemsError(problems: readonly string[], file: string): PeapodError {
  if (problems.length === 1) return new PeapodError(ErrorCodes.InputInvalid, problems[0]!);
  return new PeapodError(
    ErrorCodes.InputInvalid,
    [`${problems.length} problems in ${file}:`, ...problems.map((p) => `  ${p}`)].join('\n'),
  );
}

/** Reads and parses a scenario file; an unreadable file is an InputRead error naming it. */
export function loadScenarioFile(path: string, read: FileReader = defaultReader): ScenarioPlan {
  let text: string;
  try {
    text = read(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EISDIR'
          ? 'is a directory'
          : e instanceof Error
            ? e.message
            : String(e);
    throw new PeapodError(ErrorCodes.InputRead, `${path}: ${why}`);
  }
  return parseScenario(text, path, read);
}
