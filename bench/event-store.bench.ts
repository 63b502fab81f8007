/**
 * npm run bench:event-store
 *
 * Appends single events and 10-event batches to many streams at 1, 8 and 32 concurrent writers
 * for a fixed time each (BENCH_SECONDS, default 10, run as 5 slices alternating with the
 * reference), then reads the whole log back through a subscription. In the same run, against the same database, the same rows are written by plain
 * parameterised INSERTs into a bare table (the physical reference: no stream lock, no revision
 * check, no idempotency, no global order) and read back by keyset paging, with ratios.
 *
 * DATABASE_URL: a fresh database on that server (dropped afterwards); unset: an embedded
 * PostgreSQL in a temporary directory with default durability (fsync, synchronous_commit on).
 */
import * as os from 'node:os';
import { Pool } from 'pg';
import type { ExpectedRevision, NewEvent } from '../src/event-store/event-store.port';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store';
import { openBenchDatabase } from './support/bench-database';
import { runFor, timed, type Throughput } from './support/measure';
import { benchEvent, eventBytes } from './support/payload';
import { markdownTable, type ResultRow } from './support/report';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WRITER_COUNTS = [1, 8, 32];
const BATCH_SIZES = [1, 10];
const STREAMS_PER_WRITER = 100;
const READ_BATCH = 500;
/** Each run alternates this many slices of ours and of the reference. */
const SLICES = 5;

const log = (message: string): void => {
  process.stderr.write(`${message}\n`);
};

const REFERENCE_TABLE = `
  CREATE TABLE bench_reference (
    global_position bigserial PRIMARY KEY,
    stream_name     text NOT NULL,
    revision        bigint NOT NULL,
    event_id        uuid NOT NULL,
    type            text NOT NULL,
    data            jsonb NOT NULL,
    metadata        jsonb NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
  )`;

function referenceInsert(batch: number): { name: string; text: string } {
  const rows = Array.from({ length: batch }, (_, row) => {
    const p = row * 6;
    return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}::jsonb, $${p + 6}::jsonb)`;
  });
  return {
    name: `bench_reference_insert_${batch}`,
    text: `INSERT INTO bench_reference (stream_name, revision, event_id, type, data, metadata) VALUES ${rows.join(', ')}`,
  };
}

/** Each writer appends round-robin to its own streams with exact expected revisions. */
class StreamCursor {
  private readonly revisions: ExpectedRevision[];
  private next = 0;

  constructor(
    private readonly prefix: string,
    count: number,
  ) {
    this.revisions = Array.from({ length: count }, () => 'no_stream');
  }

  take(): { stream: string; index: number; expected: ExpectedRevision } {
    const index = this.next;
    this.next = (this.next + 1) % this.revisions.length;
    return { stream: `${this.prefix}-${index}`, index, expected: this.revisions[index] };
  }

  advance(index: number, revision: bigint): void {
    this.revisions[index] = revision;
  }

  /** For the reference writer: the revision the next event of the stream would have. */
  nextRevision(index: number): bigint {
    const current = this.revisions[index];
    return typeof current === 'bigint' ? current + 1n : 0n;
  }
}

function combine(slices: readonly Throughput[]): Throughput {
  const events = slices.reduce((sum, slice) => sum + slice.events, 0);
  const seconds = slices.reduce((sum, slice) => sum + slice.seconds, 0);
  return { events, seconds, perSecond: events / seconds };
}

function batchOf(size: number): NewEvent[] {
  return Array.from({ length: size }, (_, index) => benchEvent(index));
}

async function main(): Promise<void> {
  const database = await openBenchDatabase(log);
  const pool = new Pool({ connectionString: database.url, max: Math.max(...WRITER_COUNTS) + 4 });
  pool.on('error', () => undefined);
  const store = new PostgresEventStore(pool);
  const rows: ResultRow[] = [];
  try {
    await pool.query(REFERENCE_TABLE);
    const settings = await pool.query<{ name: string; setting: string }>(
      `SELECT name, setting FROM pg_settings
        WHERE name IN ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_wal_size')
        ORDER BY name`,
    );
    const version = await pool.query<{ version: string }>('SELECT version()');
    // Warm-up (not reported): plan caches, the PL/pgSQL function, connections, buffers.
    log('warming up');
    // Every event the harness counts, so the rows in the tables can confirm the tally.
    let countedOurs = (await measureStore(store, 8, 1, 'warmup', 1)).events;
    let countedReference = (await measureReference(pool, 8, 1, 'warmup', 1)).events;
    log(`benchmarking ${SECONDS} s per run`);

    let run = 0;
    for (const batch of BATCH_SIZES) {
      for (const writers of WRITER_COUNTS) {
        run += 1;
        const workload = batch === 1 ? 'append 1 event' : `append ${batch}-event batch`;
        // Alternating slices, so a change in machine load hits both sides alike.
        const oursSlices: Throughput[] = [];
        const referenceSlices: Throughput[] = [];
        for (let slice = 0; slice < SLICES; slice += 1) {
          const seconds = SECONDS / SLICES;
          oursSlices.push(await measureStore(store, writers, batch, `r${run}s${slice}`, seconds));
          referenceSlices.push(
            await measureReference(pool, writers, batch, `r${run}s${slice}`, seconds),
          );
        }
        const ours = combine(oursSlices);
        const reference = combine(referenceSlices);
        countedOurs += ours.events;
        countedReference += reference.events;
        log(
          `${workload}, ${writers} writers: ${Math.round(ours.perSecond)} vs ${Math.round(reference.perSecond)} events/s`,
        );
        rows.push({ workload, writers, ours: ours.perSecond, reference: reference.perSecond });
      }
    }

    await assertRowCount(pool, 'es_events', countedOurs);
    await assertRowCount(pool, 'bench_reference', countedReference);

    const readOurs = await readThroughSubscription(store, pool);
    const readReference = await readReferenceTable(pool);
    log(
      `read: ${Math.round(readOurs.perSecond)} vs ${Math.round(readReference.perSecond)} events/s`,
    );
    rows.push({
      workload: `read the whole log (${readOurs.events.toLocaleString('en-US')} events): subscription vs keyset paging`,
      writers: '–',
      ours: readOurs.perSecond,
      reference: readReference.perSecond,
    });

    const cpus = os.cpus();
    const setting = (name: string): string =>
      settings.rows.find((row) => row.name === name)?.setting ?? '?';
    process.stdout.write(
      [
        `## Event store benchmark (${SECONDS} s per run)`,
        '',
        `- machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}`,
        `- database: ${database.description}; ${version.rows[0].version.split(',')[0]}`,
        `- settings: fsync=${setting('fsync')}, synchronous_commit=${setting('synchronous_commit')}, wal_sync_method=${setting('wal_sync_method')}, shared_buffers=${setting('shared_buffers')} × 8kB`,
        `- Node ${process.version}; events of ${eventBytes(benchEvent(0))} bytes of JSON; ${STREAMS_PER_WRITER} streams per writer, exact expected revisions`,
        '',
        markdownTable(rows),
        '',
      ].join('\n'),
    );
  } finally {
    await store.close();
    await pool.end();
    await database.close();
  }
}

