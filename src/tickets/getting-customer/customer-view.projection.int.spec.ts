/**
 * Given ticket and customer-record events (recorded through the real write paths into the real
 * PostgreSQL event store) → when the customer view projection handles them → then these
 * `customers` and `customer_tickets` rows.
 */
import { customerStreamName } from '../customers/customer.events';
import { ticketStreamName } from '../ticket.values';
import { ReadModelHarness } from '../getting-ticket-details/testing/read-model-harness';
import { CustomerTicketEntity } from './customer-ticket.entity';
import { CustomerEntity } from './customer.entity';
import { CustomerViewProjection } from './customer-view.projection';

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const ADA = {
  id: 'cust-ada',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+44 20 7946 0000',
  tier: 'premium' as const,
};

describe('CustomerViewProjection', () => {
  let harness: ReadModelHarness;
  const projection = new CustomerViewProjection();

  beforeEach(async () => {
    harness = await ReadModelHarness.create([CustomerEntity, CustomerTicketEntity]);
  });

  afterEach(async () => {
    await harness.close();
  });

  const driver = () => harness.driver;
  const atMinute = (minutes: number): void => harness.clock.set(at(minutes));

  /** Every event of the tickets' and the customers' streams, in global (position) order. */
  async function projectAll(
    ticketIds: readonly string[],
    customerIds: readonly string[] = [],
    batchSize = 500,
  ): Promise<void> {
    const events = await harness.eventsOf([
      ...ticketIds.map((id) => ticketStreamName(id)),
      ...customerIds.map((id) => customerStreamName(id)),
    ]);
    events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    await harness.project(projection, events, batchSize);
  }

  const iso = (value: unknown): unknown => (value instanceof Date ? value.toISOString() : value);
  const plain = (row: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, iso(value)]));

  async function customer(id: string): Promise<Record<string, unknown> | undefined> {
    const [row] = await harness.rows('SELECT * FROM customers WHERE customer_id = $1', [id]);
    return row && plain(row);
  }

  async function tickets(customerId: string): Promise<Record<string, unknown>[]> {
    const rows = await harness.rows(
      'SELECT * FROM customer_tickets WHERE customer_id = $1 ORDER BY opened_at, ticket_id',
      [customerId],
    );
    return rows.map(plain);
  }

  it('TicketOpened: the customer (from the ticket until the record arrives) and the ticket, status new', async () => {
    atMinute(0);
    const id = await driver().open({
      customer: ADA,
      subject: 'Invoice wrong',
      channel: 'email',
      type: 'question',
      priority: 'normal',
      receivedAt: at(-30),
    });
    await projectAll([id]);

    expect(await customer(ADA.id)).toEqual({
      customer_id: ADA.id,
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      tier: 'premium',
      details_as_of: at(0),
      first_contact_at: at(-30),
      last_contact_at: at(-30),
    });
    expect(await tickets(ADA.id)).toEqual([
      {
        ticket_id: id,
        customer_id: ADA.id,
        revision: '0',
        subject: 'Invoice wrong',
        channel: 'email',
        type: 'question',
        priority: 'normal',
        status: 'new',
        received_at: at(-30),
        opened_at: at(0),
        solved_at: null,
        closed_at: null,
        satisfaction: null,
      },
    ]);
  });

  it('CustomerRegistered / CustomerDetailsChanged: the record decides the profile; a ticket without e-mail keeps it', async () => {
    atMinute(0);
    const first = await driver().open({ customer: ADA });
    await driver().recordCustomer(first);
    atMinute(60);
    const second = await driver().open({
      channel: 'phone',
      customer: { ...ADA, name: 'Ada King', email: null, phone: '+44 20 7946 1111', tier: 'vip' },
    });
    await projectAll([first, second], [ADA.id]);
    expect(await customer(ADA.id)).toMatchObject({
      name: 'Ada King',
      email: 'ada@example.com',
      phone: '+44 20 7946 1111',
      tier: 'vip',
      details_as_of: at(60),
    });

    // The record catches up (CustomerDetailsChanged) and agrees.
    await driver().recordCustomer(second);
    const changed = await harness.store.readStream(customerStreamName(ADA.id));
    expect(changed.map((event) => event.type)).toEqual([
      'CustomerRegistered',
      'CustomerDetailsChanged',
    ]);
    await harness.project(projection, changed.slice(1));
    expect(await customer(ADA.id)).toMatchObject({
      name: 'Ada King',
      email: 'ada@example.com',
      phone: '+44 20 7946 1111',
      tier: 'vip',
      details_as_of: at(60),
    });
  });

  it('CustomerRegistered on its own: the profile as the record holds it (trimmed), no contact yet', async () => {
    atMinute(0);
    const id = await driver().open({ customer: { ...ADA, name: '  Ada Lovelace ', email: ' ' } });
    await driver().recordCustomer(id);
    await harness.project(projection, await harness.eventsOf([customerStreamName(ADA.id)]));

    expect(await customer(ADA.id)).toEqual({
      customer_id: ADA.id,
      name: 'Ada Lovelace',
      email: null,
      phone: ADA.phone,
      tier: 'premium',
      details_as_of: at(0),
      first_contact_at: null,
      last_contact_at: null,
    });
    expect(await tickets(ADA.id)).toEqual([]);
  });

  it('details older than the ones held lose, whichever stream they come from', async () => {
    atMinute(0);
    const older = await driver().open({ customer: ADA });
    atMinute(10);
    const newer = await driver().open({ customer: { ...ADA, name: 'Ada King', tier: 'vip' } });
    // The record of the older ticket is written last (a late retry): it registers the customer
    // with the older details, which must not undo the newer ones.
    await driver().recordCustomer(older);
    await projectAll([older, newer], [ADA.id]);

    expect(await customer(ADA.id)).toMatchObject({
      name: 'Ada King',
      tier: 'vip',
      details_as_of: at(10),
      first_contact_at: at(0),
      last_contact_at: at(10),
    });
  });

  it('status, solve and close follow the ticket; customer messages move the last contact', async () => {
    atMinute(0);
    const id = await driver().open({ customer: ADA });
    atMinute(5);
    await driver().assign(id, { agentId: 'agent-1' });
    await projectAll([id]);
    expect(await tickets(ADA.id)).toMatchObject([{ status: 'open', revision: '2' }]);

    atMinute(10);
    await driver().classify(id, { type: 'complaint' });
    await driver().reprioritise(id, 'urgent');
    atMinute(20);
    await driver().pend(id);
    await projectAll([id]);
    expect(await tickets(ADA.id)).toMatchObject([
      { status: 'pending', type: 'complaint', priority: 'urgent' },
    ]);

    atMinute(30);
    await driver().reply(id, 'customer', ADA.id, 'Here you go');
    atMinute(40);
    await driver().hold(id);
    atMinute(50);
    await driver().resume(id);
    atMinute(60);
    await driver().solve(id);
    await projectAll([id]);
    expect(await tickets(ADA.id)).toMatchObject([{ status: 'solved', solved_at: at(60) }]);
    expect(await customer(ADA.id)).toMatchObject({
      first_contact_at: at(0),
      last_contact_at: at(30),
    });

    atMinute(70);
    await driver().reply(id, 'customer', ADA.id, 'Still broken');
    await projectAll([id]);
    expect(await tickets(ADA.id)).toMatchObject([{ status: 'open', solved_at: null }]);
    expect(await customer(ADA.id)).toMatchObject({ last_contact_at: at(70) });

    atMinute(80);
    await driver().solve(id);
    atMinute(90);
    await driver().close(id);
    await projectAll([id]);
    expect(await tickets(ADA.id)).toMatchObject([
      { status: 'closed', solved_at: at(80), closed_at: at(90) },
    ]);
  });

  it('an agent reply is not a customer contact', async () => {
    atMinute(0);
    const id = await driver().open({ customer: ADA });
    atMinute(10);
    await driver().reply(id, 'agent', 'agent-1', 'On it');
    await projectAll([id]);
    expect(await customer(ADA.id)).toMatchObject({ last_contact_at: at(0) });
    expect(await tickets(ADA.id)).toMatchObject([{ status: 'open' }]);
  });

  it('TicketMerged closes the source; TicketFollowUpRequested is a contact and the follow-up a new ticket', async () => {
    atMinute(0);
    const target = await driver().open({ customer: ADA });
    const source = await driver().open({ customer: ADA });
    atMinute(5);
    await driver().merge(source, target);
    await driver().assign(target, { agentId: 'agent-1' });
    await driver().solve(target);
    await driver().close(target);
    atMinute(300);
    const followUp = await driver().followUp(target, ADA.id, 'It broke again');
    await projectAll([target, source, followUp]);

    const rows = await tickets(ADA.id);
    expect(rows.map((row) => [row.ticket_id, row.status, row.closed_at])).toEqual(
      expect.arrayContaining([
        [target, 'closed', at(5)],
        [source, 'closed', at(5)],
        [followUp, 'new', null],
      ]),
    );
    expect(rows).toHaveLength(3);
    expect(await customer(ADA.id)).toMatchObject({ last_contact_at: at(300) });
  });

  it('the same rows whatever the batching, and a replayed batch changes nothing', async () => {
    const ids: string[] = [];
    for (let minute = 0; minute < 5; minute++) {
      atMinute(minute * 10);
      const id = await driver().open({ customer: { ...ADA, name: `Ada ${minute}` } });
      ids.push(id);
      await driver().recordCustomer(id);
      await driver().assign(id, { agentId: 'agent-1' });
      await driver().reply(id, 'customer', ADA.id, 'hello');
      if (minute % 2 === 0) await driver().solve(id);
    }
    await projectAll(ids, [ADA.id], 1);
    const oneByOne = [await customer(ADA.id), await tickets(ADA.id)];

    await harness.rows('TRUNCATE customers, customer_tickets');
    await projectAll(ids, [ADA.id], 500);
    expect([await customer(ADA.id), await tickets(ADA.id)]).toEqual(oneByOne);

    await projectAll(ids, [ADA.id], 7);
    expect([await customer(ADA.id), await tickets(ADA.id)]).toEqual(oneByOne);
    expect(oneByOne[0]).toMatchObject({ name: 'Ada 4', last_contact_at: at(40) });
  });
});
