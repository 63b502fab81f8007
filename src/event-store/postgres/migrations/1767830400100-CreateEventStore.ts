import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Key space of the per-stream advisory locks: pg_advisory_xact_lock(class, hashtext(stream)).
 * Two-key advisory locks with another class, and one-key (bigint) locks, never collide with it.
 * A hash collision between two streams only makes their appends take turns.
 */
const STREAM_LOCK_CLASS = 0x45535452; // 'ESTR'

/**
 * The PostgreSQL event store: one row per stream (its current revision) and the append-only
 * event log.
 *
 * Global order is (transaction_id, global_position), not global_position alone: sequence values
 * are taken when rows are inserted but become visible when their transaction commits, so a
 * reader following `global_position > checkpoint` skips events committed late. Readers only read
 * rows whose transaction is older than every transaction still running
 * (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`); that set can no longer grow, so
 * a checkpoint inside it is final.
 *
 * All the logic of an append lives in one function so that an append is a single round trip and
 * a single implicit transaction: lock the stream (whatever the expected revision, so that
 * concurrent 'any' appends queue instead of failing), recognise a retry by its event ids, check
 * the expected revision, insert, advance the stream. Failures are raised with our own SQLSTATEs
 * (ESWEV, ESIDC) and a JSON DETAIL the adapter turns into typed errors.
 */
