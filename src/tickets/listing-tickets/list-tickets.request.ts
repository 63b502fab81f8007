/**
 * From validated query parameters to a page request: CSV split into lists, bare dates made
 * instants, the cursor decoded against the requested sort. Checks that need more than one field
 * (a range ending before it starts, a cursor of another sort) are 400s naming the field too.
 */
import type { FieldError } from '../../platform/http/problem-details';
import { validationProblem } from '../../platform/http/validation';
import type { Channel, Priority, TicketStatus, TicketType } from '../ticket.values';
import { UNASSIGNED, type ListTicketsQuery } from './list-tickets.query.dto';
import {
  DEFAULT_LIST_LIMIT,
  DEFAULT_LIST_SORT,
  DEFAULT_SORT_ORDER,
  type TicketListPageRequest,
  type TicketVisibility,
} from './ticket-list.criteria';
import { decodeCursor, InvalidCursorError } from './ticket-list.cursor';

function listOf<T extends string = string>(csv: string | undefined): T[] {
  if (csv === undefined) return [];
  return [...new Set(csv.split(','))] as T[];
}

/** `2026-01-31` is midnight UTC; anything else already names its offset. */
function instantOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
}

function rangeError(
  from: string | undefined,
  to: string | undefined,
  fromField: string,
  toField: string,
): FieldError | undefined {
  if (from === undefined || to === undefined) return undefined;
  if (Date.parse(from) < Date.parse(to)) return undefined;
  return {
    field: toField,
    message: `${toField} must be later than ${fromField} (the range is [${fromField}, ${toField}))`,
    code: 'range',
  };
}

/**
 * Checks and converts the query; the caller adds who may see what (`visibility`) once the
 * request is known to be valid, so a bad request costs no directory lookup.
 */
export function pageRequestOf(
  query: ListTicketsQuery,
): (visibility: TicketVisibility) => TicketListPageRequest {
  const sort = query.sort ?? DEFAULT_LIST_SORT;
  const order = query.order ?? DEFAULT_SORT_ORDER;
  const createdFrom = instantOf(query.createdFrom);
  const createdTo = instantOf(query.createdTo);
  const updatedFrom = instantOf(query.updatedFrom);
  const updatedTo = instantOf(query.updatedTo);
  const errors: FieldError[] = [];
  const created = rangeError(createdFrom, createdTo, 'createdFrom', 'createdTo');
  const updated = rangeError(updatedFrom, updatedTo, 'updatedFrom', 'updatedTo');
  if (created) errors.push(created);
  if (updated) errors.push(updated);

  let after: TicketListPageRequest['after'];
  if (query.cursor !== undefined) {
    try {
      after = decodeCursor(query.cursor, sort, order);
    } catch (error) {
      if (!(error instanceof InvalidCursorError)) throw error;
      errors.push({ field: 'cursor', message: error.message, code: 'cursor' });
    }
  }
  if (errors.length > 0) throw validationProblem(errors);

  const assignees = listOf(query.assignee);
  return (visibility) => ({
    criteria: {
      statuses: listOf<TicketStatus>(query.status),
      priorities: listOf<Priority>(query.priority),
      types: listOf<TicketType>(query.type),
      channels: listOf<Channel>(query.channel),
      teamIds: listOf(query.team),
      assigneeIds: assignees.filter((id) => id !== UNASSIGNED),
      unassigned: assignees.includes(UNASSIGNED),
      customerIds: listOf(query.customer),
      tags: [...new Set(listOf(query.tag).map((tag) => tag.trim().toLowerCase()))].filter(
        (tag) => tag !== '',
      ),
      createdFrom,
      createdTo,
      updatedFrom,
      updatedTo,
      text: query.q,
      visibility,
    },
    sort,
    order,
    after,
    limit: query.limit ?? DEFAULT_LIST_LIMIT,
  });
}
