import type { RandomSource } from '@peapod/engine';
import { type Cidr, cidrContains, formatCidr, formatIPv4, parseIPv4 } from '../net/ipv4.js';
import type { ApiObject } from './types.js';

/**
 * ClusterIP allocation from the service CIDR, as the API server's bitmap allocator with the static
 * subrange (KEP-3070, on by default in v1.26): dynamic allocations pick a random free address in the upper
 * part of the range, so that the lower band stays free for IPs chosen by hand. The first address is the
 * `kubernetes` Service's and is never handed out.
 */
export class ServiceIpAllocator {
  private readonly used = new Set<number>();
  private readonly first: number;
  private readonly count: number;
  private readonly staticSize: number;

  constructor(
    readonly cidr: Cidr,
    private readonly random: RandomSource,
  ) {
    this.first = cidr.base + 1;
    this.count = Math.max(0, cidr.size - 2);
    this.staticSize = Math.min(Math.max(16, Math.floor(this.count / 16)), 256);
    this.used.add(this.first);
  }

  /** A random free address, or an error message. */
  allocateNext(): string | { error: string } {
    const bands: [number, number][] = [
      [this.staticSize, this.count],
      [0, this.staticSize],
    ];
    for (const [from, to] of bands) {
      const size = to - from;
      if (size <= 0) continue;
      const start = this.random.intn(size);
      for (let i = 0; i < size; i++) {
        const ip = this.first + from + ((start + i) % size);
        if (this.used.has(ip)) continue;
        this.used.add(ip);
        return formatIPv4(ip);
      }
    }
    return { error: `range is full` };
  }

  /** Claims an address asked for by hand; an error message when it is taken or outside the range. */
  allocate(text: string): string | { error: string } {
    const ip = parseIPv4(text);
    if (
      ip === undefined ||
      !cidrContains(this.cidr, ip) ||
      ip === this.cidr.base ||
      ip === this.cidr.base + this.cidr.size - 1
    ) {
      return {
        error: `failed to allocate IP ${text}: the provided IP (${text}) is not in the valid range. The range of valid IPs is ${formatCidr(this.cidr)}`,
      };
    }
    if (this.used.has(ip)) return { error: `failed to allocate IP ${text}: provided IP is already allocated` };
    this.used.add(ip);
    return text;
  }

  release(text: string): void {
    const ip = parseIPv4(text);
    if (ip !== undefined && ip !== this.first) this.used.delete(ip);
  }
}

/** A new Service with its ClusterIP: the one asked for, a free one, or none for a headless Service. */
export function allocateClusterIp(
  allocator: ServiceIpAllocator,
  object: ApiObject,
): { readonly object: ApiObject } | { readonly error: string } {
  const spec = (object as { spec?: Record<string, unknown> | null }).spec ?? {};
  const asked = spec.clusterIP as string | undefined | null;
  if (asked === 'None') return { object: { ...object, spec: { ...spec, clusterIPs: ['None'] } } as ApiObject };
  const ip = asked ? allocator.allocate(asked) : allocator.allocateNext();
  if (typeof ip !== 'string') return { error: `spec.clusterIPs: Invalid value: ["${asked ?? ''}"]: ${ip.error}` };
  const withIp = { ...spec, clusterIP: ip, clusterIPs: [ip], ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' };
  return { object: { ...object, spec: withIp } as ApiObject };
}
