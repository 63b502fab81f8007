/**
 * THE event store contract: one jest suite every adapter runs (PostgreSQL in
 * postgres/postgres-event-store.int.spec.ts, EventStoreDB in esdb/). It uses the port only, and
 * unique stream names and categories per test, so it also runs against a shared server.
 */
import { randomUUID } from 'node:crypto';
import { EventIdConflictError, WrongExpectedVersionError } from './event-store.errors';
import {
  checkpoint,
  idsOf,
  newEvent,
  newEvents,
  readAllAfter,
  readAllEventually,
  rejectionOf,
  sleep,
  StreamNames,
  SubscriptionReader,
} from './event-store.contract.support';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  RecordedEvent,
} from './event-store.port';

export interface EventStoreHarness {
  readonly store: EventStore;
  teardown(): Promise<void>;
}

function revisionsOf(events: readonly RecordedEvent[]): bigint[] {
  return events.map((event) => event.revision);
}

function range(from: number, count: number): bigint[] {
  return Array.from({ length: count }, (_, index) => BigInt(from + index));
}

async function expectWrongExpectedVersion(
  append: Promise<unknown>,
  streamName: string,
  expected: ExpectedRevision,
  actual: bigint,
): Promise<void> {
  const error = await rejectionOf(append);
  expect(error).toBeInstanceOf(WrongExpectedVersionError);
  const wrong = error as WrongExpectedVersionError;
  expect({ streamName: wrong.streamName, expected: wrong.expected, actual: wrong.actual }).toEqual({
    streamName,
    expected,
    actual,
  });
}

async function expectIdConflict(
  append: Promise<unknown>,
  streamName: string,
): Promise<EventIdConflictError> {
  const error = await rejectionOf(append);
  expect(error).toBeInstanceOf(EventIdConflictError);
  expect((error as EventIdConflictError).streamName).toBe(streamName);
  return error as EventIdConflictError;
}

