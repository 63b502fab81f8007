import fc from 'fast-check';
import type { Actor } from '../../event-store/event-store.port';
import { CUSTOMER_TIERS } from '../ticket.values';
import {
  decideCustomer,
  evolveCustomer,
  foldCustomer,
  initialCustomerState,
  InvalidCustomerCommand,
  type CustomerState,
  type RecordCustomerFromTicket,
} from './customer.decider';

const ACTOR: Actor = { type: 'agent', id: 'agent-7' };
const NOW = new Date('2026-01-05T09:00:00.000Z');

function record(
  data: Partial<RecordCustomerFromTicket['data']> = {},
  now: Date = NOW,
): RecordCustomerFromTicket {
  return {
    type: 'RecordCustomerFromTicket',
    data: {
      customerId: 'crm-1',
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: null,
      tier: 'standard',
      sourceTicketId: 't-1',
      detailsAsOf: '2026-01-05T09:00:00.000Z',
      ...data,
    },
    metadata: { actor: ACTOR, now },
  };
}

function given(...commands: RecordCustomerFromTicket[]): CustomerState {
  let state = initialCustomerState();
  for (const command of commands) {
    for (const event of decideCustomer(command, state)) state = evolveCustomer(state, event);
  }
  return state;
}

describe('customer decider', () => {
  it('registers the customer from the first ticket that names them', () => {
    expect(decideCustomer(record({ phone: '  ', email: ' ada@example.com ' }), given())).toEqual([
      {
        type: 'CustomerRegistered',
        data: {
          customerId: 'crm-1',
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          phone: null,
          tier: 'standard',
          sourceTicketId: 't-1',
          detailsAsOf: '2026-01-05T09:00:00.000Z',
          registeredAt: '2026-01-05T09:00:00.000Z',
        },
      },
    ]);
  });

  it('records nothing for the same details again (a retry of the same ticket or a later one)', () => {
    const state = given(record());
    expect(decideCustomer(record(), state)).toEqual([]);
    expect(
      decideCustomer(record({ sourceTicketId: 't-2', detailsAsOf: '2026-01-06T00:00:00Z' }), state),
    ).toEqual([]);
  });

  it('records the changed fields with the details before and after', () => {
    const state = given(record());
    const later = new Date('2026-01-07T10:00:00.000Z');
    expect(
      decideCustomer(
        record(
          {
            name: 'Ada King',
            tier: 'vip',
            sourceTicketId: 't-9',
            detailsAsOf: '2026-01-07T10:00:00.000Z',
          },
          later,
        ),
        state,
      ),
    ).toEqual([
      {
        type: 'CustomerDetailsChanged',
        data: {
          customerId: 'crm-1',
          name: 'Ada King',
          email: 'ada@example.com',
          phone: null,
          tier: 'vip',
          previous: {
            name: 'Ada Lovelace',
            email: 'ada@example.com',
            phone: null,
            tier: 'standard',
          },
          changedFields: ['name', 'tier'],
          sourceTicketId: 't-9',
          detailsAsOf: '2026-01-07T10:00:00.000Z',
          changedAt: '2026-01-07T10:00:00.000Z',
        },
      },
    ]);
  });

  it('keeps the stored e-mail and phone when a ticket gives none', () => {
    const state = given(record({ phone: '+1 555 0100' }));
    expect(
      decideCustomer(
        record({ email: null, phone: undefined, detailsAsOf: '2026-01-08T00:00:00Z' }),
        state,
      ),
    ).toEqual([]);
  });

  it('ignores details older than those the record holds (a late retry of an older ticket)', () => {
    const state = given(
      record(),
      record({ name: 'Ada King', detailsAsOf: '2026-01-07T10:00:00.000Z' }),
    );
    expect(
      decideCustomer(
        record({ name: 'Ada Lovelace', detailsAsOf: '2026-01-05T09:00:00.000Z' }),
        state,
      ),
    ).toEqual([]);
  });

  it('applies details of the same instant (last writer wins)', () => {
    const state = given(record());
    expect(decideCustomer(record({ tier: 'premium' }), state)).toMatchObject([
      { type: 'CustomerDetailsChanged', data: { changedFields: ['tier'] } },
    ]);
  });

  it('refuses blank names and ids, and a detailsAsOf that is not a time', () => {
    expect(() => decideCustomer(record({ name: '  ' }), given())).toThrow(InvalidCustomerCommand);
    expect(() => decideCustomer(record({ customerId: '' }), given())).toThrow(
      InvalidCustomerCommand,
    );
    expect(() => decideCustomer(record({ detailsAsOf: 'yesterday' }), given())).toThrow(
      InvalidCustomerCommand,
    );
  });

  it('folds: a change before any registration, or a second registration, leaves the state as it was', () => {
    const registered = decideCustomer(record(), given())[0];
    const changed = decideCustomer(record({ tier: 'vip' }), given(record()))[0];
    expect(foldCustomer([changed])).toEqual({ exists: false });
    const state = foldCustomer([registered, changed]);
    expect(foldCustomer([registered, changed, registered])).toEqual(state);
    expect(state).toMatchObject({ exists: true, id: 'crm-1', tier: 'vip' });
  });

  describe('properties', () => {
    const details = fc.record({
      name: fc.constantFrom('Ada', 'Ada King', 'Bo'),
      email: fc.constantFrom(null, undefined, 'a@example.com', 'b@example.com'),
      phone: fc.constantFrom(null, undefined, '+1 555 0100'),
      tier: fc.constantFrom(...CUSTOMER_TIERS),
      detailsAsOf: fc
        .integer({ min: 0, max: 10 })
        .map((day) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString()),
    });
    const commandsOf = (sequence: readonly Partial<RecordCustomerFromTicket['data']>[]) =>
      sequence.map((data, index) => record({ ...data, sourceTicketId: `t-${index}` }));

    it('recording a ticket again right after it (a retry) records nothing', () => {
      fc.assert(
        fc.property(fc.array(details, { minLength: 1, maxLength: 12 }), (sequence) => {
          const commands = commandsOf(sequence);
          const last = commands[commands.length - 1];
          expect(decideCustomer(last, given(...commands))).toEqual([]);
        }),
      );
    });

    it('recording a ticket older than the details the record holds records nothing', () => {
      fc.assert(
        fc.property(fc.array(details, { minLength: 1, maxLength: 12 }), (sequence) => {
          const commands = commandsOf(sequence);
          const state = given(...commands);
          if (!state.exists) throw new Error('the first command registers the customer');
          for (const command of commands) {
            if (Date.parse(command.data.detailsAsOf) < Date.parse(state.detailsAsOf)) {
              expect(decideCustomer(command, state)).toEqual([]);
            }
          }
        }),
      );
    });
  });
});
