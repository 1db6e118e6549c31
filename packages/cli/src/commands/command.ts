import type { CliIo } from '../io.js';

/**
 * A `peapod <name>` subcommand. Adding one is a new file in this folder plus one line in `./index.ts`.
 * `run` returns the exit code; it throws PeapodError for bad input (`Usage` code for bad flags).
 */
export interface Command {
  readonly name: string;
  /** One line for `peapod --help`. */
  readonly summary: string;
  /** The full text of `peapod <name> --help`, ending with a newline. */
  readonly help: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}
