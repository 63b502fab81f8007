/**
 * The customer record's decider: a ticket's intake names a customer (id, name, e-mail, phone,
 * tier) and the record on `customer-<id>` is created from it or brought up to date. Pure: no I/O,
 * no clock (the time is `metadata.now`), no ids.
 *
 * Rules, chosen so that recording the same ticket twice (a retry after a partial failure, see
 * customer-records.ts) and recording tickets out of order both converge:
 * - The first ticket registers the customer (CustomerRegistered).
 * - A later ticket records CustomerDetailsChanged only when something differs; the same details
 *   again record nothing, so a retry appends nothing.
 * - A ticket that gives no e-mail or phone (a phone call has no e-mail) keeps the stored one: only
 *   a value the channel actually gave replaces what the record holds. Name and tier are always
 *   given and always apply.
 * - Details older than those the record holds (`detailsAsOf`: when the ticket carrying them was
 *   opened) are ignored, so a late retry of an older ticket cannot undo a newer change.
 */
import type { Actor } from '../../event-store/event-store.port';
import type { CustomerTier } from '../ticket.values';
import {
  CUSTOMER_DETAIL_FIELDS,
  type CustomerDetailField,
  type CustomerDetails,
  type CustomerEvent,
} from './customer.events';

export interface RecordCustomerFromTicket {
  readonly type: 'RecordCustomerFromTicket';
  readonly data: {
    readonly customerId: string;
    readonly name: string;
    /** null or absent: the ticket gave none; the stored value stays. */
    readonly email?: string | null;
    readonly phone?: string | null;
    readonly tier: CustomerTier;
    readonly sourceTicketId: string;
    /** ISO-8601: when the ticket was opened, i.e. when these details were current. */
    readonly detailsAsOf: string;
  };
  readonly metadata: { readonly actor: Actor; readonly now: Date };
}

export type CustomerCommand = RecordCustomerFromTicket;

export interface NoCustomer {
  readonly exists: false;
}

export interface Customer extends CustomerDetails {
  readonly exists: true;
  readonly id: string;
  readonly detailsAsOf: string;
  readonly registeredAt: string;
  readonly updatedAt: string;
}

export type CustomerState = NoCustomer | Customer;

const NO_CUSTOMER: NoCustomer = Object.freeze({ exists: false });

export function initialCustomerState(): CustomerState {
  return NO_CUSTOMER;
}

export class InvalidCustomerCommand extends Error {
  constructor(
    readonly field: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'InvalidCustomerCommand';
  }
}

export function decideCustomer(
  command: CustomerCommand,
  state: CustomerState,
): readonly CustomerEvent[] {
  const { data } = command;
  requireText(data.customerId, 'customerId');
  requireText(data.name, 'name');
  requireText(data.sourceTicketId, 'sourceTicketId');
  const asOf = instant(data.detailsAsOf, 'detailsAsOf');
  const now = command.metadata.now.toISOString();

  if (!state.exists) {
    return [
      {
        type: 'CustomerRegistered',
        data: {
          customerId: data.customerId,
          name: data.name.trim(),
          email: blankToNull(data.email),
          phone: blankToNull(data.phone),
          tier: data.tier,
          sourceTicketId: data.sourceTicketId,
          detailsAsOf: asOf,
          registeredAt: now,
        },
      },
    ];
  }
  if (state.id !== data.customerId) {
    throw new InvalidCustomerCommand(
      'customerId',
      `The command is for customer ${data.customerId} but was decided on customer ${state.id}.`,
    );
  }
  if (Date.parse(asOf) < Date.parse(state.detailsAsOf)) return [];

  const previous = detailsOf(state);
  const next: CustomerDetails = {
    name: data.name.trim(),
    email: blankToNull(data.email) ?? previous.email,
    phone: blankToNull(data.phone) ?? previous.phone,
    tier: data.tier,
  };
  const changedFields: CustomerDetailField[] = CUSTOMER_DETAIL_FIELDS.filter(
    (field) => next[field] !== previous[field],
  );
  if (changedFields.length === 0) return [];
  return [
    {
      type: 'CustomerDetailsChanged',
      data: {
        customerId: state.id,
        ...next,
        previous,
        changedFields,
        sourceTicketId: data.sourceTicketId,
        detailsAsOf: asOf,
        changedAt: now,
      },
    },
  ];
}

/** Pure and total: an event that cannot apply leaves the state as it was. */
export function evolveCustomer(state: CustomerState, event: CustomerEvent): CustomerState {
  switch (event.type) {
    case 'CustomerRegistered':
      if (state.exists) return state;
      return {
        exists: true,
        id: event.data.customerId,
        name: event.data.name,
        email: event.data.email,
        phone: event.data.phone,
        tier: event.data.tier,
        detailsAsOf: event.data.detailsAsOf,
        registeredAt: event.data.registeredAt,
        updatedAt: event.data.registeredAt,
      };
    case 'CustomerDetailsChanged':
      if (!state.exists) return state;
      return {
        ...state,
        name: event.data.name,
        email: event.data.email,
        phone: event.data.phone,
        tier: event.data.tier,
        detailsAsOf: event.data.detailsAsOf,
        updatedAt: event.data.changedAt,
      };
    default:
      return state;
  }
}

export function foldCustomer(events: Iterable<CustomerEvent>): CustomerState {
  let state = initialCustomerState();
  for (const event of events) state = evolveCustomer(state, event);
  return state;
}

function detailsOf(customer: Customer): CustomerDetails {
  return {
    name: customer.name,
    email: customer.email,
    phone: customer.phone,
    tier: customer.tier,
  };
}

function requireText(value: string, field: string): void {
  if (value.trim() === '') throw new InvalidCustomerCommand(field, `${field} must not be blank.`);
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function instant(value: string, field: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InvalidCustomerCommand(field, `${field} must be an ISO-8601 date-time.`);
  }
  return new Date(time).toISOString();
}
