import type { Pool } from 'pg';
import { NOTIFY_CHANNEL } from './sql';

/** At most one NOTIFY per this period per store: later appends of a burst share one. */
const COALESCE_MS = 10;

/**
 * Tells other processes' subscriptions that the log has grown: NOTIFY es_events, sent after the
 * append has committed, in a transaction of its own that commits asynchronously. The first
 * append of a burst notifies at once; the appends that follow within COALESCE_MS share one
 * more notification, so a busy writer sends at most ~100 a second instead of one per append.
 * (Subscriptions of the same store are woken directly, without any of this.)
 *
 * Why not NOTIFY inside the append transaction: PostgreSQL serialises the commits of all
 * transactions that notify, holding a database-wide lock from just before commit until the
 * commit record is flushed (async.c, PreCommit_Notify). Every append would wait for every other
 * append's WAL flush in turn, defeating group commit; the benchmark showed concurrent appends at
 * half the rate. Here that lock is held only briefly, by a transaction that does not wait for
 * its flush.
 *
 * A notification is only a hint: subscriptions always re-read the fenced log and poll as a
 * fallback, so a lost one (a crash right after the append, a connection error) delays delivery
 * by at most the poll interval and never loses an event.
 */
export class CommitNotifier {
  private running: Promise<void> | undefined;
  private pending = false;
  private closed = false;

  constructor(private readonly pool: Pool) {}

  notify(): void {
    if (this.closed) return;
    this.pending = true;
    this.running ??= this.run();
  }

  /** Stops notifying; resolves once no notification is in flight (the pool may then end). */
  async close(): Promise<void> {
    this.closed = true;
    this.pending = false;
    await this.running;
  }

  private async run(): Promise<void> {
    try {
      while (this.pending && !this.closed) {
        this.pending = false;
        await this.send();
        await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
      }
    } finally {
      this.running = undefined;
    }
  }

  private async send(): Promise<void> {
    try {
      // One simple-protocol round trip; SET LOCAL needs the explicit transaction.
      await this.pool.query(
        `BEGIN; SET LOCAL synchronous_commit TO off; NOTIFY ${NOTIFY_CHANNEL}; COMMIT`,
      );
    } catch {
      // See the class comment: subscribers fall back to polling.
    }
  }
}
