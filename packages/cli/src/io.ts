/** What a command may touch: its three streams. No globals, so `main()` runs in-process in tests. */

/** The part of a writable stream the CLI uses (process.stdout, or a string collector in tests). */
export interface OutputStream {
  write(chunk: string): unknown;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Read only when a `-f -` asks for it. */
  readonly stdin: NodeJS.ReadableStream;
}

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
