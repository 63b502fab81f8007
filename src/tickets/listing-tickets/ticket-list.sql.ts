/**
 * The SQL of one `GET /tickets` page. Exported on its own so the benchmark EXPLAINs exactly the
 * statement the API runs.
 *
 * Keyset pagination: `WHERE (sort columns) < (key of the last row served)` (`>` ascending),
 * `ORDER BY` the same columns, `LIMIT limit + 1` (the extra row only says whether a next page
 * exists). Every sort ends in `id`, so the order is total and the key identifies one position.
 * Filters with one value are written as `col = $n` (an index on `(col, sort…)` then yields rows
 * already in order); several values as `col = ANY($n)`. No output column is named like a table
 * column: ORDER BY would take the output column (text) and no index could serve the sort.
 */
import { priorityRank } from './ticket-list.row';
import type {
  ListSort,
  SortKey,
  TicketListCriteria,
  TicketListPageRequest,
} from './ticket-list.criteria';

export interface SqlQuery {
  readonly text: string;
  readonly values: unknown[];
}

/** A timestamp as the cursor keeps it: UTC, microseconds. */
const KEY_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;
const ISO_FORMAT = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

export const LIST_COLUMNS = `id, subject, status, priority, priority_rank, type, channel, team_id,
  assignee_id, customer_id, customer_name, customer_tier, tags, language, support_level,
  to_char(created_at AT TIME ZONE 'UTC', ${ISO_FORMAT}) AS created_iso,
  to_char(updated_at AT TIME ZONE 'UTC', ${ISO_FORMAT}) AS updated_iso,
  to_char(created_at AT TIME ZONE 'UTC', ${KEY_FORMAT}) AS created_key,
  to_char(updated_at AT TIME ZONE 'UTC', ${KEY_FORMAT}) AS updated_key,
  revision::text AS revision`;

/** The row shape LIST_COLUMNS produces. */
export interface TicketListRecord {
  id: string;
  subject: string;
  status: string;
  priority: string;
  priority_rank: number;
  type: string;
  channel: string;
  team_id: string | null;
  assignee_id: string | null;
  customer_id: string;
  customer_name: string;
  customer_tier: string;
  tags: string[];
  language: string;
  support_level: number;
  created_iso: string;
  updated_iso: string;
  created_key: string;
  updated_key: string;
  revision: string;
}

const SORT_COLUMNS: Readonly<Record<ListSort, readonly string[]>> = {
  created: ['created_at', 'id'],
  updated: ['updated_at', 'id'],
  priority: ['priority_rank', 'created_at', 'id'],
};

/** The sort key of a served row, to continue after it. */
export function sortKeyOf(
  record: TicketListRecord,
  sort: ListSort,
  order: SortKey['order'],
): SortKey {
  return {
    sort,
    order,
    ...(sort === 'priority' ? { rank: record.priority_rank } : {}),
    at: sort === 'updated' ? record.updated_key : record.created_key,
    id: record.id,
  };
}

/** Escapes LIKE's wildcards so the text is matched literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

class Conditions {
  readonly parts: string[] = [];
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  anyOf(column: string, values: readonly (string | number)[], cast = 'text'): void {
    if (values.length === 0) return;
    if (values.length === 1) this.parts.push(`${column} = ${this.param(values[0])}`);
    else this.parts.push(`${column} = ANY(${this.param([...values])}::${cast}[])`);
  }

  range(column: string, from: string | undefined, to: string | undefined): void {
    if (from !== undefined) this.parts.push(`${column} >= ${this.param(from)}::timestamptz`);
    if (to !== undefined) this.parts.push(`${column} < ${this.param(to)}::timestamptz`);
  }
}

function addFilters(where: Conditions, criteria: TicketListCriteria): void {
  where.anyOf('status', criteria.statuses);
  // By rank, so that (priority_rank, created_at, id) serves "urgent tickets, newest first".
  where.anyOf('priority_rank', criteria.priorities.map(priorityRank), 'smallint');
  where.anyOf('type', criteria.types);
  where.anyOf('channel', criteria.channels);
  where.anyOf('team_id', criteria.teamIds);
  where.anyOf('customer_id', criteria.customerIds);
  if (criteria.unassigned && criteria.assigneeIds.length > 0) {
    where.parts.push(
      `(assignee_id IS NULL OR assignee_id = ANY(${where.param([...criteria.assigneeIds])}::text[]))`,
    );
  } else if (criteria.unassigned) {
    where.parts.push('assignee_id IS NULL');
  } else {
    where.anyOf('assignee_id', criteria.assigneeIds);
  }
  if (criteria.tags.length > 0) {
    where.parts.push(`tags && ${where.param([...criteria.tags])}::text[]`);
  }
  where.range('created_at', criteria.createdFrom, criteria.createdTo);
  where.range('updated_at', criteria.updatedFrom, criteria.updatedTo);
  if (criteria.text !== undefined) {
    where.parts.push(`subject ILIKE ${where.param(likePattern(criteria.text))}`);
  }
  const visibility = criteria.visibility;
  if (visibility !== 'all') {
    const agent = where.param(visibility.agentId);
    where.parts.push(
      visibility.teamIds.length === 0
        ? `assignee_id = ${agent}`
        : `(assignee_id = ${agent} OR team_id = ANY(${where.param([...visibility.teamIds])}::text[]))`,
    );
  }
}

function addKeyset(where: Conditions, sort: ListSort, key: SortKey): void {
  const columns = SORT_COLUMNS[sort];
  const values: string[] = [];
  if (sort === 'priority') values.push(`${where.param(key.rank)}::smallint`);
  values.push(`${where.param(key.at)}::timestamptz`, `${where.param(key.id)}::text`);
  const operator = key.order === 'desc' ? '<' : '>';
  where.parts.push(`(${columns.join(', ')}) ${operator} (${values.join(', ')})`);
}

/**
 * The statement for one page; it returns up to `limit + 1` rows. The page is chosen in a
 * subquery and formatted outside it, so the formatting (to_char) runs on the page's rows only,
 * never on every candidate a plan may sort.
 */
export function listTicketsSql(request: TicketListPageRequest): SqlQuery {
  const where = new Conditions();
  addFilters(where, request.criteria);
  if (request.after) addKeyset(where, request.sort, request.after);
  const direction = request.order === 'desc' ? 'DESC' : 'ASC';
  const orderBy = SORT_COLUMNS[request.sort].map((column) => `${column} ${direction}`).join(', ');
  const limit = where.param(request.limit + 1);
  const condition = where.parts.length > 0 ? `WHERE ${where.parts.join(' AND ')}` : '';
  return {
    text:
      `SELECT ${LIST_COLUMNS} FROM (SELECT * FROM ticket_list ${condition} ` +
      `ORDER BY ${orderBy} LIMIT ${limit}) page ORDER BY ${orderBy}`,
    values: where.values,
  };
}
