import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared/perf` next to the repository (override with PEAPOD_PERF_DIR). */
export const PERF_DIR = process.env.PEAPOD_PERF_DIR ?? fileURLToPath(new URL('../../../shared/perf/', import.meta.url));

/** A workload file of `../shared/perf` by its base name (`basic-5000`), when it is there. */
export function perfFile(name: string): string | undefined {
  const path = `${PERF_DIR.replace(/\/$/, '')}/${name}.json.gz`;
  return existsSync(path) ? path : undefined;
}
