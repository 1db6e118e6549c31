import { isDeepStrictEqual } from 'node:util';
import type { PluginRegistry } from '../registry.js';
import type { PluginSetEntries } from './plugin-sets.js';
import { describeValue, issueText, ProblemList } from './problems.js';
import { type ProfileResolution, resolveProfile } from './profile.js';
import {
  KNOWN_TOP_LEVEL_FIELDS,
  type RawSchedulerConfiguration,
  SchedulerConfigurationSchema,
  stripNulls,
} from './schema.js';
import type {
  ClientConnectionSettings,
  LeaderElectionSettings,
  ResolvedConfiguration,
  ResolveOptions,
  ResolveOutcome,
} from './types.js';

const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
const V1BETA3 = 'kubescheduler.config.k8s.io/v1beta3';

/** A Go duration that is zero ("", "0", "0s", "0h0m0s"...): upstream treats it as unset. */
function isZeroDuration(d: string | undefined): boolean {
  return d === undefined || d === '' || d === '0' || /^[+-]?(?:0*\.?0*(?:ns|us|µs|ms|s|m|h))+$/.test(d);
}

/** component-base `RecommendedDefaultLeaderElectionConfiguration` and the scheduler's own defaults. */
function leaderElectionDefaults(raw: RawSchedulerConfiguration['leaderElection']): LeaderElectionSettings {
  const le = raw ?? {};
  return {
    ...le,
    leaderElect: le.leaderElect ?? true,
    leaseDuration: isZeroDuration(le.leaseDuration) ? '15s' : le.leaseDuration!,
    renewDeadline: isZeroDuration(le.renewDeadline) ? '10s' : le.renewDeadline!,
    retryPeriod: isZeroDuration(le.retryPeriod) ? '2s' : le.retryPeriod!,
    resourceLock: le.resourceLock || 'leases',
    resourceName: le.resourceName || 'kube-scheduler',
    resourceNamespace: le.resourceNamespace || 'kube-system',
  };
}

function clientConnectionDefaults(raw: RawSchedulerConfiguration['clientConnection']): ClientConnectionSettings {
  const cc = raw ?? {};
  return {
    ...cc,
    kubeconfig: cc.kubeconfig ?? '',
    acceptContentTypes: cc.acceptContentTypes ?? '',
    contentType: cc.contentType || 'application/vnd.kubernetes.protobuf',
    qps: cc.qps || 50,
    burst: cc.burst || 100,
  };
}

function canonicalSet(set: PluginSetEntries): unknown {
  return { enabled: set.enabled.map((p) => [p.name, p.weight]), disabled: set.disabled };
}

/**
 * Upstream requires one queue for all profiles: the same merged queueSort set and args (validation.go
 * `validateCommonQueueSort`), hence the same queueSort plugin (profile.go `cfgValidator`).
 */
function checkCommonQueueSort(resolutions: readonly ProfileResolution[], problems: ProblemList): void {
  const first = resolutions[0];
  if (first === undefined) return;
  const firstName = first.profile.points.queueSort[0]?.name;
  resolutions.forEach((r, i) => {
    if (i === 0) return;
    if (!isDeepStrictEqual(canonicalSet(first.queueSortSet), canonicalSet(r.queueSortSet))) {
      problems.error(['profiles', i, 'plugins', 'queueSort'], 'queueSort must be the same for all profiles');
      return;
    }
    const name = r.profile.points.queueSort[0]?.name;
    if (name === undefined || firstName === undefined) return;
    if (name !== firstName) {
      problems.error(
        ['profiles', i, 'plugins'],
        `queueSort plugin "${name}" differs from profiles[0]'s "${firstName}"; all profiles must use the same queueSort`,
      );
    } else if (!isDeepStrictEqual(first.queueSortArgs, r.queueSortArgs)) {
      problems.error(
        ['profiles', i, 'pluginConfig'],
        `args of queueSort plugin "${name}" must be the same for all profiles`,
      );
    }
  });
}

