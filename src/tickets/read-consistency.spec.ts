import type { ProjectionStatus } from '../projections/projection-status';
import {
  formatProjectionLag,
  parseMinRevision,
  ProjectionLagReader,
  waitForRevision,
  waitUntil,
} from './read-consistency';

function status(name: string, lagEvents: number, lagMs: number): ProjectionStatus {
  return {
    name,
    version: 1,
    targetVersion: 1,
    position: null,
    lagEvents,
    lagMs,
    state: lagEvents > 0 ? 'catching_up' : 'running',
    lastError: null,
    rebuild: null,
    rebuildRequested: false,
  };
}

describe('read consistency', () => {
  describe('formatProjectionLag', () => {
    it('writes events and whole milliseconds', () => {
      expect(formatProjectionLag({ events: 0, ms: 0 })).toBe('events=0; ms=0');
      expect(formatProjectionLag({ events: 12, ms: 340.6 })).toBe('events=12; ms=341');
    });
  });

  describe('parseMinRevision', () => {
    it('is undefined when absent and a bigint otherwise', () => {
      expect(parseMinRevision(undefined)).toBeUndefined();
      expect(parseMinRevision('9007199254740993')).toBe(9007199254740993n);
    });
  });

  describe('waitForRevision', () => {
    it('reads nothing and succeeds when no revision is asked for', async () => {
      const read = jest.fn(async () => 0n);
      await expect(waitForRevision(undefined, read)).resolves.toBe(true);
      expect(read).not.toHaveBeenCalled();
    });

    it('succeeds at once when the read model already holds the revision or a later one', async () => {
      let reads = 0;
      const current = async (): Promise<bigint> => {
        reads += 1;
        return 7n;
      };
      await expect(waitForRevision(5n, current)).resolves.toBe(true);
      await expect(waitForRevision(7n, current)).resolves.toBe(true);
      expect(reads).toBe(2);
    });

    it('keeps polling while the row is missing or older, and succeeds once it arrives', async () => {
      const seen: (bigint | undefined)[] = [undefined, undefined, 2n, 3n, 4n];
      let reads = 0;
      const current = async (): Promise<bigint | undefined> => seen[Math.min(reads++, 4)];
      await expect(waitForRevision(4n, current, { timeoutMs: 5_000 })).resolves.toBe(true);
      expect(reads).toBe(5);
    });

    it('gives up after the timeout and says so instead of throwing', async () => {
      let reads = 0;
      const current = async (): Promise<bigint> => {
        reads += 1;
        return 1n;
      };
      await expect(waitForRevision(2n, current, { timeoutMs: 150 })).resolves.toBe(false);
      // Backoff 10, 20, 40, 80 ms …: a handful of reads, not a busy loop.
      expect(reads).toBeGreaterThan(1);
      expect(reads).toBeLessThan(10);
    });
  });

  describe('waitUntil', () => {
    it('propagates an error of the check', async () => {
      await expect(
        waitUntil(async () => {
          throw new Error('database gone');
        }),
      ).rejects.toThrow('database gone');
    });
  });

  describe('ProjectionLagReader', () => {
    it("reports the named projection's lag", async () => {
      const reader = new ProjectionLagReader({
        status: async () => [status('ticket_list', 3, 10), status('ticket_details', 2, 450)],
      });
      await expect(reader.lagOf('ticket_details')).resolves.toEqual({ events: 2, ms: 450 });
    });

    it('shares one status computation between concurrent reads, and starts a new one after', async () => {
      let computations = 0;
      const reader = new ProjectionLagReader({
        status: async () => {
          computations += 1;
          await new Promise((resolve) => setTimeout(resolve, 20));
          return [status('ticket_details', computations, 0)];
        },
      });
      const concurrent = await Promise.all([
        reader.lagOf('ticket_details'),
        reader.lagOf('ticket_details'),
        reader.lagOf('ticket_details'),
      ]);
      expect(concurrent.map((lag) => lag.events)).toEqual([1, 1, 1]);
      await expect(reader.lagOf('ticket_details')).resolves.toEqual({ events: 2, ms: 0 });
    });

    it('fails loudly for a projection that is not registered', async () => {
      const reader = new ProjectionLagReader({ status: async () => [] });
      await expect(reader.lagOf('nope')).rejects.toThrow('projection "nope" is not registered');
    });
  });
});
