import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { TicketSlaState } from '../ticket-sla.state';

/** One parameterised statement → its rows: the projection's manager and the poller's client alike. */
export type Sql = (text: string, params: readonly unknown[]) => Promise<Record<string, unknown>[]>;

export const managerSql =
  (manager: EntityManager): Sql =>
  (text, params) =>
    manager.query(text, [...params]);

export const clientSql =
  (client: PoolClient): Sql =>
  async (text, params) =>
    (await client.query<Record<string, unknown>>(text, [...params])).rows;

export interface TimerRow {
  readonly ticketId: string;
  readonly revision: bigint;
  readonly state: TicketSlaState;
  readonly nextAt: Date | null;
}

/**
 * The ticket's row, NOT locked: a projection lock would make the poller skip the row (SKIP
 * LOCKED) for a whole run. The revision guard of writeTimerRow keeps a concurrent reschedule.
 */
export async function readTimerRow(sql: Sql, ticketId: string): Promise<TimerRow | undefined> {
  const [row] = await sql(
    'SELECT ticket_id, revision, state, next_at FROM sla_timers WHERE ticket_id = $1',
    [ticketId],
  );
  return row ? rowOf(row) : undefined;
}

export function rowOf(row: Record<string, unknown>): TimerRow {
  return {
    ticketId: String(row.ticket_id),
    revision: BigInt(String(row.revision)),
    state: row.state as TicketSlaState,
    nextAt: row.next_at instanceof Date ? row.next_at : null,
  };
}

/** Inserts or moves the row forward; a row already at a later revision is left as it is. */
export async function writeTimerRow(sql: Sql, row: TimerRow): Promise<void> {
  await sql(
    `INSERT INTO sla_timers (ticket_id, next_at, revision, state)
     VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (ticket_id) DO UPDATE SET
       next_at = EXCLUDED.next_at,
       revision = EXCLUDED.revision,
       state = EXCLUDED.state
     WHERE sla_timers.revision < EXCLUDED.revision`,
    [
      row.ticketId,
      row.nextAt?.toISOString() ?? null,
      row.revision.toString(),
      JSON.stringify(row.state),
    ],
  );
}

/**
 * The poller's write after firing: the state it fired to and its next deadline, unless the
 * projection already moved the row past that revision. `<=`: a firing that recorded nothing still
 * reschedules the row it claimed.
 */
export async function rescheduleTimerRow(sql: Sql, row: TimerRow): Promise<void> {
  await sql(
    `UPDATE sla_timers SET next_at = $2, revision = $3, state = $4::jsonb
      WHERE ticket_id = $1 AND revision <= $3`,
    [
      row.ticketId,
      row.nextAt?.toISOString() ?? null,
      row.revision.toString(),
      JSON.stringify(row.state),
    ],
  );
}
