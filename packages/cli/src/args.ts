import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ErrorCodes, PeapodError } from '@peapod/core';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
type ParsedValues<T extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: false }>
>['values'];

/** A usage error: main prints it as `error: <message>` plus a `See '... --help'.` hint and exits 2. */
export function usageError(message: string): PeapodError {
  return new PeapodError(ErrorCodes.Usage, message);
}

/**
 * `parseArgs` in strict mode, with node's messages turned into short kubectl-style ones
 * (`unknown flag: --frobnicate`, `flag needs an argument: --output`).
 * `positionalHint` is appended to the error for a stray positional argument.
 */
export function parseFlags<T extends OptionsConfig>(
  args: readonly string[],
  options: T,
  positionalHint?: string,
): ParsedValues<T> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw usageError(translate(error, options, positionalHint));
  }
}

/** `parseFlags` that also accepts positional arguments (`peapod simulate SCENARIO`). */
export function parseFlagsAndPositionals<T extends OptionsConfig>(
  args: readonly string[],
  options: T,
): { values: ParsedValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
    return { values: parsed.values as ParsedValues<T>, positionals: parsed.positionals };
  } catch (error) {
    throw usageError(translate(error, options, undefined));
  }
}

function translate(error: unknown, options: OptionsConfig, positionalHint: string | undefined): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const flag = /^Unknown option '([^']+)'/.exec(message)?.[1];
      return flag === undefined ? firstLine(message) : `unknown flag: ${flag}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // `Option '-f, --filename <value>' argument missing`, `Option '-f' argument is ambiguous.`,
      // `Option '--fail-on-unschedulable' does not take an argument`
      const match = /^Option '(?:-([^-,' ])(?:, |'))?(?:--([^' ]+))?/.exec(message);
      const name = match?.[2] ?? longName(options, match?.[1]);
      if (name === undefined) return firstLine(message);
      const flag = `--${name}`;
      if (message.includes('does not take an argument')) return `flag does not take a value: ${flag}`;
      if (message.includes('ambiguous')) {
        return `flag needs an argument: ${flag} (write ${flag}=VALUE for a value that starts with '-')`;
      }
      return `flag needs an argument: ${flag}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /^Unexpected argument '([^']*)'/.exec(message)?.[1];
      if (arg === undefined) return firstLine(message);
      return `unexpected argument ${JSON.stringify(arg)}${positionalHint ? ` (${positionalHint})` : ''}`;
    }
    default:
      return firstLine(message);
  }
}

function longName(options: OptionsConfig, short: string | undefined): string | undefined {
  return Object.entries(options).find(([, option]) => short !== undefined && option.short === short)?.[0];
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
