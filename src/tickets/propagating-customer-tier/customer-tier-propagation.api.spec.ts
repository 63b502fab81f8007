import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer } from '../../../test/support/directory-fixtures';
import { createTestApp, type TestApp } from '../../../test/support/test-app';
import {
  EVENT_STORE,
  type EventStore,
  type RecordedEvent,
} from '../../event-store/event-store.port';
import { FixedClock } from '../../platform/time/clock';
import { waitForSlaPolicies } from '../../sla/clocks/testing/wait-for-sla-policies';
import { customerStreamName } from '../customers/customer.events';
import { eventually } from '../getting-ticket-details/testing/ticket-api';
import { ticketStreamName } from '../ticket.values';
import { CustomerTierPropagationProjection } from './customer-tier-propagation.projection';

const at = (time: string): string => `2026-03-02T${time}:00.000Z`;

describe('customer tier propagation (API)', () => {
  let testApp: TestApp;
  let store: EventStore;
  const clock = new FixedClock(at('09:00'));
  const http = () => request(testApp.app.getHttpServer());
  const admin = () => bearer(testApp.adminKey);
  const stream = (ticketId: string): Promise<RecordedEvent[]> =>
    store.readStream(ticketStreamName(ticketId));

  async function open(customerId: string, tier: string): Promise<string> {
    const response = await http()
      .post('/tickets')
      .set(admin())
      .send({
        channel: 'web',
        subject: 'Export fails',
        description: 'Since this morning.',
        customer: { id: customerId, name: 'Grace Hopper', tier },
        type: 'problem',
        language: 'en',
      });
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  }

  beforeAll(async () => {
    testApp = await createTestApp({}, { clock });
    store = testApp.app.get<EventStore>(EVENT_STORE);
    await http()
      .put('/sla/calendars/always')
      .set(admin())
      .send({ name: '24/7', timeZone: 'UTC', alwaysOpen: true })
      .expect(201);
    await http()
      .put('/sla/policies/vip')
      .set(admin())
      .send({
        name: 'VIP customers',
        position: 1,
        conditions: { customerTiers: ['vip'] },
        targets: { normal: { firstResponse: 'PT30M' } },
        calendarId: 'always',
      })
      .expect(201);
    await http()
      .put('/sla/policies/default')
      .set(admin())
      .send({
        name: 'Everyone else',
        position: 2,
        targets: { normal: { firstResponse: 'PT4H' } },
        calendarId: 'always',
      })
      .expect(201);
    await waitForSlaPolicies(testApp.app, [{ id: 'vip' }, { id: 'default' }]);
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('given a standard customer’s open ticket, when a later ticket says the customer is vip, then the first ticket becomes vip and gets the VIP policy measured from its opening', async () => {
    clock.set(at('10:00'));
    const ticketA = await open('crm-9', 'standard');
    const [appliedOnOpening] = (await stream(ticketA)).filter(
      (event) => event.type === 'SlaPolicyApplied',
    );
    expect(appliedOnOpening?.data).toMatchObject({ policyId: 'default' });

    clock.set(at('10:10'));
    const ticketB = await open('crm-9', 'vip');

    await eventually(
      async () => (await stream(ticketA)).some((e) => e.type === 'TicketCustomerTierChanged'),
      'the tier change on ticket A',
    );
    const events = await stream(ticketA);
    const changed = events.find((event) => event.type === 'TicketCustomerTierChanged');
    expect(changed?.data).toEqual({
      ticketId: ticketA,
      customerId: 'crm-9',
      tier: 'vip',
      previousTier: 'standard',
      changedAt: at('10:10'),
    });
    expect(changed?.metadata).toMatchObject({ actor: { type: 'system' }, schemaVersion: 1 });
    const reapplied = events.filter((event) => event.type === 'SlaPolicyApplied').at(-1);
    expect(reapplied?.revision).toBe((changed?.revision ?? 0n) + 1n);
    expect(reapplied?.data).toMatchObject({
      policyId: 'vip',
      previousPolicyId: 'default',
      reason: 'ticket_changed',
      targets: { firstResponse: 1800 },
      cycles: [{ cycleId: 'firstResponse-1', startedAt: at('10:00'), dueAt: at('10:30') }],
      appliedAt: at('10:10'),
    });

    // Ticket B carried the tier from its own intake: nothing to change there.
    expect((await stream(ticketB)).map((event) => event.type)).not.toContain(
      'TicketCustomerTierChanged',
    );

    // The read models show the ticket's new tier.
    await eventually(async () => {
      const details = await http().get(`/tickets/${ticketA}`).set(admin());
      return (details.body as { customer?: { tier?: string } }).customer?.tier === 'vip';
    }, 'ticket details showing the vip tier');
    await eventually(async () => {
      const list = await http().get('/tickets?customer=crm-9').set(admin());
      const items = (list.body as { items: { id: string; customer: { tier: string } }[] }).items;
      return items.find((item) => item.id === ticketA)?.customer.tier === 'vip';
    }, 'the ticket list showing the vip tier');
  });

  it('given a closed ticket of the customer, when the tier changes, then the closed ticket keeps its history', async () => {
    clock.set(at('11:00'));
    const closed = await open('crm-10', 'standard');
    for (const [route, body] of [
      ['replies', { body: 'Fixed it.' }],
      ['solve', { resolutionCode: 'fixed', summary: 'Restarted the exporter.' }],
      ['close', {}],
    ] as const) {
      const response = await http().post(`/tickets/${closed}/${route}`).set(admin()).send(body);
      expect(response.status).toBe(200);
    }
    const openOne = await open('crm-10', 'standard');
    clock.set(at('11:30'));
    await open('crm-10', 'premium');

    await eventually(
      async () => (await stream(openOne)).some((e) => e.type === 'TicketCustomerTierChanged'),
      'the tier change on the open ticket',
    );
    expect((await stream(closed)).map((event) => event.type)).not.toContain(
      'TicketCustomerTierChanged',
    );
  });

  it('given the tier changed twice, when the reactor replays both changes (crash before its checkpoint, rebuild), then nothing more is recorded', async () => {
    clock.set(at('12:00'));
    const ticket = await open('crm-11', 'standard');
    clock.set(at('12:10'));
    await open('crm-11', 'premium');
    clock.set(at('12:20'));
    await open('crm-11', 'vip');
    const tierChanges = async (): Promise<string[]> =>
      (await stream(ticket)).flatMap((event) =>
        event.type === 'TicketCustomerTierChanged' ? [String(event.data.tier)] : [],
      );
    await eventually(
      async () => (await tierChanges()).at(-1) === 'vip',
      'the ticket following the customer to vip',
    );
    const before = (await stream(ticket)).length;

    const changes = (await store.readStream(customerStreamName('crm-11'))).filter(
      (event) => event.type === 'CustomerDetailsChanged',
    );
    expect(changes).toHaveLength(2);
    const reactor = testApp.app.get(CustomerTierPropagationProjection);
    await reactor.handle(changes, testApp.app.get(DataSource).manager);

    // The older change (to premium) does not flip the ticket back: the record's tier now is vip.
    expect(await stream(ticket)).toHaveLength(before);
    expect((await tierChanges()).at(-1)).toBe('vip');
  });
});
