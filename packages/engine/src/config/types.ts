import type { ExtensionPoint } from '../registry.js';

/** The KubeSchedulerConfiguration versions peapod reads; both get v1 semantics (see defaults.ts). */
export const SCHEDULER_CONFIG_API_VERSIONS = [
  'kubescheduler.config.k8s.io/v1',
  'kubescheduler.config.k8s.io/v1beta3',
] as const;
export type SchedulerConfigApiVersion = (typeof SCHEDULER_CONFIG_API_VERSIONS)[number];

/** The plugin sets of a profile's `plugins`: `multiPoint` plus one per extension point. */
export type PluginSetKey = 'multiPoint' | ExtensionPoint;

/** One plugin enabled at an extension point; `weight` is set (>= 1) on score entries only. */
export interface ConfiguredPlugin {
  readonly name: string;
  readonly weight?: number;
}

/** A profile after defaulting, merging, multiPoint expansion and validation. */
export interface ResolvedProfile {
  readonly schedulerName: string;
  /** Per-profile override of the global value (a v1.27 field, accepted here); absent when not set. */
  readonly percentageOfNodesToScore?: number;
  /** The plugins of each extension point, in the order the framework runs them. */
  readonly points: Readonly<Record<ExtensionPoint, readonly ConfiguredPlugin[]>>;
  /** Every plugin to instantiate (once each), in order of first appearance over `points`. */
  readonly plugins: readonly string[];
  /** Args by plugin name, parsed by the plugin's `argsSchema` (defaults applied), for every plugin in
   * `plugins` whose registration has a schema. */
  readonly args: Readonly<Record<string, unknown>>;
}

/** `leaderElection` with upstream's defaults applied; fields peapod does not know are kept as written. */
export interface LeaderElectionSettings {
  readonly leaderElect: boolean;
  readonly leaseDuration: string;
  readonly renewDeadline: string;
  readonly retryPeriod: string;
  readonly resourceLock: string;
  readonly resourceName: string;
  readonly resourceNamespace: string;
  readonly [field: string]: unknown;
}

/** `clientConnection` with upstream's defaults applied; fields peapod does not know are kept as written. */
export interface ClientConnectionSettings {
  readonly kubeconfig: string;
  readonly acceptContentTypes: string;
  readonly contentType: string;
  readonly qps: number;
  readonly burst: number;
  readonly [field: string]: unknown;
}

export interface ResolvedConfiguration {
  readonly apiVersion: SchedulerConfigApiVersion;
  /** 0 = adaptive (upstream's default). */
  readonly percentageOfNodesToScore: number;
  readonly profiles: readonly ResolvedProfile[];
  /** Things that were accepted but ignored or deprecated (legacy plugins, unknown top-level fields...). */
  readonly warnings: readonly string[];
  // Kept from the file (with upstream's defaults); peapod's engine does not use them.
  readonly parallelism: number;
  readonly podInitialBackoffSeconds: number;
  readonly podMaxBackoffSeconds: number;
  readonly enableProfiling: boolean;
  readonly enableContentionProfiling: boolean;
  readonly leaderElection: LeaderElectionSettings;
  readonly clientConnection: ClientConnectionSettings;
  readonly extenders: readonly unknown[];
}

/** Feature gates that change the default plugin set. All off, as in v1.26. */
export interface SchedulerFeatureGates {
  /** Alpha in v1.26 (off): when on, `SchedulingGates` joins the default multiPoint set, at the end. */
  readonly PodSchedulingReadiness?: boolean;
}

export interface ResolveOptions {
  readonly featureGates?: SchedulerFeatureGates;
}

/** Problems found while resolving: `errors` make the configuration invalid; `warnings` do not. */
export interface ResolveOutcome {
  readonly configuration?: ResolvedConfiguration;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}
