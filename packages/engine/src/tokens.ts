/** Injection tokens of the composition root. Symbols, because tsx/esbuild emit no decorator metadata. */
export const Tokens = {
  Config: Symbol('SchedulerConfig'),
  Random: Symbol('RandomSource'),
  Options: Symbol('ScheduleOptions'),
} as const;
