/**
 * The adapter with a real @eventstore/db-client against addresses where no EventStoreDB answers:
 * a closed port (connection refused, gRPC UNAVAILABLE) and a port that accepts TCP connections
 * but never speaks (a hung server). Nothing here needs, or imitates, an EventStoreDB server.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { EventIdConflictError, EventStoreUnavailableError } from '../event-store.errors';
import type { EventSubscription, NewEvent, RecordedEvent } from '../event-store.port';
import { EsdbEventStore } from './esdb-event-store';
import { InvalidPositionError } from './esdb-position';

// Port 1 (tcpmux) is privileged and unused: connecting is refused at once.
const CLOSED_PORT = 'esdb://127.0.0.1:1?tls=false&defaultDeadline=2000';

const EVENT: NewEvent = {
  id: '0b6f4a52-3f0e-4d7c-9a51-2f1d6f0e8a01',
  type: 'TicketOpened',
  data: { title: 'Printer on fire' },
  metadata: {
    actor: { type: 'agent', id: 'agent-1' },
    correlationId: 'corr-1',
    causationId: null,
    occurredAt: '2026-01-05T09:00:00.000Z',
    schemaVersion: 1,
  },
};

async function expectUnavailable(promise: Promise<unknown>): Promise<EventStoreUnavailableError> {
  const error: unknown = await promise.then(
    () => new Error('expected a rejection'),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(EventStoreUnavailableError);
  expect((error as Error).message).toBe('event store unavailable');
  return error as EventStoreUnavailableError;
}

async function drain(subscription: EventSubscription): Promise<RecordedEvent[][]> {
  const batches: RecordedEvent[][] = [];
  for await (const batch of subscription) batches.push([...batch]);
  return batches;
}

describe('EventStoreDB adapter with the server unreachable (connection refused)', () => {
  let store: EsdbEventStore;

  beforeEach(() => {
    store = EsdbEventStore.connect(CLOSED_PORT, {
      subscriptionRetry: { initialDelayMs: 10, maxDelayMs: 40, maxConsecutiveFailures: 3 },
    });
  });

  afterEach(async () => {
    await store.close();
  });

  it('ping() rejects with EventStoreUnavailableError, carrying the gRPC UNAVAILABLE (14) cause', async () => {
    const error = await expectUnavailable(store.ping());
    expect(error.cause).toMatchObject({ code: 14 });
  });

  it.each(['any', 'no_stream', 'stream_exists', 4n] as const)(
    'appendToStream(expectedRevision %p) rejects with EventStoreUnavailableError',
    async (expectedRevision) => {
      const error = await expectUnavailable(
        store.appendToStream('ticket-1', [EVENT], { expectedRevision }),
      );
      expect(error.cause).toMatchObject({ code: 14 });
    },
  );

  it('reads reject with EventStoreUnavailableError, not "stream not found" or a raw gRPC error', async () => {
    await expectUnavailable(store.readStream('ticket-1'));
    await expectUnavailable(store.readStream('ticket-1', { direction: 'backwards', maxCount: 1 }));
    await expectUnavailable(store.readAll({ maxCount: 10 }));
    await expectUnavailable(store.headPosition());
    await expectUnavailable(store.countEventsAfter('start', { streamPrefixes: ['ticket-'] }));
  });

  it.each(['start', 'end'] as const)(
    'a subscription from %p retries, then ends its iteration with EventStoreUnavailableError',
    async (from) => {
      const subscription = store.subscribeToAll({ from, filter: { streamPrefixes: ['ticket-'] } });
      await expectUnavailable(drain(subscription));
    },
  );

  it('close() ends the iteration of a subscription that is still retrying', async () => {
    const patient = EsdbEventStore.connect(CLOSED_PORT, {
      subscriptionRetry: { initialDelayMs: 20, maxDelayMs: 20, maxConsecutiveFailures: 1_000_000 },
    });
    const subscription = patient.subscribeToAll({ from: 'start' });
    const iteration = drain(subscription);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await subscription.close();
    await expect(iteration).resolves.toEqual([]);
    await patient.close();
  });

  it("closing the store closes its subscriptions and refuses further calls as 'unavailable'", async () => {
    const patient = EsdbEventStore.connect(CLOSED_PORT, {
      subscriptionRetry: { initialDelayMs: 20, maxDelayMs: 20, maxConsecutiveFailures: 1_000_000 },
    });
    const iteration = drain(patient.subscribeToAll({ from: 'end' }));
    await patient.close();
    await expect(iteration).resolves.toEqual([]);
    await expect(patient.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('rejects positions it did not produce before touching the network', async () => {
    await expect(store.readAll({ from: '42', maxCount: 1 })).rejects.toBeInstanceOf(
      InvalidPositionError,
    );
    await expect(store.countEventsAfter('not-a-position')).rejects.toBeInstanceOf(
      InvalidPositionError,
    );
    expect(() => store.subscribeToAll({ from: 'x/y' })).toThrow(InvalidPositionError);
  });

  it('an empty append still asks the server whether the expectation holds', async () => {
    await expectUnavailable(store.appendToStream('ticket-1', [], { expectedRevision: 'any' }));
  });

  it('rejects malformed input before touching the network, as the PostgreSQL adapter does', async () => {
    await expect(
      store.appendToStream('ticket-1', [{ ...EVENT, id: 'not-a-uuid' }], {
        expectedRevision: 'any',
      }),
    ).rejects.toBeInstanceOf(RangeError);
    await expect(
      store.appendToStream('ticket-1', [EVENT, { ...EVENT, id: EVENT.id.toUpperCase() }], {
        expectedRevision: 'any',
      }),
    ).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(store.readStream('ticket-1', { fromRevision: -1n })).rejects.toBeInstanceOf(
      RangeError,
    );
    await expect(store.readAll({ maxCount: -1 })).rejects.toBeInstanceOf(RangeError);
    expect(() => store.subscribeToAll({ from: 'start', maxBatchSize: 0 })).toThrow(RangeError);
  });
});

describe('EventStoreDB adapter with a server that accepts connections but never answers', () => {
  let server: Server;
  const sockets = new Set<Socket>();
  let connectionString: string;

  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    connectionString = `esdb://127.0.0.1:${address.port}?tls=false`;
  });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('ping() gives up after pingTimeoutMs with EventStoreUnavailableError', async () => {
    const store = EsdbEventStore.connect(connectionString, { pingTimeoutMs: 300 });
    try {
      await expectUnavailable(store.ping());
      expect(sockets.size).toBeGreaterThan(0); // it did reach the silent server
    } finally {
      await store.close();
    }
  });
});
