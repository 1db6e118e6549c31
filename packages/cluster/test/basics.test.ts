import { seededRandom } from '@peapod/engine';
import { describe, expect, test } from 'vitest';
import { ServiceIpAllocator } from '../src/api/service-ips.js';
import { EventQueue } from '../src/event-queue.js';
import { formatIPv4, parseCidr, parseIPv4 } from '../src/net/ipv4.js';
import { PodIpam } from '../src/net/pod-ipam.js';
import { formatDuration, parseDuration } from '../src/time.js';

describe('durations', () => {
  test.each([
    ['90s', 90_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['1.5s', 1_500],
    ['30', 30_000],
    [12, 12_000],
  ] as const)('%s is %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  test.each(['', 'abc', '5x', '-1s', '1m bad'])('%j is not a duration', (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  test.each([
    [0, '0s'],
    [250, '250ms'],
    [2_500, '2.5s'],
    [65_000, '1m5s'],
    [3_630_000, '1h0m30s'],
  ] as const)('%i ms prints as %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('event queue', () => {
  test('runs timers by time, then in the order they were set, and can cancel', () => {
    const q = new EventQueue();
    const order: string[] = [];
    q.at(20, () => order.push('b'));
    q.at(10, () => order.push('a1'));
    q.at(10, () => order.push('a2'));
    const c = q.at(15, () => order.push('cancelled'));
    q.cancel(c);
    q.at(10, () => q.after(0, () => order.push('a3')));
    q.runUntil(100);
    expect(order).toEqual(['a1', 'a2', 'a3', 'b']);
    expect(q.now).toBe(100);
  });

  test('counts pending work, not periodic chores, and stops when asked', () => {
    const q = new EventQueue();
    q.after(10, () => {}, { periodic: true });
    const work = q.after(20, () => {});
    expect(q.pendingWork).toBe(1);
    q.cancel(work);
    q.cancel(work);
    expect(q.pendingWork).toBe(0);
    q.after(30, () => {});
    q.runUntil(1000, () => q.now >= 10);
    expect(q.now).toBe(10);
    expect(q.pendingWork).toBe(1);
  });
});

describe('addresses', () => {
  test('CIDRs need their host bits clear', () => {
    expect(parseCidr('10.244.1.0/24')).toEqual({ base: parseIPv4('10.244.1.0'), prefix: 24, size: 256 });
    expect(parseCidr('10.244.1.5/24')).toBeUndefined();
    expect(parseCidr('10.244.1.0')).toBeUndefined();
    expect(parseIPv4('10.1.300.1')).toBeUndefined();
  });

  test('pod IPs skip the network and gateway addresses and are not reused at once', () => {
    const ipam = new PodIpam(parseCidr('10.244.1.0/29')!);
    const first = [ipam.allocate(), ipam.allocate()];
    expect(first).toEqual(['10.244.1.2', '10.244.1.3']);
    ipam.release(parseIPv4('10.244.1.2')!);
    expect(ipam.allocate()).toBe('10.244.1.4');
    expect([ipam.allocate(), ipam.allocate(), ipam.allocate()]).toEqual(['10.244.1.5', '10.244.1.6', '10.244.1.2']);
    expect(ipam.allocate()).toBeUndefined();
  });

  test('ClusterIPs come from the upper band first and never the first address', () => {
    const alloc = new ServiceIpAllocator(parseCidr('10.96.0.0/24')!, seededRandom(3));
    // 254 addresses between network and broadcast, the first one reserved.
    const ips = Array.from({ length: 253 }, () => alloc.allocateNext());
    expect(ips.every((ip) => typeof ip === 'string')).toBe(true);
    expect(new Set(ips).size).toBe(253);
    expect(ips).not.toContain('10.96.0.1');
    const firstDynamic = ips.slice(0, 238);
    expect(firstDynamic.every((ip) => parseIPv4(ip as string)! - parseIPv4('10.96.0.1')! >= 16)).toBe(true);
    expect(alloc.allocateNext()).toEqual({ error: 'range is full' });
    expect(formatIPv4(parseIPv4('1.2.3.4')!)).toBe('1.2.3.4');
  });
});