export class CreateEventStore1767830400100 implements MigrationInterface {
  name = 'CreateEventStore1767830400100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE es_streams (
        stream_name text PRIMARY KEY CHECK (stream_name <> ''),
        revision    bigint NOT NULL CHECK (revision >= 0),
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now()
      ) WITH (fillfactor = 80)`);
    // fillfactor: every append rewrites its stream row; free space keeps those updates HOT.

    await queryRunner.query(`
      CREATE TABLE es_events (
        global_position bigserial NOT NULL,
        transaction_id  xid8 NOT NULL DEFAULT pg_current_xact_id(),
        stream_name     text NOT NULL,
        revision        bigint NOT NULL CHECK (revision >= 0),
        event_id        uuid NOT NULL,
        type            text NOT NULL,
        data            jsonb NOT NULL,
        metadata        jsonb NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT es_events_pkey PRIMARY KEY (event_id),
        CONSTRAINT es_events_stream_revision_key UNIQUE (stream_name, revision)
      )`);
    // No foreign key to es_streams: es_append_to_stream is the only writer and creates the stream
    // row first; a per-row RI check would only slow every append down.
    // The global order: readAll, subscriptions, head position.
    await queryRunner.query(
      'CREATE INDEX es_events_transaction_position_idx ON es_events (transaction_id, global_position)',
    );

    await queryRunner.query(`
      CREATE FUNCTION es_append_to_stream(
        p_stream_name       text,
        p_expected_kind     text,   -- 'any' | 'no_stream' | 'stream_exists' | 'revision'
        p_expected_revision bigint, -- the exact revision when p_expected_kind = 'revision'
        p_events            jsonb,  -- [{"id": uuid, "type": text, "data": {}, "metadata": {}}, ...]
        OUT o_next_revision   bigint,
        OUT o_transaction_id  xid8,
        OUT o_global_position bigint,
        OUT o_idempotent      boolean
      )
      LANGUAGE plpgsql
      AS $fn$
      DECLARE
        v_count             bigint := jsonb_array_length(p_events);
        v_ids               uuid[];
        v_current           bigint;
        v_found             bigint;
        v_matching          bigint;
        v_first_revision    bigint;
        v_first_transaction xid8;
        v_neighbours        bigint;
        v_found_ids         jsonb;
      BEGIN
        IF v_count = 0 THEN
          RAISE EXCEPTION 'es_append_to_stream needs at least one event';
        END IF;
        IF current_setting('transaction_isolation') <> 'read committed' THEN
          -- Each statement below must see what the append it queued behind committed.
          RAISE EXCEPTION 'es_append_to_stream needs READ COMMITTED, not %',
            current_setting('transaction_isolation');
        END IF;

        -- 1. Serialise the appends to this stream, whatever the expected revision, so that
        --    concurrent 'any' appends queue instead of failing and every check below sees the
        --    latest revision. An advisory lock, taken before anything is written, and not a row
        --    lock: locking a row assigns the transaction id before waiting, so an append queued
        --    behind another could carry the older id and precede it in the global order
        --    (revision 2 before revision 1). Here the id is assigned by the first write, after
        --    the previous append to the stream has committed, so it is always younger.
        PERFORM pg_advisory_xact_lock(${STREAM_LOCK_CLASS}, hashtext(p_stream_name));
        SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_name = p_stream_name;
        IF NOT FOUND THEN
          v_current := -1;
        END IF;

        -- 2. A retry? Checked before the expected revision: the stream may have moved on since
        --    the original append, which must still be recognised and answered as it was.
        --    (Lookups by id go through the primary key: = ANY, or LATERAL per event.)
        v_ids := ARRAY(SELECT (n.event->>'id')::uuid
                         FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(event, ord)
                        ORDER BY n.ord);
        SELECT count(*) INTO v_found FROM es_events e WHERE e.event_id = ANY (v_ids);

        IF v_found > 0 THEN
          SELECT count(*) FILTER (
                   WHERE e.stream_name = p_stream_name
                     AND e.type = n.event->>'type'
                     AND e.data = n.event->'data'
                     AND e.metadata = n.event->'metadata'),
                 jsonb_agg(e.event_id ORDER BY n.ord)
            INTO v_matching, v_found_ids
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(event, ord)
            CROSS JOIN LATERAL (SELECT * FROM es_events x
                                 WHERE x.event_id = (n.event->>'id')::uuid) e;
          IF v_found < v_count THEN
            RAISE EXCEPTION USING ERRCODE = 'ESIDC',
              MESSAGE = format('stream %s: some event ids are already recorded', p_stream_name),
              DETAIL = jsonb_build_object('reason', 'only some of the event ids are already recorded',
                                          'eventIds', v_found_ids)::text;
          END IF;
          IF v_matching < v_count THEN
            RAISE EXCEPTION USING ERRCODE = 'ESIDC',
              MESSAGE = format('stream %s: event ids recorded with other content', p_stream_name),
              DETAIL = jsonb_build_object('reason', 'the event ids are recorded with other content or in another stream',
                                          'eventIds', v_found_ids)::text;
          END IF;
          -- Same stream, same content. It is the retry of one earlier append only if the events
          -- hold consecutive revisions in this order, make up everything that append wrote (one
          -- transaction), and the expected revision is one that append could have been made with.
          SELECT f.revision, f.transaction_id
            INTO v_first_revision, v_first_transaction
            FROM es_events f WHERE f.event_id = v_ids[1];
          SELECT count(*) FILTER (WHERE e.revision = v_first_revision + n.ord - 1
                                    AND e.transaction_id = v_first_transaction)
            INTO v_matching
            FROM unnest(v_ids) WITH ORDINALITY AS n(id, ord)
            CROSS JOIN LATERAL (SELECT * FROM es_events x WHERE x.event_id = n.id) e;
          -- Did that append write more (a neighbour revision in the same transaction)?
          SELECT count(*) INTO v_neighbours
            FROM es_events e
           WHERE e.stream_name = p_stream_name
             AND e.revision IN (v_first_revision - 1, v_first_revision + v_count)
             AND e.transaction_id = v_first_transaction;
          IF v_matching < v_count
             OR v_neighbours > 0
             OR (p_expected_kind = 'revision' AND p_expected_revision <> v_first_revision - 1)
             OR (p_expected_kind = 'no_stream' AND v_first_revision <> 0)
             OR (p_expected_kind = 'stream_exists' AND v_first_revision = 0) THEN
            RAISE EXCEPTION USING ERRCODE = 'ESIDC',
              MESSAGE = format('stream %s: event ids recorded by another append', p_stream_name),
              DETAIL = jsonb_build_object('reason', 'the event ids were recorded by another append',
                                          'eventIds', v_found_ids)::text;
          END IF;
          SELECT e.revision, e.transaction_id, e.global_position, true
            INTO o_next_revision, o_transaction_id, o_global_position, o_idempotent
            FROM es_events e
           WHERE e.stream_name = p_stream_name AND e.revision = v_first_revision + v_count - 1;
          RETURN;
        END IF;

        -- 3. The expected revision, checked under the lock.
        IF (p_expected_kind = 'no_stream' AND v_current <> -1)
           OR (p_expected_kind = 'stream_exists' AND v_current = -1)
           OR (p_expected_kind = 'revision' AND v_current <> p_expected_revision) THEN
          RAISE EXCEPTION USING ERRCODE = 'ESWEV',
            MESSAGE = format('stream %s: wrong expected revision', p_stream_name),
            DETAIL = jsonb_build_object('actual', v_current::text)::text;
        END IF;

        -- 4. Append. Rows are inserted in batch order, so positions follow revisions.
        WITH inserted AS (
          INSERT INTO es_events (stream_name, revision, event_id, type, data, metadata)
          SELECT p_stream_name, v_current + n.ord, (n.event->>'id')::uuid, n.event->>'type',
                 n.event->'data', n.event->'metadata'
            FROM jsonb_array_elements(p_events) WITH ORDINALITY AS n(event, ord)
           ORDER BY n.ord
          RETURNING es_events.global_position
        )
        SELECT max(i.global_position) INTO o_global_position FROM inserted i;
        o_next_revision := v_current + v_count;
        o_transaction_id := pg_current_xact_id();
        o_idempotent := false;

        INSERT INTO es_streams AS s (stream_name, revision) VALUES (p_stream_name, o_next_revision)
          ON CONFLICT (stream_name) DO UPDATE SET revision = EXCLUDED.revision, updated_at = now();

      END
      $fn$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION es_append_to_stream(text, text, bigint, jsonb)');
    await queryRunner.query('DROP TABLE es_events');
    await queryRunner.query('DROP TABLE es_streams');
  }
}
