import type { Status } from '@peapod/core';

/** A plugin threw or returned Error: the cycle stops with upstream's wording, naming plugin and point. */
export class PluginFault extends Error {}

export function fault(point: string, plugin: string, detail: unknown): PluginFault {
  const text = detail instanceof Error ? detail.message : String(detail);
  return new PluginFault(`running "${plugin}" ${point} plugin: ${text}`);
}

export function call<T>(point: string, plugin: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof PluginFault) throw e;
    throw fault(point, plugin, e);
  }
}

export function checkStatus(point: string, plugin: string, s: Status | null): void {
  if (s !== null && s.code === 'Error') throw fault(point, plugin, s.reasons.join(', '));
}

/** A failing node's status and the plugin that returned it. */
export interface Rejection {
  readonly status: Status;
  readonly plugin: string;
}
