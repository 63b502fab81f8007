/**
 * The SQL of the PostgreSQL event store. Statements are named so node-postgres prepares them once
 * per connection (the `es_` prefix keeps the names apart from other modules' statements).
 *
 * THE FENCE. Every global-order read keeps only rows whose transaction is older than the oldest
 * transaction still running, and orders by (transaction_id, global_position). A transaction that
 * took a lower sequence value but commits later has a transaction id at or above that horizon
 * until it ends, so its rows are never passed over: they are read, in order, once it is done.
 * pg_current_snapshot() is the statement's own snapshot, so the horizon and the rows read agree.
 */
export const FENCE = 'pg_snapshot_xmin(pg_current_snapshot())';

/** Channel of the NOTIFY sent after appends (commit-notifier.ts) and LISTENed to by subscribers. */
export const NOTIFY_CHANNEL = 'es_events';

/** Cast to text so the result does not depend on whichever int8/xid8 type parsers are installed. */
const EVENT_COLUMNS = `
  e.transaction_id::text AS transaction_id,
  e.global_position::text AS global_position,
  e.stream_name,
  e.revision::text AS revision,
  e.event_id::text AS event_id,
  e.type,
  e.data,
  e.metadata,
  e.recorded_at`;

/**
 * $3: stream name prefixes (text[] or null), $4: event types (text[] or null). `^@` is
 * starts_with, so prefixes need no LIKE escaping.
 */
const FILTER = `
  ($3::text[] IS NULL OR e.stream_name ^@ ANY ($3::text[]))
  AND ($4::text[] IS NULL OR e.type = ANY ($4::text[]))`;

/** $1, $2: the exclusive lower bound (transaction id, global position). */
const AFTER = `(e.transaction_id, e.global_position) > ($1::xid8, $2::bigint)`;

export const APPEND = {
  name: 'es_append_to_stream',
  text: `SELECT o_next_revision::text AS next_revision,
                o_transaction_id::text AS transaction_id,
                o_global_position::text AS global_position,
                o_idempotent AS idempotent
           FROM es_append_to_stream($1, $2, $3, $4::jsonb)`,
};

/** For an empty append: the stream's revision and last position, without writing anything. */
export const STREAM_HEAD = {
  name: 'es_stream_head',
  text: `SELECT s.revision::text AS revision,
                e.transaction_id::text AS transaction_id,
                e.global_position::text AS global_position
           FROM es_streams s
           LEFT JOIN es_events e ON e.stream_name = s.stream_name AND e.revision = s.revision
          WHERE s.stream_name = $1`,
};

/** $1 stream, $2 first revision, $3 max count (null: all). */
export const READ_STREAM_FORWARDS = {
  name: 'es_read_stream_forwards',
  text: `SELECT ${EVENT_COLUMNS} FROM es_events e
          WHERE e.stream_name = $1 AND e.revision >= $2::bigint
          ORDER BY e.revision LIMIT $3`,
};

/** $1 stream, $2 first revision (null: the last), $3 max count (null: all). */
export const READ_STREAM_BACKWARDS = {
  name: 'es_read_stream_backwards',
  text: `SELECT ${EVENT_COLUMNS} FROM es_events e
          WHERE e.stream_name = $1
            AND e.revision <= coalesce($2::bigint, 9223372036854775807)
          ORDER BY e.revision DESC LIMIT $3`,
};

/** $1, $2 after; $3, $4 filter; $5 max count. */
export const READ_ALL = {
  name: 'es_read_all',
  text: `SELECT ${EVENT_COLUMNS} FROM es_events e
          WHERE e.transaction_id < ${FENCE} AND ${AFTER} AND ${FILTER}
          ORDER BY e.transaction_id, e.global_position
          LIMIT $5`,
};