async function measureStore(
  store: PostgresEventStore,
  writers: number,
  batch: number,
  run: string,
  seconds = SECONDS,
): Promise<Throughput> {
  const cursors = Array.from(
    { length: writers },
    (_, writer) => new StreamCursor(`bench${run}w${writer}`, STREAMS_PER_WRITER),
  );
  return runFor(seconds, writers, async (writer) => {
    const cursor = cursors[writer];
    const { stream, index, expected } = cursor.take();
    const result = await store.appendToStream(stream, batchOf(batch), {
      expectedRevision: expected,
    });
    cursor.advance(index, result.nextExpectedRevision);
    return batch;
  });
}

async function measureReference(
  pool: Pool,
  writers: number,
  batch: number,
  run: string,
  seconds = SECONDS,
): Promise<Throughput> {
  const cursors = Array.from(
    { length: writers },
    (_, writer) => new StreamCursor(`ref${run}w${writer}`, STREAMS_PER_WRITER),
  );
  const statement = referenceInsert(batch);
  return runFor(seconds, writers, async (writer) => {
    const cursor = cursors[writer];
    const { stream, index } = cursor.take();
    const first = cursor.nextRevision(index);
    const values = batchOf(batch).flatMap((event, offset) => [
      stream,
      (first + BigInt(offset)).toString(),
      event.id,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
    ]);
    await pool.query({ ...statement, values });
    cursor.advance(index, first + BigInt(batch - 1));
    return batch;
  });
}

/** The harness's own tally must match the rows written, or the rates above are wrong. */
async function assertRowCount(pool: Pool, table: string, counted: number): Promise<void> {
  const { rows } = await pool.query<{ count: string }>(`SELECT count(*) AS count FROM ${table}`);
  const stored = Number(rows[0].count);
  if (stored !== counted) {
    throw new Error(`counted ${counted} events written to ${table}, but it holds ${stored} rows`);
  }
}

/** Catch-up subscription from the start until every event written has been delivered. */
async function readThroughSubscription(store: PostgresEventStore, pool: Pool): Promise<Throughput> {
  const total = Number(
    (await pool.query<{ count: string }>('SELECT count(*) AS count FROM es_events')).rows[0].count,
  );
  const { result, seconds } = await timed(async () => {
    const subscription = store.subscribeToAll({ from: 'start', maxBatchSize: READ_BATCH });
    let read = 0;
    for await (const batch of subscription) {
      read += batch.length;
      if (read >= total) break;
    }
    await subscription.close();
    return read;
  });
  if (result !== total) throw new Error(`subscription delivered ${result} of ${total} events`);
  return { events: total, seconds, perSecond: total / seconds };
}

/** The reference read: keyset paging by global_position, JSON parsed the same way. */
async function readReferenceTable(pool: Pool): Promise<Throughput> {
  const { result: total, seconds } = await timed(async () => {
    let after = '0';
    let read = 0;
    for (;;) {
      const page = await pool.query<{ global_position: string }>({
        name: 'bench_reference_read',
        // Qualified column names: a bare ORDER BY global_position would sort by the text alias.
        // LIMIT as a literal: with a parameter, the generic plan may sort the whole table.
        text: `SELECT r.global_position::text AS global_position, r.stream_name,
                      r.revision::text AS revision, r.event_id::text AS event_id, r.type, r.data,
                      r.metadata, r.recorded_at
                 FROM bench_reference r
                WHERE r.global_position > $1
                ORDER BY r.global_position
                LIMIT ${READ_BATCH}`,
        values: [after],
      });
      read += page.rows.length;
      if (page.rows.length < READ_BATCH) break;
      after = page.rows[page.rows.length - 1].global_position;
    }
    return read;
  });
  const count = await pool.query<{ count: string }>(
    'SELECT count(*) AS count FROM bench_reference',
  );
  const expected = Number(count.rows[0].count);
  if (total !== expected) throw new Error(`reference read ${total} of ${expected} rows`);
  return { events: total, seconds, perSecond: total / seconds };
}

main().catch((error: unknown) => {
  process.stderr.write(
    `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
