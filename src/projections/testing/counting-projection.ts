import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventStore, NewEvent, RecordedEvent } from '../../event-store/event-store.port';
import type { SqlRunner } from '../checkpoint-store';
import type { Projection } from '../projection';

/**
 * A test projection that is deliberately NOT idempotent: every applied event adds a row to
 * `counted_log` and its amount to `counted_totals`, so an event applied twice (or skipped) shows
 * up in the rows.
 */
export class CountingProjection implements Projection {
  readonly eventTypes = ['Counted'];
  readonly tables = ['counted_totals', 'counted_log'];
  /** Events handed to `handle`, including those of rolled-back batches. */
  handledEvents = 0;
  /** Throw while handling an event this returns true for. */
  failWhen: ((event: RecordedEvent) => boolean) | undefined;
  /** Awaited inside each batch's transaction before it commits (to hold a batch in flight). */
  beforeCommit: (() => Promise<void>) | undefined;

  constructor(
    readonly name = 'counting',
    readonly version = 1,
  ) {}

  async handle(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) {
      this.handledEvents += 1;
      if (this.failWhen?.(event)) throw new Error(`cannot count event ${event.id}`);
      const amount = Number(event.data.amount);
      await manager.query(
        'INSERT INTO counted_log (event_id, key, amount, version) VALUES ($1, $2, $3, $4)',
        [event.id, event.data.key, amount, this.version],
      );
      await manager.query(
        `INSERT INTO counted_totals (key, total, events) VALUES ($1, $2, 1)
         ON CONFLICT (key) DO UPDATE
         SET total = counted_totals.total + EXCLUDED.total, events = counted_totals.events + 1`,
        [event.data.key, amount],
      );
    }
    await this.beforeCommit?.();
  }
}

/** The read-model tables of CountingProjection (a feature would ship them as a migration). */
export async function createCountingTables(sql: SqlRunner): Promise<void> {
  await sql.query(`
    CREATE TABLE counted_totals (
      key    text CONSTRAINT "PK_counted_totals" PRIMARY KEY,
      total  integer NOT NULL CHECK (total >= 0),
      events integer NOT NULL
    )`);
  await sql.query(`
    CREATE TABLE counted_log (
      id       serial CONSTRAINT "PK_counted_log" PRIMARY KEY,
      event_id uuid NOT NULL,
      key      text NOT NULL CONSTRAINT "FK_counted_log_key" REFERENCES counted_totals (key)
               DEFERRABLE INITIALLY DEFERRED,
      amount   integer NOT NULL,
      version  integer NOT NULL
    )`);
  await sql.query('CREATE INDEX "IDX_counted_log_key" ON counted_log (key, id)');
}

export function countedEvent(key: string, amount: number, type = 'Counted'): NewEvent {
  return {
    id: randomUUID(),
    type,
    data: { key, amount },
    metadata: {
      actor: { type: 'system', id: 'test' },
      correlationId: randomUUID(),
      causationId: null,
      occurredAt: '2026-01-05T09:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

/**
 * Appends `count` Counted events (amounts 1..count) to `stream`, in batches of `perAppend`, and
 * (unless `waitUntilReadable` is false) returns once they are readable in global order. The
 * PostgreSQL store shows an event only when no older write transaction anywhere in the cluster
 * is still open; parallel test files make that a real delay, during which "caught up" would be
 * true without the new events. Returns the id of the last event.
 */
export async function appendCounted(
  store: EventStore,
  stream: string,
  count: number,
  key = 'k',
  perAppend = 1,
  waitUntilReadable = true,
): Promise<string | undefined> {
  let lastId: string | undefined;
  for (let i = 0; i < count; i += perAppend) {
    const events = [];
    for (let j = i; j < Math.min(count, i + perAppend); j++) events.push(countedEvent(key, j + 1));
    await store.appendToStream(stream, events, { expectedRevision: 'any' });
    lastId = events.at(-1)?.id;
  }
  if (waitUntilReadable && lastId !== undefined) await untilReadable(store, lastId);
  return lastId;
}

export async function untilReadable(store: EventStore, eventId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const log = await store.readAll({ maxCount: 100_000 });
    if (log.some((event) => event.id === eventId)) return;
    if (attempt > 1_000) throw new Error(`event ${eventId} did not become readable`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface CountedRows {
  readonly totals: { key: string; total: number; events: number }[];
  readonly log: { event_id: string; key: string; amount: number; version: number }[];
}

export async function countedRows(sql: SqlRunner, schema = 'public'): Promise<CountedRows> {
  const totals = (await sql.query(
    `SELECT key, total, events FROM "${schema}".counted_totals ORDER BY key`,
  )) as CountedRows['totals'];
  const log = (await sql.query(
    `SELECT event_id, key, amount, version FROM "${schema}".counted_log ORDER BY id`,
  )) as CountedRows['log'];
  return { totals, log };
}
