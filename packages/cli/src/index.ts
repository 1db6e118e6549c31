export type { Command } from './commands/index.js';
export { commands } from './commands/index.js';
export type { CliIo, OutputStream } from './io.js';
export { ExitCode } from './io.js';
export { main } from './main.js';
