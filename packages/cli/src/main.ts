import { ErrorCodes, isPeapodError } from '@peapod/core';
import { parseFlags } from './args.js';
import { withColor } from './color.js';
import { commands, findCommand } from './commands/index.js';
import { type CliIo, ExitCode } from './io.js';
import { cliVersion } from './version.js';

/**
 * The `peapod` command line, in-process: parses `argv` (without `node` and the script), runs one
 * subcommand and returns the exit code. Never throws and never prints a stack trace. The prefixes of
 * diagnostics on stderr (`error:`, `Warning:`) are coloured on a terminal (NO_COLOR and FORCE_COLOR are
 * obeyed, see docs/cli.md).
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(argv, withColor(io));
}

async function runCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const [first, ...rest] = argv;
  const command = first === undefined ? undefined : findCommand(first);
  try {
    if (command !== undefined) return await command.run(rest, io);
    return runRoot(argv, io);
  } catch (error) {
    return report(error, io, command === undefined ? 'peapod' : `peapod ${command.name}`);
  }
}

function runRoot(argv: readonly string[], io: CliIo): number {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.stdout.write(rootHelp());
    return ExitCode.Ok;
  }
  if (first === 'help') {
    const topic = rest[0] === undefined ? undefined : findCommand(rest[0]);
    if (rest[0] !== undefined && topic === undefined) return unknownCommand(rest[0], io);
    io.stdout.write(topic === undefined ? rootHelp() : topic.help);
    return ExitCode.Ok;
  }
  if (!first.startsWith('-')) return unknownCommand(first, io);
  const flags = parseFlags(argv, {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  });
  io.stdout.write(flags.version && !flags.help ? `peapod ${cliVersion()}\n` : rootHelp());
  return ExitCode.Ok;
}

function unknownCommand(name: string, io: CliIo): number {
  io.stderr.write(`error: unknown command ${JSON.stringify(name)} for "peapod"\nSee 'peapod --help'.\n`);
  return ExitCode.Usage;
}

/** Turns anything thrown into one or two lines on stderr and an exit code. */
function report(error: unknown, io: CliIo, commandPath: string): number {
  if (isPeapodError(error) && error.code === ErrorCodes.Usage) {
    io.stderr.write(`error: ${error.message}\nSee '${commandPath} --help'.\n`);
    return ExitCode.Usage;
  }
  if (isPeapodError(error) && error.code !== ErrorCodes.Internal) {
    io.stderr.write(`error: ${error.message}\n`);
    return ExitCode.InputError;
  }
  io.stderr.write(`peapod: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  return ExitCode.Internal;
}

function rootHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  const list = commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n');
  return `peapod schedules Kubernetes pods the way kube-scheduler does, from manifests on disk.

Commands:
${list}

Flags:
  -h, --help      Show this help.
      --version   Print the version of peapod.

Usage:
  peapod <command> [flags]

Use 'peapod <command> --help' for more information about a command.
`;
}
