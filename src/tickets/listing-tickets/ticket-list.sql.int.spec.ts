/**
 * The index design, checked on the real schema: for each common filter + sort the page can be
 * read in order from one index, with no sort step. The planner is told to avoid sequential
 * scans, bitmap scans and sorts (on a tiny table it would rightly prefer them), so a plan that
 * still sorts means no index yields that order — the page would cost a sort of every match at a
 * million tickets. The timings themselves are in `npm run bench:tickets`.
 */
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import {
  NO_FILTERS,
  type ListSort,
  type SortOrder,
  type TicketListCriteria,
} from './ticket-list.criteria';
import { listTicketsSql } from './ticket-list.sql';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('ticket list SQL and indexes', () => {
  let database: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    client = new Client({ connectionString: database.url });
    await client.connect();
    await client.query('SET enable_seqscan = off');
    await client.query('SET enable_bitmapscan = off');
    await client.query('SET enable_sort = off');
  });

  afterAll(async () => {
    await client.end();
    await database.drop();
  });

  async function plan(
    filters: Partial<TicketListCriteria>,
    sort: ListSort,
    order: SortOrder,
    after = false,
  ): Promise<PlanNode[]> {
    const sql = listTicketsSql({
      criteria: { ...NO_FILTERS, visibility: 'all', ...filters },
      sort,
      order,
      limit: 50,
      ...(after
        ? {
            after: {
              sort,
              order,
              ...(sort === 'priority' ? { rank: 2 } : {}),
              at: '2026-01-05T09:00:00.000000Z',
              id: 'x',
            },
          }
        : {}),
    });
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${sql.text}`,
      sql.values,
    );
    return nodes(rows[0]?.['QUERY PLAN'][0].Plan);
  }

  const cases: [string, Partial<TicketListCriteria>, ListSort, string][] = [
    ['no filter, by created', {}, 'created', 'IDX_ticket_list_created'],
    ['no filter, by updated', {}, 'updated', 'IDX_ticket_list_updated'],
    ['no filter, by priority', {}, 'priority', 'IDX_ticket_list_priority'],
    ['one status, by created', { statuses: ['open'] }, 'created', 'IDX_ticket_list_status_created'],
    ['one status, by updated', { statuses: ['open'] }, 'updated', 'IDX_ticket_list_status_updated'],
    [
      'one status, by priority',
      { statuses: ['new'] },
      'priority',
      'IDX_ticket_list_status_priority',
    ],
    ['one priority, by created', { priorities: ['urgent'] }, 'created', 'IDX_ticket_list_priority'],
    ['one team, by created', { teamIds: ['team-1'] }, 'created', 'IDX_ticket_list_team_created'],
    [
      'one assignee, by created',
      { assigneeIds: ['agent-1'] },
      'created',
      'IDX_ticket_list_assignee_created',
    ],
    [
      'unassigned, by created',
      { unassigned: true },
      'created',
      'IDX_ticket_list_unassigned_created',
    ],
    [
      'unassigned, by priority',
      { unassigned: true },
      'priority',
      'IDX_ticket_list_unassigned_priority',
    ],
    [
      'one customer, by created',
      { customerIds: ['cust-1'] },
      'created',
      'IDX_ticket_list_customer_created',
    ],
  ];

  describe.each(['desc', 'asc'] as const)('%s', (order) => {
    it.each(cases)('%s: read in order from one index, no sort', async (_, filters, sort, index) => {
      for (const after of [false, true]) {
        const found = await plan(filters, sort, order, after);
        const types = found.map((node) => node['Node Type']);
        expect(types).not.toContain('Sort');
        expect(types).not.toContain('Seq Scan');
        expect(found.map((node) => node['Index Name']).filter(Boolean)).toEqual([index]);
      }
    });
  });
});
