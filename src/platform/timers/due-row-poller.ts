import type { Pool, PoolClient, QueryResultRow } from 'pg';
import type { Clock } from '../time/clock';
import { DueTimerPoller, messageOf, type DueTimerPolling } from './due-timer-poller';

/**
 * How a DueRowPoller runs, and its table of due timers: one row per key, due at `due_at`.
 * `version` with the key identifies the row that was claimed, so deleting it never deletes a newer
 * row under the same key. Identifiers are code constants, never input.
 */
export interface DueRowTimers<
  Row extends QueryResultRow,
  Outcome extends string,
> extends DueTimerPolling<Outcome | 'failed'> {
  readonly table: {
    readonly name: string;
    readonly key: keyof Row & string;
    readonly version: keyof Row & string;
  };
}

/**
 * A DueTimerPoller over a table of due rows. Each step claims the next due row not skipped in this
 * run in its own transaction with `SELECT … FOR UPDATE SKIP LOCKED`, acts on it (the subclass's
 * `act`), and deletes it in that same transaction. If acting throws, the transaction rolls back
 * (the row stays for a later run), the key is skipped for the rest of this run, and the outcome
 * is 'failed'.
 *
 * Why a transaction per row: the row lock is what makes a timer exactly-once across instances
 * (another instance skips a locked row), and a short transaction holds it only while that one
 * timer is handled. A throw while claiming rolls back and ends the run (the poller logs it).
 */
export abstract class DueRowPoller<
  Row extends QueryResultRow,
  Outcome extends string,
> extends DueTimerPoller<Outcome | 'failed'> {
  protected constructor(
    private readonly pool: Pool,
    clock: Clock,
    private readonly timers: DueRowTimers<Row, Outcome>,
  ) {
    super(clock, timers);
  }

  /** Acts on a claimed row; resolves with the outcome (the row is then deleted) or throws. */
  protected abstract act(row: Row): Promise<Outcome>;

  /** Names the work on a row for the failure warning, e.g. "auto-closing ticket t-1". */
  protected abstract describe(row: Row): string;

  protected async claimAndHandleNext(
    now: Date,
    skipped: string[],
  ): Promise<Outcome | 'failed' | undefined> {
    const { name, key } = this.timers.table;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<Row>(
        `SELECT *
           FROM ${name}
          WHERE due_at <= $1 AND NOT (${key} = ANY($2::text[]))
          ORDER BY due_at, ${key}
          LIMIT 1
            FOR UPDATE SKIP LOCKED`,
        [now.toISOString(), skipped],
      );
      const row = rows[0];
      if (!row) {
        await client.query('COMMIT');
        return undefined;
      }
      return await this.handleClaimed(client, row, skipped);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async handleClaimed(
    client: PoolClient,
    row: Row,
    skipped: string[],
  ): Promise<Outcome | 'failed'> {
    const { name, key, version } = this.timers.table;
    let outcome: Outcome;
    try {
      outcome = await this.act(row);
    } catch (error) {
      await client.query('ROLLBACK');
      skipped.push(String(row[key]));
      this.logger.warn(`${this.describe(row)} failed: ${messageOf(error)}`);
      return 'failed';
    }
    await client.query(`DELETE FROM ${name} WHERE ${key} = $1 AND ${version} = $2`, [
      row[key],
      row[version],
    ]);
    await client.query('COMMIT');
    return outcome;
  }
}
