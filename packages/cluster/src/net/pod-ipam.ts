import { type Cidr, formatIPv4 } from './ipv4.js';

/**
 * A node's pod IP allocator, as the CNI host-local plugin behaves: addresses come from the node's podCIDR,
 * skipping the network address, the gateway (`.1`, the bridge) and the broadcast address; the search starts
 * after the last address handed out, so a new pod gets a fresh IP instead of the one just released.
 */
export class PodIpam {
  private readonly inUse = new Set<number>();
  private last: number;

  constructor(readonly cidr: Cidr) {
    this.last = cidr.base + 1;
  }

  /** A free address, or undefined when the range is exhausted. */
  allocate(): string | undefined {
    const first = this.cidr.base + 2;
    const end = this.cidr.base + this.cidr.size - 1;
    const count = end - first;
    for (let i = 1; i <= count; i++) {
      const candidate = first + ((this.last - first + i) % count);
      if (this.inUse.has(candidate)) continue;
      this.inUse.add(candidate);
      this.last = candidate;
      return formatIPv4(candidate);
    }
    return undefined;
  }

  release(ip: number): void {
    this.inUse.delete(ip);
  }

  get allocated(): number {
    return this.inUse.size;
  }
}
