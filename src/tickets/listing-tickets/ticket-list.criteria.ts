/**
 * What one `GET /tickets` page asks for, after validation: filters (every list is "any of",
 * an empty list is no condition), who may see what, the sort and where the page starts.
 */
import type { Channel, Priority, TicketStatus, TicketType } from '../ticket.values';

export const LIST_SORTS = ['created', 'updated', 'priority'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export const DEFAULT_LIST_SORT: ListSort = 'created';
export const DEFAULT_SORT_ORDER: SortOrder = 'desc';
export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 200;

/** Admins, supervisors and auditors see every ticket; an agent its own and its teams' tickets. */
export type TicketVisibility =
  'all' | { readonly agentId: string; readonly teamIds: readonly string[] };

export interface TicketListCriteria {
  readonly statuses: readonly TicketStatus[];
  readonly priorities: readonly Priority[];
  readonly types: readonly TicketType[];
  readonly channels: readonly Channel[];
  readonly teamIds: readonly string[];
  readonly assigneeIds: readonly string[];
  /** `assignee=unassigned`: tickets without an agent (alone or besides `assigneeIds`). */
  readonly unassigned: boolean;
  readonly customerIds: readonly string[];
  /** Lower-case, like the tags stored on tickets. */
  readonly tags: readonly string[];
  /** Inclusive lower and exclusive upper bounds, ISO-8601 instants. */
  readonly createdFrom?: string;
  readonly createdTo?: string;
  readonly updatedFrom?: string;
  readonly updatedTo?: string;
  /** Case-insensitive substring of the subject. */
  readonly text?: string;
  readonly visibility: TicketVisibility;
}

/**
 * Where a keyset page starts: the sort key of the last row of the previous page. Timestamps are
 * kept to the microsecond (what PostgreSQL stores), as text, so no rounding can skip a row.
 */
export interface SortKey {
  readonly sort: ListSort;
  readonly order: SortOrder;
  /** Only for sort=priority: 0 (low) … 3 (urgent). */
  readonly rank?: number;
  /** created_at (sort created or priority) or updated_at (sort updated). */
  readonly at: string;
  readonly id: string;
}

export interface TicketListPageRequest {
  readonly criteria: TicketListCriteria;
  readonly sort: ListSort;
  readonly order: SortOrder;
  readonly after?: SortKey;
  readonly limit: number;
}

export const NO_FILTERS: Omit<TicketListCriteria, 'visibility'> = {
  statuses: [],
  priorities: [],
  types: [],
  channels: [],
  teamIds: [],
  assigneeIds: [],
  unassigned: false,
  customerIds: [],
  tags: [],
};