export function describeEventStoreContract(
  adapterName: string,
  setup: () => Promise<EventStoreHarness>,
): void {
  describe(`event store contract: ${adapterName}`, () => {
    let harness: EventStoreHarness | undefined;
    let store: EventStore;
    const names = new StreamNames();

    beforeAll(async () => {
      harness = await setup();
      store = harness.store;
    });

    afterAll(async () => {
      await harness?.teardown();
    });

    describe('appendToStream and expected revisions', () => {
      it("'no_stream' creates the stream at revision 0 and then fails with the actual revision", async () => {
        const stream = names.stream();
        const first = await store.appendToStream(stream, [newEvent()], {
          expectedRevision: 'no_stream',
        });
        expect(first.nextExpectedRevision).toBe(0n);
        expect(typeof first.position).toBe('string');

        await expectWrongExpectedVersion(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
          stream,
          'no_stream',
          0n,
        );
        expect(revisionsOf(await store.readStream(stream))).toEqual([0n]);
      });

      it("'stream_exists' fails on a missing stream (actual -1) and appends to an existing one", async () => {
        const stream = names.stream();
        await expectWrongExpectedVersion(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
          stream,
          'stream_exists',
          -1n,
        );
        expect(await store.readStream(stream)).toEqual([]);

        await store.appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' });
        const result = await store.appendToStream(stream, [newEvent()], {
          expectedRevision: 'stream_exists',
        });
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it("'any' appends to a missing and to an existing stream", async () => {
        const stream = names.stream();
        expect(
          (await store.appendToStream(stream, newEvents(2), { expectedRevision: 'any' }))
            .nextExpectedRevision,
        ).toBe(1n);
        expect(
          (await store.appendToStream(stream, newEvents(3), { expectedRevision: 'any' }))
            .nextExpectedRevision,
        ).toBe(4n);
        expect(revisionsOf(await store.readStream(stream))).toEqual(range(0, 5));
      });

      it('an exact revision appends when it is the current one and fails with the actual one otherwise', async () => {
        const stream = names.stream();
        await expectWrongExpectedVersion(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 0n }),
          stream,
          0n,
          -1n,
        );
        const created = await store.appendToStream(stream, newEvents(3), {
          expectedRevision: 'no_stream',
        });
        expect(created.nextExpectedRevision).toBe(2n);

        await expectWrongExpectedVersion(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 1n }),
          stream,
          1n,
          2n,
        );
        await expectWrongExpectedVersion(
          store.appendToStream(stream, [newEvent()], { expectedRevision: 3n }),
          stream,
          3n,
          2n,
        );
        const next = await store.appendToStream(stream, [newEvent()], { expectedRevision: 2n });
        expect(next.nextExpectedRevision).toBe(3n);
        expect(revisionsOf(await store.readStream(stream))).toEqual(range(0, 4));
      });

      it('expected revision -1 is the empty stream: like no_stream', async () => {
        const stream = names.stream();
        expect(
          (await store.appendToStream(stream, [newEvent()], { expectedRevision: -1n }))
            .nextExpectedRevision,
        ).toBe(0n);
        await expectWrongExpectedVersion(
          store.appendToStream(stream, [newEvent()], { expectedRevision: -1n }),
          stream,
          -1n,
          0n,
        );
      });

      it('a rejected append writes nothing', async () => {
        const stream = names.stream();
        const original = newEvents(2);
        await store.appendToStream(stream, original, { expectedRevision: 'no_stream' });
        const rejected = newEvents(2);
        await rejectionOf(store.appendToStream(stream, rejected, { expectedRevision: 0n }));
        expect(idsOf(await store.readStream(stream))).toEqual(idsOf(original));
        // The rejected ids are free: the same events append once the revision is right.
        const retried = await store.appendToStream(stream, rejected, { expectedRevision: 1n });
        expect(retried.nextExpectedRevision).toBe(3n);
      });

      it('records every field of the event, 0-based revisions and the append position', async () => {
        const category = names.category();
        const stream = names.stream(category);
        const event: NewEvent = {
          id: randomUUID(),
          type: 'TicketOpened',
          data: {
            title: 'Printer on fire',
            priority: 2,
            tags: ['hardware', 'urgent'],
            nested: { a: null },
          },
          metadata: {
            actor: { type: 'customer', id: 'c-42' },
            correlationId: randomUUID(),
            causationId: randomUUID(),
            occurredAt: '2026-01-05T09:30:00.000Z',
            schemaVersion: 3,
            requestId: 'req-1',
          },
        };
        const from = await checkpoint(store);
        const result = await store.appendToStream(stream, [event], {
          expectedRevision: 'no_stream',
        });
        const [recorded] = await store.readStream(stream);

        expect(recorded).toEqual({
          id: event.id,
          type: event.type,
          data: event.data,
          metadata: event.metadata,
          streamName: stream,
          revision: 0n,
          position: result.position,
          recordedAt: expect.any(Date) as Date,
        });
        expect(Number.isNaN(recorded.recordedAt.getTime())).toBe(false);
        const [viaAll] = await readAllEventually(store, from, `${category}-`, 1);
        expect(viaAll).toEqual(recorded);
      });
    });

    describe('readStream', () => {
      let stream: string;
      let events: NewEvent[];

      beforeAll(async () => {
        stream = names.stream();
        events = newEvents(5);
        await store.appendToStream(stream, events.slice(0, 2), { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, events.slice(2), { expectedRevision: 1n });
      });

      it('returns an empty array for a stream that does not exist', async () => {
        expect(await store.readStream(names.stream())).toEqual([]);
        expect(await store.readStream(names.stream(), { direction: 'backwards' })).toEqual([]);
      });

      it('reads forwards from the start by default', async () => {
        const read = await store.readStream(stream);
        expect(idsOf(read)).toEqual(idsOf(events));
        expect(revisionsOf(read)).toEqual(range(0, 5));
        expect(read.every((event) => event.streamName === stream)).toBe(true);
      });

      it('reads forwards from a revision, up to maxCount', async () => {
        expect(revisionsOf(await store.readStream(stream, { fromRevision: 2n }))).toEqual([
          2n,
          3n,
          4n,
        ]);
        expect(
          revisionsOf(await store.readStream(stream, { fromRevision: 1n, maxCount: 2 })),
        ).toEqual([1n, 2n]);
        expect(await store.readStream(stream, { fromRevision: 5n })).toEqual([]);
      });

      it('reads backwards from the end, or from a revision, up to maxCount', async () => {
        expect(revisionsOf(await store.readStream(stream, { direction: 'backwards' }))).toEqual([
          4n,
          3n,
          2n,
          1n,
          0n,
        ]);
        expect(
          revisionsOf(
            await store.readStream(stream, {
              direction: 'backwards',
              fromRevision: 3n,
              maxCount: 2,
            }),
          ),
        ).toEqual([3n, 2n]);
        expect(
          revisionsOf(await store.readStream(stream, { direction: 'backwards', maxCount: 1 })),
        ).toEqual([4n]);
      });
    });

    describe('readAll', () => {
      it('returns events of every stream in the order they were appended', async () => {
        const category = names.category();
        const [a, b] = [names.stream(category), names.stream(category)];
        const from = await checkpoint(store);
        const a1 = newEvents(2);
        const b1 = newEvents(1);
        const a2 = newEvents(3);
        await store.appendToStream(a, a1, { expectedRevision: 'no_stream' });
        await store.appendToStream(b, b1, { expectedRevision: 'no_stream' });
        await store.appendToStream(a, a2, { expectedRevision: 1n });

        const all = await readAllEventually(store, from, `${category}-`, 6);
        expect(idsOf(all)).toEqual(idsOf([...a1, ...b1, ...a2]));
        expect(all.map((event) => [event.streamName, event.revision])).toEqual([
          [a, 0n],
          [a, 1n],
          [b, 0n],
          [a, 2n],
          [a, 3n],
          [a, 4n],
        ]);
      });

      it('reads after an append position exactly the events appended after it, page by page', async () => {
        const category = names.category();
        const stream = names.stream(category);
        const first = await store.appendToStream(stream, newEvents(3), {
          expectedRevision: 'no_stream',
        });
        const later = [...newEvents(2), ...newEvents(2)];
        await store.appendToStream(stream, later.slice(0, 2), {
          expectedRevision: first.nextExpectedRevision,
        });
        await store.appendToStream(names.stream(category), later.slice(2), {
          expectedRevision: 'no_stream',
        });

        const after = await readAllEventually(store, first.position, `${category}-`, 4);
        expect(idsOf(after)).toEqual(idsOf(later));
        // Paging with maxCount 1 from each returned position walks the same sequence.
        const paged = await readAllAfter(store, first.position, `${category}-`, 1);
        expect(idsOf(paged)).toEqual(idsOf(later));
        expect(
          await store.readAll({
            from: after[3].position,
            maxCount: 10,
            filter: { streamPrefixes: [`${category}-`] },
          }),
        ).toEqual([]);
      });

      it('filters by stream prefix and by event type', async () => {
        const [left, right] = [names.category(), names.category()];
        const from = await checkpoint(store);
        const opened = newEvent('Opened');
        const closed = newEvent('Closed');
        const other = newEvent('Opened');
        await store.appendToStream(names.stream(left), [opened, closed], {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(names.stream(right), [other], { expectedRevision: 'no_stream' });
        await readAllEventually(store, from, `${right}-`, 1);

        const lefts = await store.readAll({
          from,
          maxCount: 100,
          filter: { streamPrefixes: [`${left}-`] },
        });
        expect(idsOf(lefts)).toEqual([opened.id, closed.id]);
        const both = await store.readAll({
          from,
          maxCount: 100,
          filter: { streamPrefixes: [`${left}-`, `${right}-`], eventTypes: ['Opened'] },
        });
        expect(idsOf(both)).toEqual([opened.id, other.id]);
      });

      it('counts the events after a position and knows the head', async () => {
        const category = names.category();
        const from = await checkpoint(store);
        await store.appendToStream(names.stream(category), newEvents(4, 'Counted'), {
          expectedRevision: 'no_stream',
        });
        const events = await readAllEventually(store, from, `${category}-`, 4);
        expect(await store.countEventsAfter(from, { streamPrefixes: [`${category}-`] })).toBe(4);
        expect(
          await store.countEventsAfter(events[1].position, { streamPrefixes: [`${category}-`] }),
        ).toBe(2);
        expect(
          await store.countEventsAfter(from, {
            streamPrefixes: [`${category}-`],
            eventTypes: ['Nope'],
          }),
        ).toBe(0);

        const head = await store.headPosition();
        expect(head).not.toBeNull();
        // The head is at or after our last event: nothing of ours lies after it.
        expect(
          await store.readAll({
            from: head!,
            maxCount: 10,
            filter: { streamPrefixes: [`${category}-`] },
          }),
        ).toEqual([]);
      });
    });

    describe('idempotent appends', () => {
      it('a retry with the same ids at the same expected revision returns the original result and writes nothing', async () => {
        const category = names.category();
        const stream = names.stream(category);
        const from = await checkpoint(store);
        await store.appendToStream(stream, newEvents(2), { expectedRevision: 'no_stream' });
        const batch = newEvents(3);
        const original = await store.appendToStream(stream, batch, { expectedRevision: 1n });

        const retried = await store.appendToStream(stream, batch, { expectedRevision: 1n });
        expect(retried).toEqual(original);
        expect(revisionsOf(await store.readStream(stream))).toEqual(range(0, 5));
        const all = await readAllEventually(store, from, `${category}-`, 5);
        expect(all).toHaveLength(5);
        expect(all[4].position).toBe(original.position);
      });

      it('recognises the retry after the stream has moved on', async () => {
        const stream = names.stream();
        const batch = newEvents(2);
        const original = await store.appendToStream(stream, batch, {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(stream, newEvents(2), { expectedRevision: 1n });

        expect(
          await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' }),
        ).toEqual(original);
        expect(await store.appendToStream(stream, batch, { expectedRevision: -1n })).toEqual(
          original,
        );
        expect(await store.appendToStream(stream, batch, { expectedRevision: 'any' })).toEqual(
          original,
        );
        expect(revisionsOf(await store.readStream(stream))).toEqual(range(0, 4));
      });

      it('concurrent retries of one append write it once and all get its result', async () => {
        const stream = names.stream();
        const batch = newEvents(3);
        const results = await Promise.all(
          Array.from({ length: 8 }, () =>
            store.appendToStream(stream, batch, { expectedRevision: 'no_stream' }),
          ),
        );
        expect(
          new Set(results.map((result) => `${result.nextExpectedRevision}@${result.position}`))
            .size,
        ).toBe(1);
        expect(results[0].nextExpectedRevision).toBe(2n);
        expect(idsOf(await store.readStream(stream))).toEqual(idsOf(batch));
      });

      it('the same ids with different content are a conflict', async () => {
        const stream = names.stream();
        const batch = newEvents(2);
        await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });

        const otherData = batch.map((event, index) =>
          index === 1 ? { ...event, data: { changed: true } } : event,
        );
        await expectIdConflict(
          store.appendToStream(stream, otherData, { expectedRevision: 'no_stream' }),
          stream,
        );
        const otherType = batch.map((event) => ({ ...event, type: 'SomethingElse' }));
        await expectIdConflict(
          store.appendToStream(stream, otherType, { expectedRevision: 'no_stream' }),
          stream,
        );
        const otherMetadata = batch.map((event) => ({
          ...event,
          metadata: { ...event.metadata, schemaVersion: 99 },
        }));
        await expectIdConflict(
          store.appendToStream(stream, otherMetadata, { expectedRevision: 'no_stream' }),
          stream,
        );
        expect(idsOf(await store.readStream(stream))).toEqual(idsOf(batch));
      });

      it('a batch of which only some ids are recorded is a conflict and writes nothing', async () => {
        const stream = names.stream();
        const batch = newEvents(2);
        await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        const fresh = newEvent();

        await expectIdConflict(
          store.appendToStream(stream, [batch[1], fresh], { expectedRevision: 'any' }),
          stream,
        );
        await expectIdConflict(
          store.appendToStream(stream, [fresh, batch[0]], { expectedRevision: 1n }),
          stream,
        );
        expect(idsOf(await store.readStream(stream))).toEqual(idsOf(batch));
      });

      it('ids recorded in another stream are a conflict', async () => {
        const [first, second] = [names.stream(), names.stream()];
        const batch = newEvents(2);
        await store.appendToStream(first, batch, { expectedRevision: 'no_stream' });
        await expectIdConflict(
          store.appendToStream(second, batch, { expectedRevision: 'no_stream' }),
          second,
        );
        expect(await store.readStream(second)).toEqual([]);
      });

      it('the same ids appended concurrently to two streams land in one of them only', async () => {
        const [first, second] = [names.stream(), names.stream()];
        const batch = newEvents(3);
        const outcomes = await Promise.allSettled([
          store.appendToStream(first, batch, { expectedRevision: 'no_stream' }),
          store.appendToStream(second, batch, { expectedRevision: 'no_stream' }),
        ]);
        expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
        const rejected = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
        );
        expect(rejected).toHaveLength(1);
        expect(rejected[0]).toBeInstanceOf(EventIdConflictError);
        const lengths = [
          (await store.readStream(first)).length,
          (await store.readStream(second)).length,
        ];
        expect(lengths.sort()).toEqual([0, 3]);
      });

      it('ids recorded at other revisions are not a retry of this append', async () => {
        const stream = names.stream();
        const batch = newEvents(2);
        await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
        await store.appendToStream(stream, newEvents(1), { expectedRevision: 1n });
        await expectIdConflict(
          store.appendToStream(stream, batch, { expectedRevision: 2n }),
          stream,
        );
        expect(revisionsOf(await store.readStream(stream))).toEqual(range(0, 3));
      });
    });

    describe('concurrent appends', () => {
      it("20 concurrent 'any' appends to one stream all succeed with gapless revisions 0..19", async () => {
        const stream = names.stream();
        const events = newEvents(20);
        const results = await Promise.all(
          events.map((event) => store.appendToStream(stream, [event], { expectedRevision: 'any' })),
        );
        const revisions = results
          .map((result) => result.nextExpectedRevision)
          .sort((a, b) => (a < b ? -1 : 1));
        expect(revisions).toEqual(range(0, 20));
        const read = await store.readStream(stream);
        expect(revisionsOf(read)).toEqual(range(0, 20));
        expect(new Set(idsOf(read))).toEqual(new Set(idsOf(events)));
      });

      it("of 10 concurrent 'no_stream' appends exactly one wins; the others see revision 0", async () => {
        const stream = names.stream();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
          ),
        );
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
        );
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(9);
        for (const error of lost) {
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect((error as WrongExpectedVersionError).actual).toBe(0n);
        }
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('concurrent appends to one stream reach the global log in revision order', async () => {
        // Appends that queue for the same (new) stream must also be ordered that way in readAll
        // and subscriptions: a reader must never see revision 2 before revision 1.
        const category = names.category();
        const from = await checkpoint(store);
        const streams = Array.from({ length: 8 }, () => names.stream(category));
        await Promise.all(
          streams.flatMap((stream) =>
            Array.from({ length: 8 }, () =>
              store.appendToStream(stream, newEvents(2), { expectedRevision: 'any' }),
            ),
          ),
        );
        const all = await readAllEventually(store, from, `${category}-`, 8 * 8 * 2);
        for (const stream of streams) {
          const revisions = all
            .filter((event) => event.streamName === stream)
            .map((event) => event.revision);
          expect(revisions).toEqual(range(0, 16));
        }
      });

      it('of 10 concurrent appends at the same exact revision exactly one wins', async () => {
        const stream = names.stream();
        await store.appendToStream(stream, newEvents(3), { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 10 }, () =>
            store.appendToStream(stream, newEvents(2), { expectedRevision: 2n }),
          ),
        );
        const won = outcomes.flatMap((outcome) =>
          outcome.status === 'fulfilled' ? [outcome.value] : [],
        );
        expect(won.map((result: AppendResult) => result.nextExpectedRevision)).toEqual([4n]);
        for (const outcome of outcomes) {
          if (outcome.status === 'rejected') {
            expect(outcome.reason).toBeInstanceOf(WrongExpectedVersionError);
            expect((outcome.reason as WrongExpectedVersionError).actual).toBe(4n);
          }
        }
        expect(revisionsOf(await store.readStream(stream))).toEqual(range(0, 5));
      });
    });

    describe('subscribeToAll', () => {
      it('catches up on history, then follows live appends, in global order', async () => {
        const category = names.category();
        const stream = names.stream(category);
        const from = await checkpoint(store);
        const history = newEvents(3);
        await store.appendToStream(stream, history, { expectedRevision: 'no_stream' });

        const reader = new SubscriptionReader(
          store.subscribeToAll({ from, filter: { streamPrefixes: [`${category}-`] } }),
        );
        try {
          expect(idsOf(await reader.readCount(3))).toEqual(idsOf(history));
          const live = newEvents(2);
          await store.appendToStream(stream, live, { expectedRevision: 2n });
          const other = newEvent();
          await store.appendToStream(names.stream(category), [other], {
            expectedRevision: 'no_stream',
          });
          expect(idsOf(await reader.readCount(6))).toEqual(idsOf([...history, ...live, other]));
          expect(reader.events.map((event) => event.revision)).toEqual([0n, 1n, 2n, 3n, 4n, 0n]);
        } finally {
          await reader.subscription.close();
        }
      });

      it('yields non-empty batches no larger than maxBatchSize', async () => {
        const category = names.category();
        const from = await checkpoint(store);
        await store.appendToStream(names.stream(category), newEvents(7), {
          expectedRevision: 'no_stream',
        });
        const reader = new SubscriptionReader(
          store.subscribeToAll({
            from,
            filter: { streamPrefixes: [`${category}-`] },
            maxBatchSize: 3,
          }),
        );
        try {
          await reader.readCount(7);
          expect(reader.batches.every((batch) => batch.length >= 1 && batch.length <= 3)).toBe(
            true,
          );
          expect(reader.batches.length).toBeGreaterThanOrEqual(3);
        } finally {
          await reader.subscription.close();
        }
      });

      it('resumes after a checkpoint with exactly the events that follow it', async () => {
        const category = names.category();
        const from = await checkpoint(store);
        const events = newEvents(6);
        await store.appendToStream(names.stream(category), events.slice(0, 4), {
          expectedRevision: 'no_stream',
        });
        await store.appendToStream(names.stream(category), events.slice(4), {
          expectedRevision: 'no_stream',
        });

        const filter = { streamPrefixes: [`${category}-`] };
        const first = new SubscriptionReader(
          store.subscribeToAll({ from, filter, maxBatchSize: 1 }),
        );
        const seen = await first.readCount(3);
        await first.subscription.close();
        await first.expectEnd();

        const resumed = new SubscriptionReader(
          store.subscribeToAll({ from: seen[2].position, filter }),
        );
        try {
          expect(idsOf(await resumed.readCount(3))).toEqual(idsOf(events.slice(3)));
          // Nothing else follows: a sentinel appended now is the very next event.
          const sentinel = newEvent();
          await store.appendToStream(names.stream(category), [sentinel], {
            expectedRevision: 'no_stream',
          });
          expect(idsOf(await resumed.readCount(4))).toEqual(idsOf([...events.slice(3), sentinel]));
        } finally {
          await resumed.subscription.close();
        }
      });

      it("from 'end' delivers only events appended after subscribing", async () => {
        const category = names.category();
        const stream = names.stream(category);
        const before = newEvents(3);
        await store.appendToStream(stream, before, { expectedRevision: 'no_stream' });

        const reader = new SubscriptionReader(
          store.subscribeToAll({ from: 'end', filter: { streamPrefixes: [`${category}-`] } }),
        );
        try {
          // An adapter may need a moment to start following: keep appending until something arrives.
          const appended: string[] = [];
          const appending = (async () => {
            while (!reader.done && reader.events.length === 0 && appended.length < 100) {
              const event = newEvent();
              appended.push(event.id);
              await store.appendToStream(stream, [event], { expectedRevision: 'any' });
              await sleep(50);
            }
          })();
          const received = await reader.readCount(1);
          await appending;
          expect(received.length).toBeGreaterThan(0);
          for (const event of received) expect(appended).toContain(event.id);
          expect(received.some((event) => idsOf(before).includes(event.id))).toBe(false);
        } finally {
          await reader.subscription.close();
        }
      });

      it('filters by stream prefix and event type', async () => {
        const [wanted, unwanted] = [names.category(), names.category()];
        const from = await checkpoint(store);
        const reader = new SubscriptionReader(
          store.subscribeToAll({
            from,
            filter: { streamPrefixes: [`${wanted}-`], eventTypes: ['Kept', 'AlsoKept'] },
          }),
        );
        try {
          const kept = newEvent('Kept');
          const alsoKept = newEvent('AlsoKept');
          await store.appendToStream(names.stream(wanted), [newEvent('Dropped'), kept], {
            expectedRevision: 'no_stream',
          });
          await store.appendToStream(names.stream(unwanted), [newEvent('Kept')], {
            expectedRevision: 'no_stream',
          });
          await store.appendToStream(names.stream(wanted), [alsoKept, newEvent('Dropped')], {
            expectedRevision: 'any',
          });
          const sentinel = newEvent('Kept');
          await store.appendToStream(names.stream(wanted), [sentinel], {
            expectedRevision: 'no_stream',
          });

          const received = await reader.readUntil((events) => idsOf(events).includes(sentinel.id));
          expect(idsOf(received)).toEqual([kept.id, alsoKept.id, sentinel.id]);
        } finally {
          await reader.subscription.close();
        }
      });

      it('close() ends an iteration that is waiting for events', async () => {
        const reader = new SubscriptionReader(
          store.subscribeToAll({
            from: 'end',
            filter: { streamPrefixes: [`${names.category()}-`] },
          }),
        );
        const pending = reader.expectEnd();
        await sleep(100);
        await reader.subscription.close();
        await pending;
      });

      it('a subscriber sees every event exactly once, in order, while many writers append concurrently', async () => {
        const category = names.category();
        const filter = { streamPrefixes: [`${category}-`] };
        const from = await checkpoint(store);
        const reader = new SubscriptionReader(
          store.subscribeToAll({ from, filter, maxBatchSize: 50 }),
        );
        try {
          const shared = Array.from({ length: 4 }, () => names.stream(category));
          const written: string[] = [];
          const writers = Array.from({ length: 16 }, async (_, writer) => {
            const own = names.stream(category);
            let ownRevision: ExpectedRevision = 'no_stream';
            for (let round = 0; round < 20; round += 1) {
              // Staggered: random pauses and batch sizes, and now and then a bulk append that
              // stays open while small ones start after it and commit before it, so commits come
              // in an order unrelated to the order the appends started in.
              await sleep(Math.floor(Math.random() * 6));
              const bulk = writer < 2 && round % 4 === 0;
              const size = bulk ? 150 : 1 + Math.floor(Math.random() * 4);
              const batch = newEvents(size, `Written${writer % 3}`);
              if (round % 2 === 0) {
                const target = shared[(writer + round) % shared.length];
                await store.appendToStream(target, batch, { expectedRevision: 'any' });
              } else {
                const result = await store.appendToStream(own, batch, {
                  expectedRevision: ownRevision,
                });
                ownRevision = result.nextExpectedRevision;
              }
              written.push(...idsOf(batch));
            }
          });
          // Read while writing: the subscriber catches up and goes live many times meanwhile. The
          // sentinel, appended once every writer is done, is the last event: anything delivered
          // twice or late would show up before it.
          const sentinel = newEvent('Sentinel');
          const reading = reader.readUntil((events) => idsOf(events).includes(sentinel.id), 60_000);
          await Promise.all(writers);
          await store.appendToStream(names.stream(category), [sentinel], {
            expectedRevision: 'no_stream',
          });
          const received = await reading;

          // Exactly once: everything written arrived, nothing twice, nothing else before the sentinel.
          const receivedIds = idsOf(received);
          expect(receivedIds).toHaveLength(written.length + 1);
          expect(new Set(receivedIds).size).toBe(receivedIds.length);
          expect(new Set(receivedIds)).toEqual(new Set([...written, sentinel.id]));
          expect(receivedIds.at(-1)).toBe(sentinel.id);

          // In order: every stream's revisions arrive gapless and ascending...
          const byStream = new Map<string, bigint[]>();
          for (const event of received)
            byStream.set(event.streamName, [
              ...(byStream.get(event.streamName) ?? []),
              event.revision,
            ]);
          for (const revisions of byStream.values())
            expect(revisions).toEqual(range(0, revisions.length));
          // ...and the subscription order is the readAll order.
          const all = await readAllEventually(store, from, `${category}-`, received.length);
          expect(idsOf(all)).toEqual(receivedIds);
          expect(received.map((event) => event.position)).toEqual(
            all.map((event) => event.position),
          );
        } finally {
          await reader.subscription.close();
        }
      });
    });

    it('ping() resolves while the store is reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
