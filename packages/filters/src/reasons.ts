/** Upstream's filter failure reasons, byte for byte. A leaf file: it imports nothing. */
export const ReasonTooManyPods = 'Too many pods';
/** `Insufficient <resource>`, e.g. `Insufficient cpu`, `Insufficient nvidia.com/gpu`. */
export const reasonInsufficient = (resource: string): string => `Insufficient ${resource}`;
