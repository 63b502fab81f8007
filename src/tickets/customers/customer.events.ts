/**
 * The customer record's events, on the stream `customer-<id>` (the customer id the channel or CRM
 * gave on the ticket). A record is created by the first ticket that names the customer and kept
 * up to date by later ones; see customer.decider.ts for the rules.
 *
 * Type strings are stable and past tense: renaming one is a breaking change of the log.
 */
import { streamNameOf } from '../../event-store/event-store.port';
import type { CustomerTier } from '../ticket.values';

export const CUSTOMER_STREAM_CATEGORY = 'customer';

/** `customer-<id>`: one stream per customer. */
export function customerStreamName(customerId: string): string {
  return streamNameOf(CUSTOMER_STREAM_CATEGORY, customerId);
}

/** The contact details and value tier a customer record holds. */
export interface CustomerDetails {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly tier: CustomerTier;
}

export const CUSTOMER_DETAIL_FIELDS = ['name', 'email', 'phone', 'tier'] as const;
export type CustomerDetailField = (typeof CUSTOMER_DETAIL_FIELDS)[number];

export interface CustomerRegisteredData extends CustomerDetails {
  readonly customerId: string;
  /** The ticket whose intake created the record. */
  readonly sourceTicketId: string;
  /** When that ticket was opened: the time the details were true (see `detailsAsOf`). */
  readonly detailsAsOf: string;
  readonly registeredAt: string;
}

/** The full details after the change, the ones before it, and which fields differ. */
export interface CustomerDetailsChangedData extends CustomerDetails {
  readonly customerId: string;
  readonly previous: CustomerDetails;
  readonly changedFields: readonly CustomerDetailField[];
  readonly sourceTicketId: string;
  readonly detailsAsOf: string;
  readonly changedAt: string;
}

type EventOf<TType extends string, TData> = { readonly type: TType; readonly data: TData };

export type CustomerRegistered = EventOf<'CustomerRegistered', CustomerRegisteredData>;
export type CustomerDetailsChanged = EventOf<'CustomerDetailsChanged', CustomerDetailsChangedData>;

export type CustomerEvent = CustomerRegistered | CustomerDetailsChanged;
export type CustomerEventType = CustomerEvent['type'];

/** `metadata.schemaVersion` per event type; bump (with an upcaster) when a data shape changes. */
export const CUSTOMER_EVENT_SCHEMA_VERSIONS = {
  CustomerRegistered: 1,
  CustomerDetailsChanged: 1,
} as const satisfies Readonly<Record<CustomerEventType, number>>;

export const CUSTOMER_EVENT_TYPES = Object.keys(
  CUSTOMER_EVENT_SCHEMA_VERSIONS,
) as readonly CustomerEventType[];

export function isCustomerEventType(type: string): type is CustomerEventType {
  return Object.prototype.hasOwnProperty.call(CUSTOMER_EVENT_SCHEMA_VERSIONS, type);
}

/** Customer ids come from channels and CRMs: letters, digits and `._:@-`, at most 128. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
export const CUSTOMER_ID_MAX_LENGTH = 128;
