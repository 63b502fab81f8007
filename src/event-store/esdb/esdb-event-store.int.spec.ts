/**
 * The shared event store contract against a real EventStoreDB (22.6 or later), e.g.
 *   docker run -p 2113:2113 eventstore/eventstore --insecure --run-projections=None
 *   EVENTSTORE_CONNECTION_STRING='esdb://127.0.0.1:2113?tls=false' npx jest src/event-store/esdb
 * The suite uses unique stream categories per test, so the server may hold other data.
 */
import { describeEventStoreContract } from '../event-store.contract';
import { EsdbEventStore } from './esdb-event-store';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING?.trim();

if (connectionString) {
  describeEventStoreContract('EventStoreDB', async () => {
    const store = EsdbEventStore.connect(connectionString);
    // Fail fast, with "event store unavailable", when the server is not there.
    await store.ping();
    return { store, teardown: () => store.close() };
  });
} else {
  describe.skip('EventStoreDB adapter contract (skipped: EVENTSTORE_CONNECTION_STRING not set)', () => {
    it('runs the event store contract suite against EventStoreDB', () => {
      throw new Error('skipped: set EVENTSTORE_CONNECTION_STRING to an EventStoreDB server');
    });
  });
}
