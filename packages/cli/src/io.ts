/** What a command may touch: its three streams. No globals, so `main()` runs in-process in tests. */

/** The part of a writable stream the CLI uses (process.stdout, or a string collector in tests). */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True on a terminal (process.stderr has it): only then may peapod draw progress or colour. */
  readonly isTTY?: boolean;
  /** The terminal's width, when known: the progress line is cut to fit it. */
  readonly columns?: number;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Read only when a `-f -` asks for it. */
  readonly stdin: NodeJS.ReadableStream;
  /** Environment variables: peapod reads NO_COLOR, FORCE_COLOR, TERM and CI. Default: none set. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A monotonic clock in milliseconds, for the progress line only (never for results). Default:
   * `performance.now`. Tests pass a fake one.
   */
  readonly clock?: () => number;
}

/** The environment variables of a CliIo. */
export type CliEnv = NonNullable<CliIo['env']>;

/** Exit codes, documented in docs/cli.md. */
export const ExitCode = {
  /** The run completed (unschedulable pods are results, not errors). */
  Ok: 0,
  /** Bad input or configuration: a manifest that cannot be read, parsed or validated. */
  InputError: 1,
  /** Bad usage: unknown flag, missing or malformed flag value, unknown command. */
  Usage: 2,
  /** `--fail-on-unschedulable` and at least one pod is unschedulable. */
  Unschedulable: 3,
  /** `verify`: at least one attempt disagrees with the decision log. */
  Disagreement: 4,
  /** A bug in peapod (EX_SOFTWARE from sysexits.h). */
  Internal: 70,
} as const;
