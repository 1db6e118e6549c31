import type { Node } from '@peapod/core';
import { type Cidr, cidrsOverlap, formatCidr, parseCidr, subnet } from '../net/ipv4.js';
import type { ComponentContext } from './context.js';

/**
 * The node IPAM controller's range allocator (kube-controller-manager `--allocate-node-cidrs`): every node
 * without a podCIDR gets the next free block of the cluster CIDR; blocks that nodes bring are marked used.
 */
export class NodeIpamController {
  /** Node name -> its block. */
  private readonly used = new Map<string, Cidr>();
  /** Indexes of used blocks on the cluster CIDR's grid. */
  private readonly usedBlocks = new Set<number>();
  private readonly blockSize: number;
  private readonly blocks: number;
  private cursor = 0;

  constructor(
    private readonly ctx: ComponentContext,
    private readonly clusterCidr: Cidr,
    private readonly nodeMask: number,
  ) {
    this.blockSize = 2 ** (32 - nodeMask);
    this.blocks = 2 ** (nodeMask - clusterCidr.prefix);
    ctx.api.watch('Node', (e) => {
      if (e.type === 'DELETED') this.release(e.object.metadata.name);
      else if (e.type === 'ADDED') this.allocate(e.object);
    });
  }

  private blockIndexes(cidr: Cidr): number[] {
    if (!cidrsOverlap(cidr, this.clusterCidr)) return [];
    const first = Math.max(cidr.base, this.clusterCidr.base);
    const last = Math.min(cidr.base + cidr.size, this.clusterCidr.base + this.clusterCidr.size) - 1;
    const out: number[] = [];
    for (
      let b = Math.floor((first - this.clusterCidr.base) / this.blockSize);
      b <= Math.floor((last - this.clusterCidr.base) / this.blockSize);
      b++
    )
      out.push(b);
    return out;
  }

  private release(name: string): void {
    const cidr = this.used.get(name);
    if (cidr === undefined) return;
    this.used.delete(name);
    for (const b of this.blockIndexes(cidr)) this.usedBlocks.delete(b);
  }

  private allocate(node: Node): void {
    const name = node.metadata.name;
    const own = node.spec?.podCIDR ? parseCidr(node.spec.podCIDR) : undefined;
    if (own !== undefined) {
      const clash = [...this.used.entries()].find(([, c]) => cidrsOverlap(c, own));
      if (clash !== undefined) {
        this.ctx.events.warning(
          'cidrAllocator',
          node,
          'CIDRNotAvailable',
          `Node ${name} podCIDR ${formatCidr(own)} overlaps the podCIDR of node ${clash[0]}`,
        );
      }
      this.used.set(name, own);
      for (const b of this.blockIndexes(own)) this.usedBlocks.add(b);
      return;
    }
    for (let i = 0; i < this.blocks; i++) {
      const index = (this.cursor + i) % this.blocks;
      if (this.usedBlocks.has(index)) continue;
      this.cursor = index + 1;
      this.usedBlocks.add(index);
      const block = subnet(this.clusterCidr, this.nodeMask, index);
      this.used.set(name, block);
      const text = formatCidr(block);
      this.ctx.api.patch('Node', { ...node, spec: { ...node.spec, podCIDR: text, podCIDRs: [text] } });
      return;
    }
    this.ctx.events.normal('cidrAllocator', node, 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
  }
}
