/**
 * A student leaves tcpdump running for an hour while a ping keeps traffic flowing: the capture
 * ring stays bounded, the world does not grow, and the heap stays flat.
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../../src/shell/lab-session';

const HOUR = 3_600_000;

describe('an hour of tcpdump', () => {
  it('keeps memory flat while packets flow', async () => {
    const session = LabSession.create({ scenario: 'installed', time: 'instant', waitLimitMs: HOUR });
    const term = session.openTerminal();
    await session.exec(term, 'ping -i 0.2 172.16.11.81 > /dev/null &', () => {});
    // Warm up, then measure across the rest of the hour.
    await session.exec(term, 'tcpdump -i eth0 -nn -c 2000 > /dev/null', () => {});
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const stateBefore = session.snapshot().length;
    let stats = '';
    const started = session.world.now;
    await session.exec(term, 'tcpdump -i eth0 -nn > /dev/null', (c) => (stats += c.text));
    expect(session.world.now - started).toBeGreaterThanOrEqual(HOUR);
    expect(stats).toContain("^C");
    const captured = Number(/(\d+) packets captured/.exec(stats)?.[1]);
    expect(captured).toBeGreaterThan(30_000);
    gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    // The world's snapshot grows only by what an hour changes (counters, timestamps), not per packet.
    expect(session.snapshot().length).toBeLessThan(stateBefore * 1.2 + 20_000);
    expect(heapAfter - heapBefore).toBeLessThan(64 * 1024 * 1024);
  }, 300_000);
});