/**
 * One step of a subscription. Scans up to $5 rows below the fence after the cursor and flags
 * those that match the filter (data only for those), so a selective filter still moves the
 * cursor over the rows it skips instead of rescanning them on every wake-up. $6, for a
 * subscription from 'end': the snapshot taken when it started; rows of transactions that had
 * committed by then are old even if the fence still held them back, so they are skipped. Always returns at
 * least one row: `held_back` says whether committed rows wait above the fence (an older
 * transaction is still running), which the subscription polls for since nothing may notify.
 * (Asked as "is the newest visible row above the fence", a backward index probe: as EXISTS,
 * the planner chose a sequential scan of the whole log.)
 */
export const SUBSCRIPTION_PAGE = {
  name: 'es_subscription_page',
  text: `SELECT h.held_back, p.*
           FROM (SELECT coalesce(
                          (SELECT x.transaction_id FROM es_events x
                            ORDER BY x.transaction_id DESC LIMIT 1) >= ${FENCE},
                          false) AS held_back) h
           LEFT JOIN LATERAL (
             SELECT e.transaction_id::text AS transaction_id,
                    e.global_position::text AS global_position,
                    m.matched,
                    e.stream_name,
                    e.revision::text AS revision,
                    e.event_id::text AS event_id,
                    e.type,
                    CASE WHEN m.matched THEN e.data END AS data,
                    CASE WHEN m.matched THEN e.metadata END AS metadata,
                    e.recorded_at
               FROM es_events e
               CROSS JOIN LATERAL (
                 SELECT ${FILTER}
                        AND ($6::pg_snapshot IS NULL
                             OR NOT pg_visible_in_snapshot(e.transaction_id, $6::pg_snapshot))
                        AS matched) m
              WHERE e.transaction_id < ${FENCE} AND ${AFTER}
              ORDER BY e.transaction_id, e.global_position
              LIMIT $5
           ) p ON true`,
};

export const HEAD_POSITION = {
  name: 'es_head_position',
  text: `SELECT e.transaction_id::text AS transaction_id, e.global_position::text AS global_position
           FROM es_events e
          WHERE e.transaction_id < ${FENCE}
          ORDER BY e.transaction_id DESC, e.global_position DESC
          LIMIT 1`,
};

/**
 * Where a subscription from 'end' starts: the head below the fence, plus the snapshot that tells
 * which of the rows still above the fence were already committed (see SUBSCRIPTION_PAGE $6).
 */
export const END_OF_LOG = {
  name: 'es_end_of_log',
  text: `SELECT pg_current_snapshot()::text AS snapshot, h.transaction_id, h.global_position
           FROM (SELECT 1) one
           LEFT JOIN LATERAL (${HEAD_POSITION.text}) h ON true`,
};

/**
 * $1, $2 after; $3, $4 filter; $5 cap. Counts every COMMITTED event after the position, including
 * those the fence still holds back from readers: this is lag ("not yet applied"), and a consumer
 * that has read up to a checkpoint is not caught up while committed events wait behind the fence.
 * (Held-back rows always sort after any checkpoint a fenced reader produced: their transaction
 * ids are at or above the xmin that fenced it.)
 */
export const COUNT_AFTER = {
  name: 'es_count_after',
  text: `SELECT count(*)::int AS count FROM (
           SELECT 1 FROM es_events e
            WHERE ${AFTER} AND ${FILTER}
            LIMIT $5) c`,
};

export interface EventRow {
  readonly transaction_id: string;
  readonly global_position: string;
  readonly stream_name: string;
  readonly revision: string;
  readonly event_id: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly metadata: unknown;
  readonly recorded_at: Date;
}

export interface SubscriptionPageRow extends Partial<EventRow> {
  readonly held_back: boolean;
  readonly matched: boolean | null;
}

export interface AppendRow {
  readonly next_revision: string;
  readonly transaction_id: string;
  readonly global_position: string;
  readonly idempotent: boolean;
}

export interface StreamHeadRow {
  readonly revision: string;
  readonly transaction_id: string | null;
  readonly global_position: string | null;
}

export interface EndOfLogRow {
  readonly snapshot: string;
  readonly transaction_id: string | null;
  readonly global_position: string | null;
}

export interface PositionRow {
  readonly transaction_id: string;
  readonly global_position: string;
}
