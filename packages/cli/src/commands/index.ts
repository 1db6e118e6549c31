import { benchCommand } from './bench.js';
import { capacityCommand } from './capacity.js';
import type { Command } from './command.js';
import { compareCommand } from './compare.js';
import { demoCommand } from './demo.js';
import { explainCommand } from './explain.js';
import { genCommand } from './gen.js';
import { reportCommand } from './report.js';
import { scheduleCommand } from './schedule.js';
import { simulateCommand } from './simulate.js';
import { verifyCommand } from './verify.js';

export type { Command } from './command.js';

/** Every subcommand, in the order `peapod --help` lists them. */
export const commands: readonly Command[] = [
  scheduleCommand,
  verifyCommand,
  capacityCommand,
  compareCommand,
  explainCommand,
  reportCommand,
  simulateCommand,
  demoCommand,
  genCommand,
  benchCommand,
];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