function resolveProfiles(
  cfg: RawSchedulerConfiguration,
  registry: PluginRegistry,
  options: ResolveOptions,
  problems: ProblemList,
): ProfileResolution[] {
  const raws = cfg.profiles !== undefined && cfg.profiles.length > 0 ? cfg.profiles : [{}];
  const ctx = { registry, apiVersion: cfg.apiVersion, options, problems };
  const byName = new Map<string, number>();
  const resolutions = raws.map((raw, i) => {
    // Upstream names the profile only when it is the only one.
    let name = raw.schedulerName;
    if (name === undefined && raws.length === 1) name = DEFAULT_SCHEDULER_NAME;
    if (name === undefined || name === '') {
      problems.error(['profiles', i, 'schedulerName'], 'required value');
    } else if (byName.has(name)) {
      problems.error(
        ['profiles', i, 'schedulerName'],
        `duplicate schedulerName "${name}" (also profiles[${byName.get(name)}].schedulerName)`,
      );
    } else {
      byName.set(name, i);
    }
    return resolveProfile(raw, i, name ?? '', ctx);
  });
  checkCommonQueueSort(resolutions, problems);
  return resolutions;
}

/**
 * Resolves a decoded KubeSchedulerConfiguration document (YAML or JSON, already parsed) against `registry`:
 * upstream's defaulting, plugin merging, multiPoint expansion and validation. Never throws for a bad
 * configuration: every problem is returned, each as `path: message`.
 */
export function resolveSchedulerConfiguration(
  document: unknown,
  registry: PluginRegistry,
  options: ResolveOptions = {},
): ResolveOutcome {
  const problems = new ProblemList();
  const input = stripNulls(document);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    problems.error(undefined, `expected a KubeSchedulerConfiguration object, got ${describeValue(input)}`);
    return { errors: problems.errors, warnings: problems.warnings };
  }
  const parsed = SchedulerConfigurationSchema.safeParse(input, { error: issueText });
  if (!parsed.success) {
    problems.zodIssues([], parsed.error.issues);
    return { errors: problems.errors, warnings: problems.warnings };
  }
  const cfg = parsed.data;

  if (cfg.apiVersion === V1BETA3) {
    problems.warn(['apiVersion'], `${V1BETA3} is deprecated since v1.26; read with v1 semantics`);
  }
  for (const field of Object.keys(cfg)) {
    if (!KNOWN_TOP_LEVEL_FIELDS.has(field)) problems.warn([field], 'unknown field; ignored');
  }
  if (cfg.extenders !== undefined && cfg.extenders.length > 0) {
    problems.warn(['extenders'], 'scheduler extenders are not supported by peapod; ignored');
  }

  const parallelism = cfg.parallelism ?? 16;
  if (parallelism <= 0) problems.error(['parallelism'], `must be greater than 0, got ${parallelism}`);
  const percentageOfNodesToScore = cfg.percentageOfNodesToScore ?? 0;
  if (percentageOfNodesToScore < 0 || percentageOfNodesToScore > 100) {
    problems.error(['percentageOfNodesToScore'], `must be between 0 and 100, got ${percentageOfNodesToScore}`);
  }
  const podInitialBackoffSeconds = cfg.podInitialBackoffSeconds ?? 1;
  if (podInitialBackoffSeconds <= 0) {
    problems.error(['podInitialBackoffSeconds'], `must be greater than 0, got ${podInitialBackoffSeconds}`);
  }
  const podMaxBackoffSeconds = cfg.podMaxBackoffSeconds ?? 10;
  if (podMaxBackoffSeconds < podInitialBackoffSeconds) {
    problems.error(
      ['podMaxBackoffSeconds'],
      `must be greater than or equal to podInitialBackoffSeconds (${podInitialBackoffSeconds}), got ${podMaxBackoffSeconds}`,
    );
  }
  const enableProfiling = cfg.enableProfiling ?? true;

  const resolutions = resolveProfiles(cfg, registry, options, problems);
  if (problems.errors.length > 0) return { errors: problems.errors, warnings: problems.warnings };

  const configuration: ResolvedConfiguration = {
    apiVersion: cfg.apiVersion,
    percentageOfNodesToScore,
    profiles: resolutions.map((r) => r.profile),
    warnings: problems.warnings,
    parallelism,
    podInitialBackoffSeconds,
    podMaxBackoffSeconds,
    enableProfiling,
    enableContentionProfiling: cfg.enableContentionProfiling ?? enableProfiling,
    leaderElection: leaderElectionDefaults(cfg.leaderElection),
    clientConnection: clientConnectionDefaults(cfg.clientConnection),
    extenders: cfg.extenders ?? [],
  };
  return { configuration, errors: [], warnings: problems.warnings };
}
